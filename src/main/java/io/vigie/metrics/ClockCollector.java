package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.vigie.clock.NtpStatus;
import java.util.List;

/** The host clock against the city's NTP server; evidence timestamps depend on it. */
final class ClockCollector extends Collector implements Collector.Describable {
  private final ClockView view;

  ClockCollector(ClockView view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    NtpStatus s = view.status();
    Families f = new Families();
    List<String> server = List.of(s.server());
    // Before the first answer there is no offset: no series, not a fake 0 that looks healthy.
    if (!Double.isNaN(s.offsetSeconds())) {
      f.offset.addMetric(server, s.offsetSeconds());
      f.delay.addMetric(server, s.delaySeconds());
      f.lastSuccess.addMetric(server, s.lastSuccessEpochSeconds());
    }
    f.queries.addMetric(server, s.queries());
    f.failures.addMetric(server, s.failures());
    return f.all();
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return new Families().all();
  }

  private static final class Families {
    final GaugeMetricFamily offset =
        new GaugeMetricFamily(
            "vigie_clock_offset_seconds",
            "NTP server clock minus this host's clock, from the last successful query.",
            List.of("server"));
    final GaugeMetricFamily delay =
        new GaugeMetricFamily(
            "vigie_clock_ntp_delay_seconds",
            "Round-trip delay of the last successful NTP query.",
            List.of("server"));
    final GaugeMetricFamily lastSuccess =
        new GaugeMetricFamily(
            "vigie_clock_ntp_last_success_timestamp_seconds",
            "Wall time of the last successful NTP query.",
            List.of("server"));
    final CounterMetricFamily queries =
        new CounterMetricFamily(
            "vigie_clock_ntp_queries_total", "NTP queries attempted.", List.of("server"));
    final CounterMetricFamily failures =
        new CounterMetricFamily(
            "vigie_clock_ntp_query_failures_total",
            "NTP queries that timed out or got an unusable answer.",
            List.of("server"));

    List<MetricFamilySamples> all() {
      return List.of(offset, delay, lastSuccess, queries, failures);
    }
  }
}
