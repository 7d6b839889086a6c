package io.vigie.kafka;

import java.util.Map;

/**
 * The Kafka output at one moment, read at scrape time ({@code vigie_kafka_*}).
 *
 * @param spoolRecords records in the on-disk spool, not yet acknowledged
 * @param spoolBytes their bytes on disk
 * @param spoolMaxBytes {@code outputs.kafka.spool_max_bytes}
 * @param unspooled records handed over and not yet in the spool (queued in memory)
 * @param heldInMemory notices and checkpoints the spool's disk refused, kept in memory
 * @param sentByTopic records the cluster acknowledged, by topic
 * @param droppedQueueFull sessions dropped because the in-memory queue was full
 * @param droppedSpoolFull sessions dropped, oldest first, because the spool was over its budget
 * @param droppedUnwritable sessions dropped because the spool's disk refused them
 * @param spoolWriteFailures writes the spool's disk refused (each rolled back)
 * @param sendFailures batches the cluster did not acknowledge (each sent again)
 * @param connected whether the last batch sent reached the cluster
 */
public record SpoolStats(
    long spoolRecords,
    long spoolBytes,
    long spoolMaxBytes,
    long unspooled,
    long heldInMemory,
    Map<String, Long> sentByTopic,
    long droppedQueueFull,
    long droppedSpoolFull,
    long droppedUnwritable,
    long spoolWriteFailures,
    long sendFailures,
    boolean connected) {}
