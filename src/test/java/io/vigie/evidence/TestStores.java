package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SshDetails;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Helpers shared by the evidence tests: sample sessions, counting metrics, an attacker's tools. */
final class TestStores {
  static final long T0 = 1_763_859_600_000_000_000L; // 2025-11-23T01:00:00Z

  private TestStores() {}

  static EvidenceConfig cfg(int checkpointRecords) {
    return new EvidenceConfig(
        null, null, null, checkpointRecords, 3600, 256, 4096, null, null, null);
  }

  static Session session(int i, String respName, String window) {
    SessionDetails d = SessionDetails.of(new SshDetails("SSH-2.0-OpenSSH_9.2", "SSH-2.0-dropbear"));
    long start = T0 + i * 1_000_000_000L;
    return new Session(
        start,
        start + 1_500_000_000L,
        "tcp",
        "203.0.113.5",
        40_000 + i,
        "10.20.1." + (i % 200 + 1),
        22,
        "1:sess" + i + "=",
        App.SSH,
        1000 + i,
        2000 + i,
        10,
        12,
        Direction.INBOUND,
        true,
        null,
        respName,
        "fin",
        d,
        "outside_window",
        window);
  }

  /** Notices and metrics as a test sees them. */
  static class Recorder implements NoticeSink, EvidenceMetrics {
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong writeFailed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final List<String> checkpoints = new CopyOnWriteArrayList<>();
    final List<SliceError> sliceErrors = new CopyOnWriteArrayList<>();
    volatile Boolean chainIntact;

    @Override
    public void onNotice(Notice n) {
      notices.add(n);
    }

    @Override
    public void committed(int records, long bytes) {
      committed.addAndGet(records);
    }

    @Override
    public void checkpoint(long headId, String headHash, long tsNanos) {
      checkpoints.add(headHash);
    }

    @Override
    public void chainStatus(boolean intact) {
      chainIntact = intact;
    }

    @Override
    public void writeFailed() {
      writeFailed.incrementAndGet();
    }

    @Override
    public void dropped(long records) {
      dropped.addAndGet(records);
    }

    @Override
    public void sliceError(SliceError reason) {
      sliceErrors.add(reason);
    }

    boolean noticed(String note) {
      return notices.stream().anyMatch(n -> n.note().equals(note));
    }
  }

  // ---- what an attacker with write access to the file can do ---------------------------------

  static void sql(Path db, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  static void dropTriggers(Path db) throws SQLException {
    sql(db, "DROP TRIGGER record_no_update", "DROP TRIGGER record_no_delete");
  }

  /** Recomputes every hash from {@code fromId} on, as an attacker covering an edit would. */
  static void rechain(Path db, long fromId) throws SQLException {
    ChainHash h = new ChainHash();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.setAutoCommit(false);
      String prev;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT hash FROM record WHERE id < ? ORDER BY id DESC LIMIT 1")) {
        ps.setLong(1, fromId);
        try (ResultSet rs = ps.executeQuery()) {
          prev = rs.next() ? rs.getString(1) : ChainHash.GENESIS;
        }
      }
      try (PreparedStatement sel =
              c.prepareStatement(
                  "SELECT id, kind, ts, subject, fields FROM record WHERE id >= ? ORDER BY id");
          PreparedStatement upd =
              c.prepareStatement("UPDATE record SET prev = ?, hash = ? WHERE id = ?")) {
        sel.setLong(1, fromId);
        try (ResultSet rs = sel.executeQuery()) {
          while (rs.next()) {
            String hash =
                h.hash(
                    prev,
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5));
            upd.setString(1, prev);
            upd.setString(2, hash);
            upd.setLong(3, rs.getLong(1));
            upd.executeUpdate();
            prev = hash;
          }
        }
      }
      c.commit();
    }
  }

  static long count(Path db, String where) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM record WHERE " + where)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }
}
