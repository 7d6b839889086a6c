package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import io.vigie.config.TimestampingConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.protocol.FileSink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The tamper-evident evidence store: a SQLite file of hash-chained records, signed checkpoints, and
 * a directory of pcap slices.
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
 *                                             └─► checkpoint record + anchor file + log line + metric
 *                                                   └─► vigie-evidence-tsa ──► TSAs ──► timestamp records
 * </pre>
 *
 * <p>When the queue is full, {@link #append} waits for the writer (evidence is not dropped to keep
 * the caller fast). A batch that cannot be committed (disk full) is rolled back, counted, noticed
 * and retried; what was committed before is never touched.
 */
public final class EvidenceStore implements EvidenceSink, SessionSink, NoticeSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.vigie.evidence");
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

  private final StorePaths paths;
  private final EvidenceMetrics metrics;
  private final SigningKey key;
  private final BlockingQueue<Object> queue;
  private final SliceRecorder recorder;
  private final WriterLoop loop;
  private final ImageSink images;
  private final Thread thread;
  private final int recordMaxBytes;
  private final long dbMaxBytes;
  private final CheckpointStamper stamper;
  private final Duration stampWait;
  private volatile boolean closed;

  /**
   * Kinds that a peer's abuse produces and that are kept only while the database is under {@code
   * db_max_bytes}: above it, they would fill the disk on the attacker's behalf.
   */
  static final java.util.Set<String> EXPENDABLE_KINDS = java.util.Set.of("refused_requests");

  private EvidenceStore(
      StorePaths paths,
      EvidenceConfig cfg,
      Clock clock,
      NoticeSink notices,
      EvidenceMetrics metrics,
      SigningKey key,
      ChainWriter writer,
      Path anchorFile,
      List<TimestampAuthority> tsas)
      throws IOException {
    this.paths = paths;
    this.metrics = metrics;
    this.key = key;
    this.queue = new ArrayBlockingQueue<>(cfg.queueCapacity());
    this.recorder =
        new SliceRecorder(paths.sliceDir(), cfg, metrics, notices, this::sliceDone)
            .withImages(paths.imageDir());
    TimestampingConfig ts = cfg.timestamping();
    this.stamper =
        tsas.isEmpty()
            ? null
            : new CheckpointStamper(
                tsas, ts.retries(), RETRY_BACKOFF, metrics, this::append, clock);
    this.stampWait = ts == null ? Duration.ZERO : Duration.ofSeconds(ts.timeoutSeconds());
    this.loop =
        new WriterLoop(
            paths, cfg, clock, notices, metrics, key, writer, queue, recorder, anchorFile, stamper);
    this.images =
        cfg.keepImages()
            ? new ImageSink(paths.imageDir(), cfg.imageMaxBytes(), clock, this, recorder)
            : null;
    this.thread = new Thread(loop, "vigie-evidence-writer");
    this.recordMaxBytes = cfg.recordMaxBytes();
    this.dbMaxBytes = cfg.dbMaxBytes();
  }

  /** The database's size on disk (with its write-ahead log), -1 when it cannot be read. */
  public long dbBytes() {
    try {
      Path db = paths.db();
      Path wal = db.resolveSibling(db.getFileName() + "-wal");
      return Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The configured {@code db_max_bytes}. */
  public long dbMaxBytes() {
    return dbMaxBytes;
  }

  /**
   * Opens (creating if needed) the store at {@code db}, its key and slice directory as {@link
   * StorePaths#of} says, and starts the writer thread. Records what the opening found: a new key,
   * or records a crash left unsigned (which it then signs).
   */
  public static EvidenceStore open(
      Path db, EvidenceConfig cfg, Clock clock, NoticeSink notices, EvidenceMetrics metrics)
      throws IOException {
    StorePaths paths = StorePaths.of(db, cfg);
    Path parent = db.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.createDirectories(paths.sliceDir());
    if (cfg.keepImages()) {
      Files.createDirectories(paths.imageDir());
    }
    Path anchorFile = AnchorFile.resolve(db, cfg);
    List<TimestampAuthority> tsas = authorities(cfg.timestamping());
    SigningKey key = SigningKey.loadOrCreate(paths.keyFile(), paths.pubFile());
    ChainWriter writer;
    try {
      writer = ChainWriter.open(db);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot open evidence store: " + e.getMessage(), e);
    }
    try {
      EvidenceStore store =
          new EvidenceStore(paths, cfg, clock, notices, metrics, key, writer, anchorFile, tsas);
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

  private void start() throws SQLException, IOException {
    if (stamper != null) {
      stamper.start(); // first: the opening checkpoint is submitted to it
    }
    try {
      loop.openingRecords();
    } catch (SQLException | IOException | RuntimeException e) {
      if (stamper != null) {
        stamper.close();
      }
      throw e;
    }
    thread.start();
  }

  /** The TSAs of the config, each behind the RFC 3161 adapter; empty when none is configured. */
  private static List<TimestampAuthority> authorities(TimestampingConfig ts) throws IOException {
    if (ts == null) {
      return List.of();
    }
    List<X509Certificate> cas = TimestampTokens.readCertificates(Path.of(ts.caFile()));
    List<TimestampAuthority> out = new ArrayList<>();
    for (String u : ts.urls()) {
      out.add(
          new Rfc3161Tsa(
              URI.create(u), cas, ts.policyOid(), Duration.ofSeconds(ts.timeoutSeconds())));
    }
    return out;
  }

  /**
   * Waits until every checkpoint signed so far was stamped by the TSAs or given up, then commits
   * the tokens (for tests and tools that need the tokens in the file now).
   *
   * @return false when the TSAs did not answer within {@code max}, or none is configured
   */
  boolean awaitTimestamps(Duration max) {
    if (stamper == null) {
      return false;
    }
    flush();
    try {
      boolean idle = stamper.awaitIdle(max);
      flush();
      return idle;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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

  /**
   * Queues a record. Its canonical JSON is made here, on the caller's thread, which spreads the
   * work over two cores; a record that cannot be kept faithfully (a NaN, an unknown type) is logged
   * and counted as dropped, never thrown into the pipeline.
   */
  @Override
  public void append(EvidenceRecord record) {
    if (EXPENDABLE_KINDS.contains(record.kind()) && dbBytes() >= dbMaxBytes) {
      metrics.dropped(1);
      return;
    }
    EvidenceRecord capped;
    try {
      capped = RecordCap.fit(record, recordMaxBytes);
    } catch (IllegalArgumentException e) {
      // Not representable (a NaN...): row() below logs it and counts it as dropped.
      capped = record;
    }
    if (capped != record) {
      metrics.truncated();
      record = capped;
    }
    ChainWriter.Row row = row(record);
    if (row != null) {
      enqueue(row);
    }
  }

  /** Keeps a finished session (see {@link SessionRecords}). */
  public void append(Session session) {
    append(SessionRecords.of(session));
  }

  private ChainWriter.Row row(EvidenceRecord record) {
    try {
      return ChainWriter.Row.of(record);
    } catch (IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "evidence record of kind {0} refused: {1}",
          record.kind(),
          e.getMessage());
      metrics.dropped(1);
      return null;
    }
  }

  @Override
  public void onSession(Session session) {
    append(session);
  }

  @Override
  public void onNotice(Notice notice) {
    append(Notices.of(notice));
  }

  /** Records pcap slices of flagged flows into the slice directory. */
  public PacketRecorder recorder() {
    return recorder;
  }

  /**
   * Where the protocol engine copies files seen in clear: {@code <db>.images/<sha256>.bin}, each
   * with an {@code image_copy} record. {@link FileSink#NONE} unless {@code evidence.keep_images}.
   */
  public FileSink images() {
    return images == null ? FileSink.NONE : images;
  }

  /**
   * Image copies discarded so far (a gap, image_max_bytes, a disk failure); 0 when none are kept.
   */
  public long imageCopiesAborted() {
    return images == null ? 0 : images.aborted();
  }

  /**
   * Sends each checkpoint signed from now on to {@code sink} (Kafka's checkpoints topic), with the
   * site's name. Checkpoints signed before (the one at open) are in the anchor file.
   */
  public void exportCheckpoints(io.vigie.output.SiteStamp site, io.vigie.output.ExportSink sink) {
    loop.exportCheckpoints(new CheckpointExport(site, sink));
  }

  /**
   * Waits until every record queued before this call has been through a commit attempt.
   *
   * @return id of the last committed record
   */
  public long flush() {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (!enqueue(new WriterLoop.Flush(done))) {
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
    if (stamper != null && thread.isAlive()) {
      // Sign the head now and give the TSA one request's time to stamp it, so the last records
      // of a run are dated too; a TSA that is down costs this wait once, at shutdown only.
      enqueue(WriterLoop.CHECKPOINT);
      awaitTimestamps(stampWait);
    }
    closed = true;
    boolean interrupted = false;
    boolean sent = false;
    while (thread.isAlive()) {
      try {
        if (!sent) {
          sent = queue.offer(WriterLoop.CLOSE, 200, TimeUnit.MILLISECONDS);
        } else {
          thread.join();
        }
      } catch (InterruptedException e) {
        interrupted = true; // closing must finish: evidence still queued is drained first
      }
    }
    if (stamper != null) {
      stamper.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void sliceDone(Path file, EvidenceRecord record) {
    ChainWriter.Row row = row(record);
    if (row != null) {
      enqueue(new WriterLoop.SliceDone(file, row));
    }
  }

  private boolean enqueue(Object o) {
    if (closed) {
      metrics.dropped(1);
      return false;
    }
    try {
      // Waits while the writer is behind; gives up (counted) only if the writer has died, so a
      // broken writer cannot hang the pipeline.
      while (!queue.offer(o, 200, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          metrics.dropped(1);
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.dropped(1);
      return false;
    }
  }
}
