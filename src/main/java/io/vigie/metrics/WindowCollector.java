package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** Maintenance windows by state; a state once seen stays exported, at 0 when empty. */
final class WindowCollector extends Collector implements Collector.Describable {
  private static final int MAX_STATES = 16;

  private final WindowView view;
  private final Set<String> seen = new ConcurrentSkipListSet<>();

  WindowCollector(WindowView view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Map<String, Long> counts = view.countByState();
    for (String state : counts.keySet()) {
      // States come from code, not traffic; the cap only guards against a bug turning IDs into
      // states.
      if (seen.size() < MAX_STATES) {
        seen.add(state);
      }
    }
    GaugeMetricFamily g = family();
    for (String state : seen) {
      g.addMetric(List.of(state), counts.getOrDefault(state, 0L));
    }
    return List.of(g);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(family());
  }

  private static GaugeMetricFamily family() {
    return new GaugeMetricFamily(
        "vigie_windows", "Maintenance windows by state.", List.of("state"));
  }
}
