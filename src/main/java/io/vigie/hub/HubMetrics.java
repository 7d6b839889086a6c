package io.vigie.hub;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The hub's counters on a registry of its own (never the default one):
 *
 * <pre>
 * vigie_hub_records_stored_total{topic}        records newly kept in the hub's store
 * vigie_hub_records_duplicate_total{topic}     records already there (redelivered): ignored
 * vigie_hub_records_malformed_total{topic,reason}  skipped: not_json, too_large, no_site, no_key...
 * vigie_hub_batches_total                      store transactions committed
 * vigie_hub_commit_refused_total               offset commits refused by a rebalance
 * vigie_hub_consumer_errors_total              polls or commits failed (retried with back-off)
 * vigie_hub_consumer_lag                       records behind the partitions' ends (last poll)
 * vigie_hub_store_failures_total               batches the store refused (each attempt; retried)
 * vigie_hub_store_failing                      1 while the store refuses the batch in hand
 * </pre>
 */
public final class HubMetrics {
  private final Counter stored;
  private final Counter duplicate;
  private final Counter malformed;
  private final Counter batches;
  private final Counter commitRefused;
  private final Counter consumerErrors;
  private final Counter storeFailures;
  private final Gauge storeFailing;

  public HubMetrics(CollectorRegistry registry, LongSupplier lag) {
    stored =
        Counter.build("vigie_hub_records_stored_total", "Records newly kept in the hub's store.")
            .labelNames("topic")
            .register(registry);
    duplicate =
        Counter.build(
                "vigie_hub_records_duplicate_total",
                "Records delivered again whose key the store already holds: ignored.")
            .labelNames("topic")
            .register(registry);
    malformed =
        Counter.build("vigie_hub_records_malformed_total", "Records skipped, by reason.")
            .labelNames("topic", "reason")
            .register(registry);
    batches =
        Counter.build("vigie_hub_batches_total", "Store transactions committed.")
            .register(registry);
    commitRefused =
        Counter.build(
                "vigie_hub_commit_refused_total",
                "Offset commits refused by a group rebalance (the records come again).")
            .register(registry);
    consumerErrors =
        Counter.build(
                "vigie_hub_consumer_errors_total",
                "Polls or commits that failed (the consumer retries with back-off).")
            .register(registry);
    storeFailures =
        Counter.build(
                "vigie_hub_store_failures_total",
                "Attempts to write a batch that the store refused (full disk...); retried, the"
                    + " offsets not committed meanwhile.")
            .register(registry);
    storeFailing =
        Gauge.build(
                "vigie_hub_store_failing",
                "1 while the store refuses the batch in hand (the consumer waits, nothing is"
                    + " committed).")
            .register(registry);
    // Computed at scrape time from the consumer's last poll.
    registry.register(
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return List.of(
                new GaugeMetricFamily(
                    "vigie_hub_consumer_lag",
                    "Records behind the ends of the partitions held.",
                    lag.getAsLong()));
          }
        });
  }

  void stored(HubRecord.Kind kind, int n) {
    stored.labels(kind.wireName()).inc(n);
  }

  void duplicate(HubRecord.Kind kind, int n) {
    duplicate.labels(kind.wireName()).inc(n);
  }

  void malformed(String topic, String reason) {
    malformed.labels(topic, reason).inc();
  }

  void batch() {
    batches.inc();
  }

  void commitRefused() {
    commitRefused.inc();
  }

  void consumerError() {
    consumerErrors.inc();
  }

  void storeFailure() {
    storeFailures.inc();
  }

  void storeFailing(boolean failing) {
    storeFailing.set(failing ? 1 : 0);
  }
}
