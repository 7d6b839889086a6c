package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The tamper-evident evidence store: a SQLite file of hash-chained records, signed checkpoints,
 * and a directory of pcap slices.
 *
 * <pre>{@code
 * try (EvidenceStore store = EvidenceStore.open(db, cfg, clock, notices, metrics)) {
 *   store.append(record);              // queues; the writer thread commits in batches
 *   store.onSession(session);          // SessionRecords mapping
 *   PacketRecorder rec = store.recorder();
 *   store.flush();                     // waits until everything queued so far is committed
 * }                                    // close(): drains, signs the head, closes the file
 * }</pre>
 *
 * <pre>
 *  callers ──append──► [bounded queue] ──► vigie-evidence-writer ──batch──► SQLite (WAL, FULL)
 *                                             │ every N records / T seconds / close
 *                                             └─► checkpoint record + log line + metric
 * </pre>
 *
 * <p>When the queue is full, {@link #append} waits for the writer (evidence is not dropped to keep
 * the caller fast). A batch that cannot be committed (disk full) is rolled back, counted, noticed
 * and retried; what was committed before is never touched.
 */
public final class EvidenceStore implements EvidenceSink, SessionSink, NoticeSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.vigie.evidence");
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration RETENTION_SCAN = Duration.ofHours(1);

  private final StorePaths paths;
  private final EvidenceConfig cfg;
  private final Clock clock;
  private final NoticeSink notices;
  private final EvidenceMetrics metrics;
  private final SigningKey key;
  private final ChainWriter writer;
  private final BlockingQueue<Object> queue;
  private final SliceRecorder recorder;
  private final Thread thread;
  private volatile boolean closed;

  private record Flush(CompletableFuture<Long> done) {}

  private record SliceDone(Path file, EvidenceRecord record) {}

  private static final Object CLOSE = new Object();

  private EvidenceStore(StorePaths paths, EvidenceConfig cfg, Clock clock, NoticeSink notices,
      EvidenceMetrics metrics, SigningKey key, ChainWriter writer) throws IOException {
    this.paths = paths;
    this.cfg = cfg;
    this.clock = clock;
    this.notices = notices;
    this.metrics = metrics;
    this.key = key;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(cfg.queueCapacity());
    this.recorder = new SliceRecorder(paths.sliceDir(), cfg, metrics, notices, this::sliceDone);
    this.thread = new Thread(this::run, "vigie-evidence-writer");
  }

  /**
   * Opens (creating if needed) the store at {@code db}, its key and slice directory as
   * {@link StorePaths#of} says, and starts the writer thread. Records what the opening found: a
   * new key, or records a crash left unsigned (which it then signs).
   */
  public static EvidenceStore open(Path db, EvidenceConfig cfg, Clock clock, NoticeSink notices,
      EvidenceMetrics metrics) throws IOException {
    StorePaths paths = StorePaths.of(db, cfg);
    Path parent = db.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.createDirectories(paths.sliceDir());
    SigningKey key = SigningKey.loadOrCreate(paths.keyFile(), paths.pubFile());
    ChainWriter writer;
    try {
      writer = ChainWriter.open(db);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot open evidence store: " + e.getMessage(), e);
    }
    try {
      EvidenceStore store = new EvidenceStore(paths, cfg, clock, notices, metrics, key, writer);
      store.start();
      return store;
    } catch (IOException | SQLException | RuntimeException e) {
      try {
        writer.close();
      } catch (SQLException s) {
        e.addSuppressed(s);
      }
      throw e instanceof IOException io ? io : new IOException(db + ": " + e.getMessage(), e);
    }
  }

  private void start() throws SQLException {
    long bad = writer.checkTail();
    metrics.chainStatus(bad < 0);
    if (bad >= 0) {
      LOG.log(System.Logger.Level.ERROR, "evidence chain broken at record {0} of {1}; run "
          + "'vigie evidence verify' on it", bad, paths.db());
      notices.onNotice(new Notice(nowNanos(), "evidence_chain_broken", Severity.CRITICAL,
          "evidence_chain_broken:" + paths.db(), null,
          "The evidence store " + paths.db() + " fails its chain check at record " + bad + ".",
          null, null));
    }
    List<ChainWriter.Row> opening = new ArrayList<>();
    String fp = SigningKey.fingerprint(key.publicKey());
    if (!fp.equals(writer.lastKeyFingerprint())) {
      opening.add(ChainWriter.Row.of(new EvidenceRecord("key", nowNanos(), null, Map.of(
          "fingerprint", fp,
          "public_key", java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded())))));
    }
    long unsigned = writer.head() == 0 ? 0 : writer.unsigned();
    opening.add(ChainWriter.Row.of(new EvidenceRecord("store_opened", nowNanos(), null, Map.of(
        "unsigned_records_found", unsigned, "chain_intact", bad < 0))));
    ChainWriter.Committed c = writer.commit(opening, key, nowNanos());
    published(c);
    thread.start();
  }

  public StorePaths paths() {
    return paths;
  }

  /** CPU time the writer thread has used so far, or -1 when the JVM cannot tell (for the bench). */
  public long writerCpuNanos() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(thread.getId()) : -1;
  }

  public PublicKey publicKey() {
    return key.publicKey();
  }

  @Override
  public void append(EvidenceRecord record) {
    enqueue(record);
  }

  /** Keeps a finished session (see {@link SessionRecords}). */
  public void append(Session session) {
    enqueue(SessionRecords.of(session));
  }

  @Override
  public void onSession(Session session) {
    append(session);
  }

  @Override
  public void onNotice(Notice notice) {
    enqueue(Notices.of(notice));
  }

  /** Records pcap slices of flagged flows into the slice directory. */
  public PacketRecorder recorder() {
    return recorder;
  }

  /**
   * Waits until every record queued before this call has been through a commit attempt.
   *
   * @return id of the last committed record
   */
  public long flush() {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (!enqueue(new Flush(done))) {
      return -1;
    }
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException e) {
      throw new IllegalStateException("evidence writer failed", e.getCause());
    }
  }

  /** Drains the queue, signs the head, closes the database. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(CLOSE);
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void sliceDone(Path file, EvidenceRecord record) {
    enqueue(new SliceDone(file, record));
  }

  private boolean enqueue(Object o) {
    if (closed) {
      metrics.dropped(1);
      return false;
    }
    try {
      queue.put(o);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.dropped(1);
      return false;
    }
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ---- writer thread ---------------------------------------------------------------------------

  private final ArrayDeque<ChainWriter.Row> pending = new ArrayDeque<>();
  private final List<CompletableFuture<Long>> waiters = new ArrayList<>();
  private final List<Object> batch = new ArrayList<>();
  private long committedHead;
  private long lastCheckpointNanos;
  private long retentionScannedTo;
  private long nextRetentionScan;
  private boolean failing;
  private String lastFailure;

  private void run() {
    committedHead = writer.head();
    lastCheckpointNanos = nowNanos();
    boolean stop = false;
    try {
      while (!stop) {
        batch.clear();
        Object first;
        try {
          first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          continue; // only close() ends this thread, through the queue
        }
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, cfg.batchSize() - 1);
        }
        for (Object o : batch) {
          if (o == CLOSE) {
            stop = true;
          } else if (o instanceof Flush f) {
            waiters.add(f.done());
          } else if (o instanceof EvidenceRecord r) {
            take(r);
          } else if (o instanceof SliceDone s) {
            force(s.file());
            take(s.record());
          }
        }
        long now = nowNanos();
        boolean checkpointDue = stop
            || writer.unsigned() + pending.size() >= cfg.checkpointRecords()
            || now - lastCheckpointNanos >= cfg.checkpointSeconds() * 1_000_000_000L;
        if (!pending.isEmpty() || (checkpointDue && writer.unsigned() > 0)) {
          commit(checkpointDue, now);
        } else if (checkpointDue) {
          lastCheckpointNanos = now; // nothing to sign: wait a full period again, not spin
        }
        if (now >= nextRetentionScan) {
          expireSlices(now);
        }
        for (CompletableFuture<Long> w : waiters) {
          w.complete(committedHead);
        }
        waiters.clear();
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "evidence writer stopped", e);
      for (CompletableFuture<Long> w : waiters) {
        w.completeExceptionally(e);
      }
    } finally {
      if (!pending.isEmpty()) {
        LOG.log(System.Logger.Level.ERROR, "evidence store closed with {0} records not committed",
            pending.size());
        metrics.dropped(pending.size());
      }
      try {
        writer.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.ERROR, "closing the evidence database failed", e);
      }
      // Anyone still waiting gets an answer rather than a hang.
      for (Object o : queue.toArray()) {
        if (o instanceof Flush f) {
          f.done().complete(committedHead);
        }
      }
    }
  }

  private long pollMillis() {
    if (!pending.isEmpty()) {
      return RETRY.toMillis();
    }
    long untilCheckpoint = lastCheckpointNanos + cfg.checkpointSeconds() * 1_000_000_000L - nowNanos();
    return Math.max(10, Math.min(untilCheckpoint / 1_000_000L, RETENTION_SCAN.toMillis()));
  }

  private void take(EvidenceRecord r) {
    pending.add(ChainWriter.Row.of(r));
    // A disk that stays full must not take the heap with it: beyond one queue's worth, the
    // oldest uncommitted records are given up, counted.
    while (pending.size() > cfg.queueCapacity()) {
      pending.poll();
      metrics.dropped(1);
    }
  }

  private void commit(boolean checkpoint, long now) {
    List<ChainWriter.Row> rows = new ArrayList<>(pending);
    try {
      ChainWriter.Committed c = writer.commit(rows, checkpoint ? key : null, now);
      pending.clear();
      committedHead = writer.head();
      published(c);
      if (failing) {
        failing = false;
        lastFailure = null;
        LOG.log(System.Logger.Level.INFO, "evidence writes work again");
      }
    } catch (SQLException | RuntimeException e) {
      metrics.writeFailed();
      if (!e.getMessage().equals(lastFailure)) {
        lastFailure = e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "evidence commit failed: {0}", e.getMessage());
      }
      if (!failing) {
        failing = true;
        LOG.log(System.Logger.Level.ERROR, "evidence commit failed, {0} records kept for retry: {1}",
            rows.size(), e.getMessage());
        notices.onNotice(new Notice(now, "evidence_write_failed", Severity.CRITICAL,
            "evidence_write_failed:" + paths.db(), null,
            "Evidence cannot be written to " + paths.db() + " (" + e.getMessage()
                + "); records are kept in memory and retried, committed evidence is intact.",
            null, null));
      }
    }
  }

  private void published(ChainWriter.Committed c) {
    metrics.committed(c.rows(), c.bytes());
    if (c.checkpoint() != null) {
      ChainWriter.Checkpoint cp = c.checkpoint();
      lastCheckpointNanos = cp.tsNanos();
      // Published outside the database: a log line (to the journal / syslog) and a metric.
      LOG.log(System.Logger.Level.INFO, "evidence checkpoint db={0} head_id={1} head_hash={2} key={3}",
          paths.db(), Long.toString(cp.headId()), cp.headHash(),
          SigningKey.fingerprint(key.publicKey()));
      metrics.checkpoint(cp.headId(), cp.headHash(), cp.tsNanos());
    }
  }

  private static void force(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true); // the slice is on disk before the record that vouches for it
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot fsync slice {0}: {1}", file, e.getMessage());
    }
  }

  /** Deletes slices older than the retention period, recording each deletion in the chain. */
  private void expireSlices(long now) {
    nextRetentionScan = now + RETENTION_SCAN.toNanos();
    long cutoff = now - TimeUnit.DAYS.toNanos(cfg.retentionDays());
    if (cutoff <= retentionScannedTo) {
      return;
    }
    try {
      for (String[] s : writer.slicesBetween(retentionScannedTo, cutoff)) {
        Path file = paths.sliceDir().resolve(s[1]);
        long size = Files.exists(file) ? Files.size(file) : -1;
        if (size >= 0) {
          Files.delete(file);
          recorder.released(size);
          take(new EvidenceRecord("slice_expired", now, null, Map.of(
              "slice_id", Long.parseLong(s[0]), "file", s[1], "sha256", s[2],
              "retention_days", cfg.retentionDays())));
        }
      }
      retentionScannedTo = cutoff;
      if (!pending.isEmpty()) {
        commit(false, now);
      }
    } catch (SQLException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "evidence retention scan failed: {0}", e.getMessage());
    }
  }
}
