package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gets every checkpoint's statement time-stamped by the configured TSAs, on its own thread ({@code
 * vigie-evidence-tsa}), so that a slow or unreachable TSA never holds up the evidence writer: the
 * writer hands a statement over and goes on; tokens come back as {@code timestamp} records through
 * {@code out}, which the next checkpoint then signs.
 *
 * <pre>
 * writer ──submit(statement)──► [bounded backlog] ──► vigie-evidence-tsa ──► TSA 1..n (retries)
 *                                                          │ token ─► timestamp record ─► store
 *                                                          └ none  ─► counted, gap grows (metric)
 * </pre>
 *
 * <p>A checkpoint that gets no token is a gap, not a failure of the store: the next stamped
 * checkpoint covers every record before it, so the gap closes with the next token.
 */
final class CheckpointStamper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.vigie.evidence");

  /** Statements waiting beyond this are given up (oldest first): a later one covers them. */
  static final int BACKLOG = 64;

  private final List<TimestampAuthority> tsas;
  private final int retries;
  private final Duration backoff;
  private final EvidenceMetrics metrics;
  private final Consumer<EvidenceRecord> out;
  private final Clock clock;
  private final ArrayDeque<CheckpointStatement> backlog = new ArrayDeque<>();
  private final Thread thread;
  private boolean busy;
  private boolean closed;
  private long gap;

  CheckpointStamper(
      List<TimestampAuthority> tsas,
      int retries,
      Duration backoff,
      EvidenceMetrics metrics,
      Consumer<EvidenceRecord> out,
      Clock clock) {
    this.tsas = List.copyOf(tsas);
    this.retries = retries;
    this.backoff = backoff;
    this.metrics = metrics;
    this.out = out;
    this.clock = clock;
    this.thread = new Thread(this::run, "vigie-evidence-tsa");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a statement; never blocks. */
  synchronized void submit(CheckpointStatement s) {
    if (closed) {
      return;
    }
    if (backlog.size() >= BACKLOG) {
      backlog.poll();
      gapGrew(); // given up unasked: a later statement covers its records
    }
    backlog.add(s);
    notifyAll();
  }

  /**
   * Waits until every statement submitted so far has a token or was given up, at most {@code max}.
   * For close (so the last checkpoint gets its token) and for tests.
   *
   * @return true when idle
   */
  synchronized boolean awaitIdle(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (busy || !backlog.isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (!backlog.isEmpty()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "{0} checkpoint(s) closed before a TSA stamped them",
            backlog.size());
      }
      backlog.clear();
      notifyAll();
    }
    thread.interrupt(); // ends a backoff wait; a request in flight ends at its own timeout
  }

  private void run() {
    while (true) {
      CheckpointStatement s;
      synchronized (this) {
        busy = false;
        notifyAll();
        while (backlog.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            // close() sets closed first; re-check it
          }
        }
        if (closed) {
          return;
        }
        s = backlog.poll();
        busy = true;
      }
      try {
        stamp(s);
      } catch (RuntimeException e) {
        // A scheduled task never dies silently: count it as a gap and go on with the next one.
        LOG.log(
            System.Logger.Level.ERROR,
            "time-stamping checkpoint " + s.checkpointId() + " failed",
            e);
        gapGrew();
      }
    }
  }

  private void stamp(CheckpointStatement s) {
    byte[] data = s.bytes();
    boolean any = false;
    for (TimestampAuthority tsa : tsas) {
      for (int attempt = 0; attempt <= retries && !isClosed(); attempt++) {
        if (attempt > 0 && !pause(backoff.multipliedBy(attempt))) {
          break;
        }
        try {
          byte[] token = tsa.stamp(data);
          if (isClosed()) {
            return; // the store is gone; its next opening checkpoint will be stamped instead
          }
          TimestampTokens.Checked c = TimestampTokens.check(token, data, null);
          out.accept(record(s, tsa.name(), token, c.genTime()));
          metrics.timestamped(s.checkpointId());
          any = true;
          break;
        } catch (IOException e) {
          metrics.timestampFailed();
          LOG.log(
              System.Logger.Level.WARNING,
              "event=evidence_timestamp_failed tsa={0} checkpoint_id={1}"
                  + " attempt={2} error=\"{3}\"",
              tsa.name(),
              Long.toString(s.checkpointId()),
              attempt + 1,
              e.getMessage());
        }
      }
    }
    if (any) {
      synchronized (this) {
        gap = 0;
      }
      metrics.timestampGap(0);
    } else {
      gapGrew();
    }
  }

  private void gapGrew() {
    long g;
    synchronized (this) {
      g = ++gap;
    }
    metrics.timestampGap(g);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Waits before a retry; false when closing. */
  private synchronized boolean pause(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (!closed) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        return false;
      }
    }
    return false;
  }

  private EvidenceRecord record(CheckpointStatement s, String tsa, byte[] token, Instant genTime) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("checkpoint_id", s.checkpointId());
    f.put("checkpoint_hash", s.checkpointHash());
    f.put("tsa", tsa);
    f.put("gen_time", genTime.toString());
    f.put("token", Base64.getEncoder().encodeToString(token));
    Instant now = clock.instant();
    return new EvidenceRecord(
        "timestamp", now.getEpochSecond() * 1_000_000_000L + now.getNano(), null, f);
  }
}
