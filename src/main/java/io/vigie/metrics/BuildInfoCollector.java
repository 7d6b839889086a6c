package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * {@code vigie_build_info} (always 1, so {@code absent()} tells a missing vigie from a silent one)
 * and the process start time (a restart shows as a jump).
 */
final class BuildInfoCollector extends Collector implements Collector.Describable {
  private final String version;
  private final String javaVersion;
  private final double startEpochSeconds;

  BuildInfoCollector(String version, String javaVersion, double startEpochSeconds) {
    this.version = version;
    this.javaVersion = javaVersion;
    this.startEpochSeconds = startEpochSeconds;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> out = describe();
    ((GaugeMetricFamily) out.get(0)).addMetric(List.of(version, javaVersion), 1);
    ((GaugeMetricFamily) out.get(1)).addMetric(List.of(), startEpochSeconds);
    return out;
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(
        new GaugeMetricFamily(
            "vigie_build_info", "vigie's version; always 1.", List.of("version", "java_version")),
        new GaugeMetricFamily(
            "vigie_start_time_seconds", "When this vigie process started.", List.of()));
  }
}
