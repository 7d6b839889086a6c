package io.vigie.metrics;

/**
 * The evidence store at scrape time.
 *
 * @param records records in the hash chain
 * @param lastCheckpointEpochSeconds wall time of the last checkpoint, NaN if none yet
 * @param chainOk false once the store has found the chain broken (tampering or corruption)
 */
public record EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk) {}
