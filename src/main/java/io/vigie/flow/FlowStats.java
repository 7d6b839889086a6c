package io.vigie.flow;

/**
 * Counters of the flow table, read by replay stats and metrics.
 *
 * @param active flows tracked now
 * @param created flows created so far
 * @param evicted flows ended early because the table was full
 * @param sessions sessions reported
 */
public record FlowStats(long active, long created, long evicted, long sessions) {}
