package io.vigie.evidence;

/**
 * What the evidence store reports for monitoring; the metrics package adapts it to Prometheus.
 * Called from the writer thread (and from the pipeline thread for slice events); implementations
 * must be cheap and thread-safe.
 */
public interface EvidenceMetrics {
  /** A batch was committed: {@code records} rows, {@code bytes} of canonical content. */
  default void committed(int records, long bytes) {}

  /**
   * A checkpoint was signed and committed: {@code headId} and {@code headHash} are the checkpoint
   * record's own id and hash (which cover its signature). Published outside the database (anchor
   * file, log line, metric) so a wholesale rewrite of the file can be told from the outside.
   */
  default void checkpoint(long headId, String headHash, long tsNanos) {}

  /** A checkpoint could not be appended to the anchor file (it is still logged and signed). */
  default void anchorFailed() {}

  /** A TSA stamped checkpoint {@code checkpointId} (called from the vigie-evidence-tsa thread). */
  default void timestamped(long checkpointId) {}

  /** One time-stamp request failed (unreachable, refused, bad token); it is retried. */
  default void timestampFailed() {}

  /**
   * Checkpoints in a row that got no token from any TSA after all retries; 0 again once one is
   * stamped (it covers the records of those before it).
   */
  default void timestampGap(long checkpoints) {}

  /** At open: whether the records since the last checkpoint still chain and hash correctly. */
  default void chainStatus(boolean intact) {}

  /** A batch could not be committed (disk full, I/O error); it is kept and retried. */
  default void writeFailed() {}

  /** Records given up on (store closed, or the retry backlog overflowed). */
  default void dropped(long records) {}

  /** A record was cut to record_max_bytes (its longest texts, marked). */
  default void truncated() {}

  /** A pcap slice was completed with this many bytes. */
  default void sliceWritten(long bytes) {}

  /** A pcap slice was refused, truncated or lost. */
  default void sliceError(SliceError reason) {}

  /** Why a slice did not go as asked; the names are metric labels. */
  enum SliceError {
    /** Writing failed (disk full, I/O error); the partial file was removed. */
    WRITE_FAILED("write_failed"),
    /** The slice reached slice_max_bytes and stopped growing. */
    SLICE_CAP("slice_cap"),
    /** A previous write failed and the disk is still (nearly) full; the slice was not started. */
    DISK_FULL("disk_full"),
    /** All slices together reached store_max_bytes; the slice was not started. */
    STORE_CAP("store_cap");

    private final String label;

    SliceError(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  EvidenceMetrics NONE = new EvidenceMetrics() {};
}
