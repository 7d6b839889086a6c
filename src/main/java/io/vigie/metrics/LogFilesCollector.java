package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import java.util.List;
import java.util.function.LongSupplier;

/** {@code outputs.files}: records the disk refused, read from the output at scrape time. */
final class LogFilesCollector extends Collector implements Collector.Describable {
  private final LongSupplier failed;

  LogFilesCollector(LongSupplier failed) {
    this.failed = failed;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    CounterMetricFamily c = family();
    c.addMetric(List.of(), failed.getAsLong());
    return List.of(c);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(family());
  }

  private static CounterMetricFamily family() {
    return new CounterMetricFamily(
        "vigie_log_file_write_failures_total",
        "Records outputs.files could not write (disk full, I/O error); none was left torn.",
        List.of());
  }
}
