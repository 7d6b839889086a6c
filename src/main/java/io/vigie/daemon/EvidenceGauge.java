package io.vigie.daemon;

import io.vigie.evidence.EvidenceMetrics;
import io.vigie.metrics.EvidenceState;
import io.vigie.metrics.EvidenceView;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps what the evidence writer reports, for the scrape thread and the health check: the writer
 * calls in after each batch and checkpoint, the readers see volatile values and never query the
 * database.
 */
public final class EvidenceGauge implements EvidenceMetrics, EvidenceView {
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile long lastHead;
  private volatile long committedAtHead;
  private volatile double lastCheckpointEpochSeconds = Double.NaN;
  private volatile boolean chainOk = true;
  private final AtomicLong truncated = new AtomicLong();
  private volatile java.util.function.LongSupplier dbBytes = () -> -1;
  private volatile long dbMaxBytes = -1;

  /** Reads the database's size at scrape time (a stat, no query) against its cap. */
  public void watchSize(java.util.function.LongSupplier bytes, long max) {
    this.dbBytes = bytes;
    this.dbMaxBytes = max;
  }

  @Override
  public void truncated() {
    truncated.incrementAndGet();
  }

  /** Id and hash together: a scrape must never pair one checkpoint's id with another's hash. */
  private record Head(long id, String hash) {}

  private volatile Head lastCheckpoint = new Head(0, null);
  private final AtomicLong timestampFailures = new AtomicLong();
  private volatile long unstamped;

  @Override
  public void committed(int records, long bytes) {
    committed.addAndGet(records);
  }

  @Override
  public void checkpoint(long headId, String headHash, long tsNanos) {
    lastHead = headId;
    lastCheckpoint = new Head(headId, headHash);
    committedAtHead = committed.get();
    lastCheckpointEpochSeconds = tsNanos / 1e9;
  }

  @Override
  public void timestampFailed() {
    timestampFailures.incrementAndGet();
  }

  @Override
  public void timestampGap(long checkpoints) {
    unstamped = checkpoints;
  }

  @Override
  public void chainStatus(boolean intact) {
    chainOk = intact;
  }

  @Override
  public void writeFailed() {
    writeFailures.incrementAndGet();
  }

  @Override
  public void dropped(long records) {
    dropped.addAndGet(records);
  }

  @Override
  public EvidenceState state() {
    // The head of the last checkpoint plus what was committed since: records in the chain.
    Head head = lastCheckpoint;
    return new EvidenceState(
        lastHead + Math.max(0, committed.get() - committedAtHead),
        lastCheckpointEpochSeconds,
        chainOk,
        head.id(),
        head.hash(),
        timestampFailures.get(),
        unstamped,
        dbBytes.getAsLong(),
        dbMaxBytes,
        truncated.get());
  }

  public long writeFailures() {
    return writeFailures.get();
  }

  public long dropped() {
    return dropped.get();
  }
}
