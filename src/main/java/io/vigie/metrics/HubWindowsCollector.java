package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code windows.from_hub}: what the sensor read from the hub's windows topic, what it ignored and
 * whether it failed closed, read from the feed's own counters at scrape time.
 */
final class HubWindowsCollector extends Collector implements Collector.Describable {
  private final Supplier<HubWindowsState> view;

  HubWindowsCollector(Supplier<HubWindowsState> view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    HubWindowsState s = view.get();
    GaugeMetricFamily windows = windows();
    windows.addMetric(List.of(), s.windows());
    CounterMetricFamily accepted = accepted();
    accepted.addMetric(List.of(), s.accepted());
    CounterMetricFamily heartbeats = heartbeats();
    heartbeats.addMetric(List.of(), s.heartbeats());
    CounterMetricFamily ignored = ignored();
    // Reasons come from the feed's code (an enum), never from a record.
    for (Map.Entry<String, Long> e : new TreeMap<>(s.ignoredByReason()).entrySet()) {
      ignored.addMetric(List.of(e.getKey()), e.getValue());
    }
    GaugeMetricFamily stale = stale();
    stale.addMetric(List.of(), s.stale() ? 1 : 0);
    GaugeMetricFamily last = lastHeartbeat();
    GaugeMetricFamily age = heartbeatAge();
    if (!Double.isNaN(s.lastHeartbeatEpochSeconds())) {
      last.addMetric(List.of(), s.lastHeartbeatEpochSeconds());
      age.addMetric(List.of(), Math.max(0, s.nowEpochSeconds() - s.lastHeartbeatEpochSeconds()));
    }
    return List.of(windows, accepted, heartbeats, ignored, stale, last, age);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(
        windows(), accepted(), heartbeats(), ignored(), stale(), lastHeartbeat(), heartbeatAge());
  }

  private static GaugeMetricFamily windows() {
    return new GaugeMetricFamily(
        "vigie_hub_windows_published",
        "Windows read from the hub's windows topic (the latest version of each).",
        List.of());
  }

  private static CounterMetricFamily accepted() {
    return new CounterMetricFamily(
        "vigie_hub_windows_accepted_total",
        "Window records from the hub accepted: signed by the hub and passing this site's quorum.",
        List.of());
  }

  private static CounterMetricFamily heartbeats() {
    return new CounterMetricFamily(
        "vigie_hub_windows_heartbeats_total",
        "Signed heartbeats read from the hub's windows topic.",
        List.of());
  }

  private static CounterMetricFamily ignored() {
    return new CounterMetricFamily(
        "vigie_hub_windows_ignored_total",
        "Records of the hub's windows topic ignored, by reason (unsigned, bad_signature, ...).",
        List.of("reason"));
  }

  private static GaugeMetricFamily stale() {
    return new GaugeMetricFamily(
        "vigie_hub_windows_stale",
        "1 while the hub is silent past revocation_grace_seconds and its windows are closed.",
        List.of());
  }

  private static GaugeMetricFamily lastHeartbeat() {
    return new GaugeMetricFamily(
        "vigie_hub_windows_last_heartbeat_timestamp_seconds",
        "When the hub was last heard (the earlier of its heartbeat's time and receipt).",
        List.of());
  }

  private static GaugeMetricFamily heartbeatAge() {
    return new GaugeMetricFamily(
        "vigie_hub_windows_heartbeat_age_seconds",
        "Seconds since the hub was last heard, by the sensor's clock.",
        List.of());
  }
}
