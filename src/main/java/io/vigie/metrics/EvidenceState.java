package io.vigie.metrics;

/**
 * The evidence store at scrape time.
 *
 * @param records records in the hash chain
 * @param lastCheckpointEpochSeconds wall time of the last checkpoint, NaN if none yet
 * @param chainOk false once the store has found the chain broken (tampering or corruption)
 * @param dbBytes the database's size on disk, -1 when unknown
 * @param dbMaxBytes its configured cap ({@code evidence.db_max_bytes}), -1 when unknown
 * @param truncated records cut to {@code evidence.record_max_bytes} so far
 */
public record EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk, long dbBytes,
    long dbMaxBytes, long truncated) {
  /** A state without the database's size (not watched). */
  public EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk) {
    this(records, lastCheckpointEpochSeconds, chainOk, -1, -1, 0);
  }
}
