package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.function.LongSupplier;

/** Notifications waiting to be sent (first attempts and retries), read from the notifier. */
final class NotifyQueueCollector extends Collector implements Collector.Describable {
  private final LongSupplier queued;

  NotifyQueueCollector(LongSupplier queued) {
    this.queued = queued;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily g = family();
    g.addMetric(List.of(), queued.getAsLong());
    return List.of(g);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(family());
  }

  private static GaugeMetricFamily family() {
    return new GaugeMetricFamily(
        "vigie_notifications_queued",
        "Notifications waiting to be sent: first attempts and retries waiting for their time.",
        List.of());
  }
}
