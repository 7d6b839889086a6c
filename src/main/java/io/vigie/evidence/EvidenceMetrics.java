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
   * A checkpoint was signed and committed. Published outside the database (with a log line) so a
   * wholesale rewrite of the file can be told from the outside.
   */
  default void checkpoint(long headId, String headHash, long tsNanos) {}

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
