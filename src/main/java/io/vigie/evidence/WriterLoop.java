package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The body of the {@code vigie-evidence-writer} thread: takes what {@link EvidenceStore} queued,
 * commits it in batches, signs checkpoints when due, retries failed commits, expires old slices.
 *
 * <pre>
 * loop: wait for the first item (or a checkpoint / retry deadline)
 *       drain up to batch_size - 1 more
 *       rows → pending; flushes → waiters; slice files → fsync, then their rows
 *       commit pending (+ checkpoint if N records or T seconds) in one transaction
 *       answer the waiters
 * </pre>
 */
final class WriterLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.vigie.evidence");
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration RETENTION_SCAN = Duration.ofHours(1);

  /** Completes once everything queued before it has been through a commit attempt. */
  record Flush(CompletableFuture<Long> done) {}

  /** A finished pcap slice: fsynced before its row is committed. */
  record SliceDone(Path file, ChainWriter.Row row) {}

  /** Ends the loop after a final commit and checkpoint. */
  static final Object CLOSE = new Object();

  /** Signs the head now (before close, so that the TSA can stamp it while the store still runs). */
  static final Object CHECKPOINT = new Object();

  private final StorePaths paths;
  private final EvidenceConfig cfg;
  private final Clock clock;
  private final NoticeSink notices;
  private final EvidenceMetrics metrics;
  private final SigningKey key;
  private final ChainWriter writer;
  private final BlockingQueue<Object> queue;
  private final SliceRecorder recorder;
  private final Retention retention;
  private final Path anchorFile;
  private final CheckpointStamper stamper;
  private CheckpointExport checkpointExport; // guarded by unexported
  // Checkpoints signed before anyone asked for them (the one the store signs as it opens, before
  // the caller could call exportCheckpoints): handed over when it does, so none is missing.
  private final ArrayDeque<Signed> unexported = new ArrayDeque<>();

  private record Signed(Anchor anchor, String signature) {}

  WriterLoop(
      StorePaths paths,
      EvidenceConfig cfg,
      Clock clock,
      NoticeSink notices,
      EvidenceMetrics metrics,
      SigningKey key,
      ChainWriter writer,
      BlockingQueue<Object> queue,
      SliceRecorder recorder,
      Path anchorFile,
      CheckpointStamper stamper) {
    this.paths = paths;
    this.cfg = cfg;
    this.clock = clock;
    this.notices = notices;
    this.metrics = metrics;
    this.key = key;
    this.writer = writer;
    this.queue = queue;
    this.recorder = recorder;
    this.retention = new Retention(paths, cfg.retention(), writer.connection());
    this.anchorFile = anchorFile;
    this.stamper = stamper;
  }

  /** Checks the tail, announces a new key, records the opening, signs what a crash left. */
  void openingRecords() throws SQLException, IOException {
    long bad = writer.checkTail();
    SegmentBreak cut = SegmentBreak.find(writer, anchorFile);
    List<String> missingTriggers = AppendOnlyTriggers.missing(writer.connection());
    metrics.chainStatus(bad < 0 && cut == null && missingTriggers.isEmpty());
    if (bad >= 0) {
      LOG.log(
          System.Logger.Level.ERROR,
          "evidence chain broken at record {0} of {1}; run " + "'vigie evidence verify' on it",
          bad,
          paths.db());
      notices.onNotice(
          NoticeType.EVIDENCE_CHAIN_BROKEN.notice(
              nowNanos(),
              "evidence_chain_broken:" + paths.db(),
              null,
              "The evidence store " + paths.db() + " fails its chain check at record " + bad + ".",
              null,
              null));
    }
    List<ChainWriter.Row> opening = new ArrayList<>();
    if (cut != null) {
      // The chain is not the one this store published: say so loudly and start a new segment
      // whose first record states the break, rather than sign on as if nothing happened.
      LOG.log(
          System.Logger.Level.ERROR, "event=evidence_truncated db={0} {1}", paths.db(), cut.what());
      notices.onNotice(
          NoticeType.EVIDENCE_TRUNCATED.notice(
              nowNanos(),
              "evidence_truncated:" + paths.db() + ":" + cut.anchor().checkpointHash(),
              null,
              "The evidence store "
                  + paths.db()
                  + " "
                  + cut.what()
                  + "; a new signed segment starts at the next record.",
              null));
      opening.add(ChainWriter.Row.of(cut.record(nowNanos(), anchorFile)));
    }
    if (!missingTriggers.isEmpty()) {
      LOG.log(
          System.Logger.Level.ERROR,
          "event=evidence_triggers_missing db={0} triggers={1}",
          paths.db(),
          String.join(",", missingTriggers));
      notices.onNotice(
          NoticeType.EVIDENCE_CHAIN_BROKEN.notice(
              nowNanos(),
              "evidence_triggers_missing:" + paths.db(),
              null,
              "The evidence store "
                  + paths.db()
                  + " lost its append-only triggers ("
                  + String.join(", ", missingTriggers)
                  + "): someone dropped them to edit or delete records. They are put back; run 'vigie evidence"
                  + " verify --anchors' on it.",
              null));
      AppendOnlyTriggers.restore(writer.connection());
      opening.add(
          ChainWriter.Row.of(
              new EvidenceRecord(
                  "triggers_restored", nowNanos(), null, Map.of("missing", missingTriggers))));
    }
    String fp = SigningKey.fingerprint(key.publicKey());
    if (!fp.equals(writer.lastKeyFingerprint())) {
      opening.add(
          ChainWriter.Row.of(
              new EvidenceRecord(
                  "key",
                  nowNanos(),
                  null,
                  Map.of(
                      "fingerprint",
                      fp,
                      "public_key",
                      java.util.Base64.getEncoder()
                          .encodeToString(key.publicKey().getEncoded())))));
    }
    long unsigned = writer.head() == 0 ? 0 : writer.unsigned();
    opening.add(
        ChainWriter.Row.of(
            new EvidenceRecord(
                "store_opened",
                nowNanos(),
                null,
                Map.of("unsigned_records_found", unsigned, "chain_intact", bad < 0))));
    ChainWriter.Committed c = writer.commit(opening, key, nowNanos());
    published(c);
  }

  private final ArrayDeque<ChainWriter.Row> pending = new ArrayDeque<>();
  private final List<CompletableFuture<Long>> waiters = new ArrayList<>();
  private final List<Object> batch = new ArrayList<>();
  private long committedHead;

  /** Monotonic (System.nanoTime): a wall clock set back would stop time-based checkpoints. */
  private long lastCheckpointNanos;

  private long nextRetentionScan;
  private boolean failing;
  private boolean forceCheckpoint;
  private String lastFailure;

  @Override
  public void run() {
    committedHead = writer.head();
    lastCheckpointNanos = System.nanoTime();
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
          } else if (o == CHECKPOINT) {
            forceCheckpoint = true;
          } else if (o instanceof Flush f) {
            waiters.add(f.done());
          } else if (o instanceof ChainWriter.Row r) {
            take(r);
          } else if (o instanceof SliceDone s) {
            force(s.file());
            take(s.row());
          }
        }
        long now = nowNanos();
        boolean checkpointDue =
            stop
                || forceCheckpoint
                || writer.unsigned() + pending.size() >= cfg.checkpointRecords()
                || System.nanoTime() - lastCheckpointNanos
                    >= cfg.checkpointSeconds() * 1_000_000_000L;
        if (!pending.isEmpty() || (checkpointDue && writer.unsigned() > 0)) {
          commit(checkpointDue, now);
        } else if (checkpointDue) {
          lastCheckpointNanos =
              System.nanoTime(); // nothing to sign: wait a full period again, not spin
        }
        forceCheckpoint = false;
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
        LOG.log(
            System.Logger.Level.ERROR,
            "evidence store closed with {0} records not committed",
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
    long untilCheckpoint =
        lastCheckpointNanos + cfg.checkpointSeconds() * 1_000_000_000L - System.nanoTime();
    return Math.max(10, Math.min(untilCheckpoint / 1_000_000L, RETENTION_SCAN.toMillis()));
  }

  private void take(ChainWriter.Row r) {
    pending.add(r);
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
      if (!java.util.Objects.equals(e.getMessage(), lastFailure)) {
        lastFailure = e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "evidence commit failed: {0}", e.getMessage());
      }
      if (!failing) {
        failing = true;
        LOG.log(
            System.Logger.Level.ERROR,
            "evidence commit failed, {0} records kept for retry: {1}",
            rows.size(),
            e.getMessage());
        notices.onNotice(
            NoticeType.EVIDENCE_WRITE_FAILED.notice(
                now,
                "evidence_write_failed:" + paths.db(),
                null,
                "Evidence cannot be written to "
                    + paths.db()
                    + " ("
                    + e.getMessage()
                    + "); records are kept in memory and retried, committed evidence is intact.",
                null,
                null));
      }
    }
  }

  private void published(ChainWriter.Committed c) {
    metrics.committed(c.rows(), c.bytes());
    if (c.checkpoint() != null) {
      ChainWriter.Checkpoint cp = c.checkpoint();
      lastCheckpointNanos = System.nanoTime();
      // Published outside the database: the anchor file, a key=value log line (to the journal /
      // syslog), a metric; and sent to the TSAs, which date it.
      Anchor a =
          new Anchor(
              null,
              Instant.ofEpochSecond(0, cp.tsNanos()),
              paths.db().toAbsolutePath().toString(),
              cp.id(),
              cp.hash(),
              cp.headId(),
              cp.headHash(),
              cp.key());
      LOG.log(System.Logger.Level.INFO, a.line());
      try {
        AnchorFile.append(anchorFile, a);
      } catch (IOException e) {
        metrics.anchorFailed();
        LOG.log(
            System.Logger.Level.ERROR,
            "event=evidence_anchor_failed file={0} error=\"{1}\"",
            anchorFile,
            e.getMessage());
      }
      metrics.checkpoint(cp.id(), cp.hash(), cp.tsNanos());
      CheckpointExport export;
      synchronized (unexported) {
        export = checkpointExport;
        if (export == null && unexported.size() < 64) {
          unexported.add(new Signed(a, cp.signature()));
        }
      }
      if (export != null) {
        export.send(a, cp.signature());
      }
      if (stamper != null) {
        stamper.submit(cp.statement());
      }
    }
  }

  /** Where each signed checkpoint also goes (Kafka's checkpoints topic); null: nowhere. */
  void exportCheckpoints(CheckpointExport export) {
    List<Signed> earlier;
    synchronized (unexported) {
      this.checkpointExport = export;
      earlier = new ArrayList<>(unexported);
      unexported.clear();
    }
    for (Signed e : earlier) {
      export.send(e.anchor(), e.signature());
    }
  }

  private static void force(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true); // the slice is on disk before the record that vouches for it
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot fsync slice {0}: {1}", file, e.getMessage());
    }
  }

  /**
   * Deletes slices and image copies past their retention period (and under no legal hold),
   * recording each deletion in the chain.
   */
  private void expireSlices(long now) {
    nextRetentionScan = now + RETENTION_SCAN.toNanos();
    try {
      // The expiry is committed first and the file deleted after: a crash in between leaves a
      // file that is no longer needed, never a missing slice that verify would take for tampering.
      Retention.Scan scan = retention.due(now);
      for (Retention.Expiry e : scan.expiries()) {
        take(e.row());
      }
      if (!pending.isEmpty()) {
        commit(false, now);
      }
      if (!pending.isEmpty()) {
        return; // not committed: keep the files, scan again next time
      }
      retention.done(scan);
      for (Retention.Expiry e : scan.expiries()) {
        long size = Files.size(e.file());
        Files.delete(e.file());
        recorder.released(size);
      }
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "evidence retention scan failed: {0}", e.getMessage());
    }
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
