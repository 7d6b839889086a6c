package io.vigie.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.EvidenceConfig;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.evidence.SessionRecords;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.NoticeSink;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SshDetails;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench evidence}: how many session records per second the evidence writer commits
 * (canonical JSON, SHA-256 chain, SQLite WAL with synchronous=FULL, signed checkpoints), beside a
 * plain SQLite batch insert of the same rows with neither chain nor signatures.
 */
@Command(
    name = "evidence",
    footer = {"", "Example:", "  vigie bench evidence --records 100000 --batch 256"},
    mixinStandardHelpOptions = true,
    description = "Records per second the evidence writer sustains, with its batch size.")
public final class BenchEvidenceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "200000",
      description = "Session records to write (default ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "4096",
      description = "Writer batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "Records written to a scratch store first, so the JIT has compiled the path (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to put the scratch database (default: a temporary directory).")
  Path dir;

  @Override
  public Integer call() throws IOException, SQLException {
    if (records <= 0 || batch <= 0 || warmup < 0) {
      throw new UserException("--records and --batch must be positive, --warmup not negative");
    }
    Path work =
        dir != null
            ? Files.createDirectories(dir)
            : Files.createTempDirectory("vigie-bench-evidence");
    PrintWriter out = spec.commandLine().getOut();
    try {
      double load =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      List<Session> sessions = new ArrayList<>(records);
      for (int i = 0; i < records; i++) {
        sessions.add(session(i));
      }
      EvidenceConfig cfg = EvidenceConfig.DEFAULTS.withBatchSize(batch);
      AtomicLong batches = new AtomicLong();
      EvidenceMetrics counting =
          new EvidenceMetrics() {
            @Override
            public void committed(int n, long bytes) {
              batches.incrementAndGet();
            }
          };
      if (warmup > 0) {
        try (EvidenceStore store =
            EvidenceStore.open(
                work.resolve("warmup.db"),
                cfg,
                Clock.systemUTC(),
                NoticeSink.NONE,
                EvidenceMetrics.NONE)) {
          for (int i = 0; i < warmup; i++) {
            store.append(sessions.get(i % sessions.size()));
          }
          store.flush();
        }
      }
      Path db = work.resolve("bench.db");
      long t0;
      long t1;
      long writerCpu;
      long callerCpu;
      var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      try (EvidenceStore store =
          EvidenceStore.open(db, cfg, Clock.systemUTC(), NoticeSink.NONE, counting)) {
        batches.set(0);
        long w0 = store.writerCpuNanos();
        long c0 = mx.getCurrentThreadCpuTime();
        t0 = System.nanoTime();
        for (Session s : sessions) {
          store.append(s);
        }
        store.flush();
        t1 = System.nanoTime();
        writerCpu = store.writerCpuNanos() - w0;
        callerCpu = mx.getCurrentThreadCpuTime() - c0;
      }
      double secs = (t1 - t0) / 1e9;
      out.printf(
          "evidence writer: %d session records in %.3f s = %.0f records/s"
              + " (batch size %d, %d commits, mean %.0f records/commit; WAL, synchronous=FULL, checkpoint every %d records)%n",
          records,
          secs,
          records / secs,
          batch,
          batches.get(),
          (double) records / Math.max(1, batches.get()),
          cfg.checkpointRecords());
      out.printf(
          "CPU: writer thread %.2f s (%.0f records per writer CPU-second), appending thread %.2f s;"
              + " load average at start %.1f on %d cores%n",
          writerCpu / 1e9,
          records / (writerCpu / 1e9),
          callerCpu / 1e9,
          load,
          Runtime.getRuntime().availableProcessors());
      out.printf(
          "database: %d bytes, %.0f bytes/record%n",
          Files.size(db), (double) Files.size(db) / records);
      double plain = plainInsert(work.resolve("plain.db"), sessions, batch);
      out.printf(
          "reference: plain SQLite batch insert of the same rows (no chain, no hash, no signature,"
              + " same pragmas and batch): %.0f records/s%n",
          plain);
      out.flush();
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static double plainInsert(Path db, List<Session> sessions, int batch)
      throws SQLException, IOException {
    ObjectMapper json = new ObjectMapper();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute("PRAGMA synchronous = FULL");
        st.execute(
            "CREATE TABLE record (id INTEGER PRIMARY KEY, kind TEXT, ts INTEGER, subject TEXT, fields TEXT)");
      }
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO record (kind, ts, subject, fields) VALUES (?, ?, ?, ?)")) {
        int n = 0;
        for (Session s : sessions) {
          EvidenceRecord r = SessionRecords.of(s);
          ps.setString(1, r.kind());
          ps.setLong(2, r.tsNanos());
          ps.setString(3, r.subject());
          ps.setString(4, json.writeValueAsString(r.fields()));
          ps.addBatch();
          if (++n % batch == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      return sessions.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static Session session(int i) {
    long start = 1_763_859_600_000_000_000L + i * 1_000_000L;
    String orig = "203.0.113." + (i % 250 + 1);
    String resp = "10.20." + (i / 250 % 250) + "." + (i % 250 + 1);
    SessionDetails d = SessionDetails.of(new SshDetails("SSH-2.0-OpenSSH_9.2", "SSH-2.0-dropbear"));
    return new Session(
        start,
        start + 2_500_000_000L,
        "tcp",
        orig,
        40_000 + i % 20_000,
        resp,
        22,
        "1:bench" + i + "=",
        App.SSH,
        4_000 + i % 500,
        12_000 + i % 900,
        20,
        24,
        Direction.INBOUND,
        true,
        null,
        "cam-" + (i % 1000),
        "fin",
        d,
        "outside_window",
        "W-" + (i % 17));
  }
}
