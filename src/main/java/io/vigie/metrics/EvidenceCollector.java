package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/** Size, freshness and integrity of the evidence chain. */
final class EvidenceCollector extends Collector implements Collector.Describable {
  private final EvidenceView view;

  EvidenceCollector(EvidenceView view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    EvidenceState s = view.state();
    CounterMetricFamily records = records();
    records.addMetric(List.of(), s.records());
    GaugeMetricFamily checkpoint = checkpoint();
    // No checkpoint yet: leave the series out rather than export 0 (1970), which would read
    // as "stale for 56 years"; the rule covers the missing series with absent().
    if (!Double.isNaN(s.lastCheckpointEpochSeconds())) {
      checkpoint.addMetric(List.of(), s.lastCheckpointEpochSeconds());
    }
    GaugeMetricFamily chain = chain();
    chain.addMetric(List.of(), s.chainOk() ? 1 : 0);
    GaugeMetricFamily size = dbBytes();
    GaugeMetricFamily max = dbMaxBytes();
    // Unknown sizes are left out rather than exported as 0, which would read as "empty".
    if (s.dbBytes() >= 0) {
      size.addMetric(List.of(), s.dbBytes());
    }
    if (s.dbMaxBytes() > 0) {
      max.addMetric(List.of(), s.dbMaxBytes());
    }
    CounterMetricFamily truncated = truncated();
    truncated.addMetric(List.of(), s.truncated());
    GaugeMetricFamily info = info();
    // Only the latest head: one series at a time, so the label's churn stays one value per
    // checkpoint, and a scraper keeping history holds every head the store published.
    if (s.lastCheckpointHash() != null) {
      info.addMetric(List.of(Long.toString(s.lastCheckpointId()), s.lastCheckpointHash()), 1);
    }
    CounterMetricFamily failures = timestampFailures();
    failures.addMetric(List.of(), s.timestampFailures());
    GaugeMetricFamily gap = unstamped();
    gap.addMetric(List.of(), s.unstampedCheckpoints());
    return List.of(records, checkpoint, chain, info, failures, gap, size, max, truncated);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(
        records(),
        checkpoint(),
        chain(),
        info(),
        timestampFailures(),
        unstamped(),
        dbBytes(),
        dbMaxBytes(),
        truncated());
  }

  private static GaugeMetricFamily dbBytes() {
    return new GaugeMetricFamily(
        "vigie_evidence_db_bytes",
        "Size of the evidence database on disk, with its write-ahead log.",
        List.of());
  }

  private static GaugeMetricFamily dbMaxBytes() {
    return new GaugeMetricFamily(
        "vigie_evidence_db_max_bytes",
        "The configured cap of the evidence database (evidence.db_max_bytes).",
        List.of());
  }

  private static CounterMetricFamily truncated() {
    return new CounterMetricFamily(
        "vigie_evidence_records_truncated",
        "Evidence records whose longest texts were cut to evidence.record_max_bytes.",
        List.of());
  }

  private static GaugeMetricFamily info() {
    return new GaugeMetricFamily(
        "vigie_evidence_checkpoint_info",
        "The last evidence checkpoint: its record id and hash (verify --checkpoint HASH).",
        List.of("checkpoint_id", "head"));
  }

  private static CounterMetricFamily timestampFailures() {
    return new CounterMetricFamily(
        "vigie_evidence_timestamp_failures_total",
        "Time-stamp requests to a TSA that failed (unreachable, refused, bad token); each is retried.",
        List.of());
  }

  private static GaugeMetricFamily unstamped() {
    return new GaugeMetricFamily(
        "vigie_evidence_unstamped_checkpoints",
        "Evidence checkpoints in a row that no TSA time-stamped after all retries; 0 once one is.",
        List.of());
  }

  private static CounterMetricFamily records() {
    return new CounterMetricFamily(
        "vigie_evidence_records_total", "Records appended to the evidence hash chain.", List.of());
  }

  private static GaugeMetricFamily checkpoint() {
    return new GaugeMetricFamily(
        "vigie_evidence_last_checkpoint_timestamp_seconds",
        "Wall time of the last evidence checkpoint.",
        List.of());
  }

  private static GaugeMetricFamily chain() {
    return new GaugeMetricFamily(
        "vigie_evidence_chain_ok",
        "1 while the evidence hash chain verifies, 0 once it was found broken.",
        List.of());
  }
}
