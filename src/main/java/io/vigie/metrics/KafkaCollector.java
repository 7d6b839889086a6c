package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.vigie.kafka.SpoolStats;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code outputs.kafka}: the spool, what was sent and what was dropped, read from the output's own
 * counters at scrape time.
 */
final class KafkaCollector extends Collector implements Collector.Describable {
  private final Supplier<SpoolStats> view;

  KafkaCollector(Supplier<SpoolStats> view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    SpoolStats s = view.get();
    GaugeMetricFamily records = spoolRecords();
    records.addMetric(List.of(), s.spoolRecords());
    GaugeMetricFamily bytes = spoolBytes();
    bytes.addMetric(List.of(), s.spoolBytes());
    GaugeMetricFamily max = spoolMaxBytes();
    max.addMetric(List.of(), s.spoolMaxBytes());
    GaugeMetricFamily queued = queued();
    queued.addMetric(List.of(), s.unspooled());
    GaugeMetricFamily held = held();
    held.addMetric(List.of(), s.heldInMemory());
    CounterMetricFamily sent = sent();
    for (Map.Entry<String, Long> e : s.sentByTopic().entrySet()) {
      sent.addMetric(List.of(e.getKey()), e.getValue());
    }
    CounterMetricFamily dropped = dropped();
    dropped.addMetric(List.of("queue_full"), s.droppedQueueFull());
    dropped.addMetric(List.of("spool_full"), s.droppedSpoolFull());
    dropped.addMetric(List.of("spool_unwritable"), s.droppedUnwritable());
    CounterMetricFamily writeFailures = writeFailures();
    writeFailures.addMetric(List.of(), s.spoolWriteFailures());
    CounterMetricFamily sendFailures = sendFailures();
    sendFailures.addMetric(List.of(), s.sendFailures());
    GaugeMetricFamily connected = connected();
    connected.addMetric(List.of(), s.connected() ? 1 : 0);
    return List.of(
        records, bytes, max, queued, held, sent, dropped, writeFailures, sendFailures, connected);
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(
        spoolRecords(),
        spoolBytes(),
        spoolMaxBytes(),
        queued(),
        held(),
        sent(),
        dropped(),
        writeFailures(),
        sendFailures(),
        connected());
  }

  private static GaugeMetricFamily spoolRecords() {
    return new GaugeMetricFamily(
        "vigie_kafka_spool_records",
        "Records in the Kafka spool on disk, not yet acknowledged by the cluster.",
        List.of());
  }

  private static GaugeMetricFamily spoolBytes() {
    return new GaugeMetricFamily(
        "vigie_kafka_spool_bytes", "Bytes of the records in the Kafka spool.", List.of());
  }

  private static GaugeMetricFamily spoolMaxBytes() {
    return new GaugeMetricFamily(
        "vigie_kafka_spool_max_bytes",
        "The spool's budget (outputs.kafka.spool_max_bytes); over it the oldest sessions go.",
        List.of());
  }

  private static GaugeMetricFamily queued() {
    return new GaugeMetricFamily(
        "vigie_kafka_queued_records",
        "Records handed to the Kafka output and not yet in its spool (in memory).",
        List.of());
  }

  private static GaugeMetricFamily held() {
    return new GaugeMetricFamily(
        "vigie_kafka_held_in_memory_records",
        "Notices and checkpoints the spool's disk refused, kept in memory until it takes them.",
        List.of());
  }

  private static CounterMetricFamily sent() {
    return new CounterMetricFamily(
        "vigie_kafka_records_sent_total",
        "Records the Kafka cluster acknowledged, by topic.",
        List.of("topic"));
  }

  private static CounterMetricFamily dropped() {
    return new CounterMetricFamily(
        "vigie_kafka_records_dropped_total",
        "Sessions never sent to Kafka: queue_full, spool_full (oldest first), spool_unwritable.",
        List.of("reason"));
  }

  private static CounterMetricFamily writeFailures() {
    return new CounterMetricFamily(
        "vigie_kafka_spool_write_failures_total",
        "Writes the spool's disk refused (full, read-only); each was rolled back.",
        List.of());
  }

  private static CounterMetricFamily sendFailures() {
    return new CounterMetricFamily(
        "vigie_kafka_send_failures_total",
        "Batches the Kafka cluster did not acknowledge; each is sent again.",
        List.of());
  }

  private static GaugeMetricFamily connected() {
    return new GaugeMetricFamily(
        "vigie_kafka_connected",
        "1 when the last batch reached the Kafka cluster, 0 after a failed one.",
        List.of());
  }
}
