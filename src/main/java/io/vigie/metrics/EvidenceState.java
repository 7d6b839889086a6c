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
 * @param dbBytes the database's size on disk, -1 when unknown
 * @param dbMaxBytes its configured cap ({@code evidence.db_max_bytes}), -1 when unknown
 * @param truncated records cut to {@code evidence.record_max_bytes} so far
 */
public record EvidenceState(
    long records,
    double lastCheckpointEpochSeconds,
    boolean chainOk,
    long lastCheckpointId,
    String lastCheckpointHash,
    long timestampFailures,
    long unstampedCheckpoints,
    long dbBytes,
    long dbMaxBytes,
    long truncated) {

  /** Before checkpoints were anchored and time-stamped, and without the database's size. */
  public EvidenceState(long records, double lastCheckpointEpochSeconds, boolean chainOk) {
    this(records, lastCheckpointEpochSeconds, chainOk, 0, null, 0, 0, -1, -1, 0);
  }

  /** With the database's size, before checkpoints were anchored. */
  public EvidenceState(
      long records,
      double lastCheckpointEpochSeconds,
      boolean chainOk,
      long dbBytes,
      long dbMaxBytes,
      long truncated) {
    this(
        records,
        lastCheckpointEpochSeconds,
        chainOk,
        0,
        null,
        0,
        0,
        dbBytes,
        dbMaxBytes,
        truncated);
  }

  /** With the anchored checkpoint, without the database's size. */
  public EvidenceState(
      long records,
      double lastCheckpointEpochSeconds,
      boolean chainOk,
      long lastCheckpointId,
      String lastCheckpointHash,
      long timestampFailures,
      long unstampedCheckpoints) {
    this(
        records,
        lastCheckpointEpochSeconds,
        chainOk,
        lastCheckpointId,
        lastCheckpointHash,
        timestampFailures,
        unstampedCheckpoints,
        -1,
        -1,
        0);
  }
}
