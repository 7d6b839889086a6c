package io.vigie.metrics;

/**
 * The evidence store at scrape time.
 *
 * @param records records in the hash chain
 * @param lastCheckpointEpochSeconds wall time of the last checkpoint, NaN if none yet
 * @param chainOk false once the store has found the chain broken (tampering or corruption)
 * @param lastCheckpointId id of the last checkpoint record, 0 if none yet
 * @param lastCheckpointHash its hash (published as a label, so it leaves the appliance), or null
 * @param timestampFailures time-stamp requests that failed so far
 * @param unstampedCheckpoints checkpoints in a row that no TSA stamped (0 once one is)
 */
public record EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk,
    long lastCheckpointId, String lastCheckpointHash, long timestampFailures, long unstampedCheckpoints) {

  /** Before checkpoints were anchored and time-stamped. */
  public EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk) {
    this(records, lastCheckpointEpochSeconds, chainOk, 0, null, 0, 0);
  }
}
