package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Counter;
import java.util.List;

/**
 * Wraps a scrape-time collector so that a component failing to report its state costs its own
 * metrics for one scrape, not the whole scrape (client_java would answer 500 and every alert would
 * see the target down). The failure is counted in {@code
 * vigie_metrics_collect_errors_total{collector}} and logged once per failure streak.
 */
final class Guarded extends Collector implements Collector.Describable {
  private static final System.Logger LOG = System.getLogger(Guarded.class.getName());

  private final String name;
  private final Collector delegate;
  private final Counter.Child errors;
  private volatile boolean failing;

  Guarded(String name, Collector delegate, Counter errors) {
    if (!(delegate instanceof Describable)) {
      throw new IllegalArgumentException(name + " must describe its metrics without collecting");
    }
    this.name = name;
    this.delegate = delegate;
    this.errors = errors.labels(name);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    try {
      List<MetricFamilySamples> out = delegate.collect();
      failing = false;
      return out;
    } catch (RuntimeException e) {
      errors.inc();
      if (!failing) {
        LOG.log(
            System.Logger.Level.WARNING, "metrics of {0} skipped: {1}", name, String.valueOf(e));
        failing = true;
      }
      return List.of();
    }
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return ((Describable) delegate).describe();
  }
}
