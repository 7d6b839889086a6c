package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.function.LongSupplier;

/** Flows tracked right now, read from the flow table's own counter. */
final class FlowCollector extends Collector implements Collector.Describable {
  private final LongSupplier activeFlows;

  FlowCollector(LongSupplier activeFlows) {
    this.activeFlows = activeFlows;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily g = family();
    g.addMetric(List.of(), activeFlows.getAsLong());
    return List.of(g);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(family());
  }

  private static GaugeMetricFamily family() {
    return new GaugeMetricFamily("vigie_flows_active", "Flows in the flow table.", List.of());
  }
}
