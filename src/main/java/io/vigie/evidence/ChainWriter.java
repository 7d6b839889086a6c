package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends records to the chain in one SQLite connection. Owned by the writer thread alone.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so the WAL is fsynced at every commit
 * and a committed batch survives a crash of the process and of the machine. Commits happen once per
 * batch, which is what keeps FULL affordable.
 */
final class ChainWriter implements AutoCloseable {
  private static final String INSERT =
      "INSERT INTO record (id, kind, ts, subject, fields, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final Connection conn;
  private final PreparedStatement insert;
  private final ChainHash chain = new ChainHash();
  private long head;
  private String headHash;
  private long lastCheckpointHead;

  private ChainWriter(Connection conn) throws SQLException {
    this.conn = conn;
    this.insert = conn.prepareStatement(INSERT);
  }

  static ChainWriter open(Path db) throws SQLException, IOException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
    try {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute("PRAGMA synchronous = FULL");
        st.execute("PRAGMA busy_timeout = 5000");
      }
      Migrations.apply(c);
      // Transactions are begun and ended by explicit statements (see commit): after SQLITE_FULL,
      // SQLite may already have rolled back, and the driver's own bookkeeping would then go wrong.
      c.setAutoCommit(true);
      ChainWriter w = new ChainWriter(c);
      w.readHead();
      return w;
    } catch (SQLException | IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void readHead() throws SQLException {
    try (Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT id, hash FROM record ORDER BY id DESC LIMIT 1")) {
        head = rs.next() ? rs.getLong(1) : 0;
        headHash = head == 0 ? ChainHash.GENESIS : rs.getString(2);
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id FROM record WHERE kind = 'checkpoint' ORDER BY id DESC LIMIT 1")) {
        lastCheckpointHead = rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  long head() {
    return head;
  }

  String headHash() {
    return headHash;
  }

  /** Records after the last checkpoint record. */
  long unsigned() {
    return head - lastCheckpointHead;
  }

  Connection connection() {
    return conn;
  }

  /**
   * Re-hashes the records since the last checkpoint: a quick check at open that the tail the store
   * will build on is sound. Returns the id of the first bad record, or -1.
   */
  long checkTail() throws SQLException {
    ChainHash h = new ChainHash();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, kind, ts, subject, fields, prev, hash FROM record WHERE id >= ? ORDER BY id")) {
      ps.setLong(1, Math.max(1, lastCheckpointHead));
      try (ResultSet rs = ps.executeQuery()) {
        String prev = null;
        long expected = Math.max(1, lastCheckpointHead);
        while (rs.next()) {
          long id = rs.getLong(1);
          String hash = rs.getString(7);
          boolean ok =
              id == expected
                  && (prev == null || prev.equals(rs.getString(6)))
                  && hash.equals(
                      h.hash(
                          rs.getString(6),
                          id,
                          rs.getString(2),
                          rs.getLong(3),
                          rs.getString(4),
                          rs.getString(5)));
          if (!ok) {
            return id;
          }
          prev = hash;
          expected++;
        }
      }
    }
    return -1;
  }

  /** A row ready to insert; {@code fieldsJson} is canonical. */
  record Row(String kind, long ts, String subject, String fieldsJson) {
    static Row of(EvidenceRecord r) {
      return new Row(r.kind(), r.tsNanos(), r.subject(), CanonicalJson.write(r.fields()));
    }
  }

  /** What a successful commit did. */
  record Committed(int rows, long bytes, Checkpoint checkpoint) {}

  /**
   * A signed chain head: the record it signs ({@code headId}) and the checkpoint record itself
   * ({@code id}, {@code hash}), which is what anchors and time-stamps name.
   */
  record Checkpoint(
      long headId,
      String headHash,
      long tsNanos,
      long id,
      String hash,
      String key,
      String signature) {
    CheckpointStatement statement() {
      return new CheckpointStatement(id, hash, headId, headHash, key);
    }
  }

  /**
   * Inserts the rows (and a checkpoint after them when {@code key} is not null) in one transaction.
   * On failure everything is rolled back, the head is as before, and the exception is thrown: the
   * caller keeps the rows to try again.
   */
  Committed commit(List<Row> rows, SigningKey key, long nowNanos) throws SQLException {
    long savedHead = head;
    String savedHash = headHash;
    long bytes = 0;
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      followOtherWriters(st);
      for (Row r : rows) {
        bytes += add(r);
      }
      Checkpoint cp = null;
      if (key != null && head > lastCheckpointHead) {
        long signedId = head;
        String signedHash = headHash;
        String signature =
            Base64.getEncoder().encodeToString(key.sign(checkpointMessage(signedId, signedHash)));
        bytes += add(checkpointRow(key, signedId, signedHash, signature, nowNanos));
        cp =
            new Checkpoint(
                signedId,
                signedHash,
                nowNanos,
                head,
                headHash,
                SigningKey.fingerprint(key.publicKey()),
                signature);
      }
      insert.executeBatch();
      st.execute("COMMIT");
      if (cp != null) {
        lastCheckpointHead = head; // the checkpoint record itself
      }
      return new Committed(rows.size() + (cp == null ? 0 : 1), bytes, cp);
    } catch (SQLException | RuntimeException e) {
      insert.clearBatch();
      try (Statement st = conn.createStatement()) {
        st.execute("ROLLBACK");
      } catch (SQLException r) {
        // SQLite already rolled back (it does on SQLITE_FULL); nothing left to undo.
      }
      head = savedHead;
      headHash = savedHash;
      try {
        readHead(); // the database, not memory, says where the chain ends
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  /**
   * Another process may have appended since our last commit: the reviewer's CLI records each
   * reading, export and legal hold in the store while the daemon runs. Inside the write lock, a
   * head that moved is read again, so that our rows chain after theirs instead of failing on their
   * ids. One indexed query per batch, not per record.
   */
  private void followOtherWriters(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT id, hash FROM record ORDER BY id DESC LIMIT 1")) {
      long dbHead = rs.next() ? rs.getLong(1) : 0;
      String dbHash = dbHead == 0 ? ChainHash.GENESIS : rs.getString(2);
      if (dbHead == head && dbHash.equals(headHash)) {
        return;
      }
    }
    readHead();
  }

  private long add(Row r) throws SQLException {
    long id = head + 1;
    String hash = chain.hash(headHash, id, r.kind(), r.ts(), r.subject(), r.fieldsJson());
    insert.setLong(1, id);
    insert.setString(2, r.kind());
    insert.setLong(3, r.ts());
    insert.setString(4, r.subject());
    insert.setString(5, r.fieldsJson());
    insert.setString(6, headHash);
    insert.setString(7, hash);
    insert.addBatch();
    head = id;
    headHash = hash;
    return r.fieldsJson().length();
  }

  /** The message a checkpoint signs. */
  static byte[] checkpointMessage(long headId, String headHash) {
    return ("vigie-checkpoint-v1\n" + headId + "\n" + headHash).getBytes(StandardCharsets.US_ASCII);
  }

  private static Row checkpointRow(
      SigningKey key, long headId, String headHash, String signature, long nowNanos) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("head_id", headId);
    f.put("head_hash", headHash);
    f.put("key", SigningKey.fingerprint(key.publicKey()));
    f.put("signature", signature);
    return new Row("checkpoint", nowNanos, null, CanonicalJson.write(f));
  }

  /** The fingerprint named by the last {@code key} record, or null. */
  String lastKeyFingerprint() throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT fields FROM record WHERE kind = 'key' ORDER BY id DESC LIMIT 1")) {
      return rs.next() ? Json.readTree(rs.getString(1)).path("fingerprint").asText(null) : null;
    }
  }

  /** The hash of record {@code id}, or null when the chain has no such record. */
  String hashOf(long id) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT hash FROM record WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Slice records of {@code [fromNanos, toNanos)}: id, file, sha256. */
  List<String[]> slicesBetween(long fromNanos, long toNanos) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, fields FROM record WHERE kind = 'slice' AND ts >= ? AND ts < ? ORDER BY id")) {
      ps.setLong(1, fromNanos);
      ps.setLong(2, toNanos);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          var f = Json.readTree(rs.getString(2));
          out.add(
              new String[] {rs.getString(1), f.path("file").asText(), f.path("sha256").asText()});
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    try {
      insert.close();
    } finally {
      conn.close();
    }
  }
}
