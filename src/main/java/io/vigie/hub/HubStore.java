package io.vigie.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's SQLite store: every site's notices, sessions, camera records and checkpoints, each
 * table with a UNIQUE key (see {@link HubRecord}) so that {@code INSERT OR IGNORE} keeps a record
 * once however often it is delivered; and the hub's own facts (its windows' steps, API audit).
 *
 * <pre>{@code
 * try (HubStore store = HubStore.open(path, clock)) {
 *   HubStore.Outcome o = store.write(records);   // one transaction; then commit the offsets
 *   List<JsonNode> n = store.notices("nice-est", null, 100);
 * }
 * }</pre>
 *
 * <p>One writer connection (the consumer thread's batches, the API's audit records; serialised by
 * this object's lock), one reader connection for the API (WAL: readers do not wait for the writer).
 */
public final class HubStore implements EvidenceSink, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> FIELDS =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS notices (site TEXT NOT NULL, id TEXT NOT NULL, ts TEXT NOT NULL,
        note TEXT, severity TEXT, json TEXT NOT NULL, received TEXT NOT NULL, UNIQUE (site, id));
      CREATE TABLE IF NOT EXISTS sessions (site TEXT NOT NULL, community_id TEXT NOT NULL,
        ts TEXT NOT NULL, json TEXT NOT NULL, received TEXT NOT NULL,
        UNIQUE (site, community_id, ts));
      CREATE TABLE IF NOT EXISTS cameras (site TEXT NOT NULL, subject TEXT NOT NULL,
        ts TEXT NOT NULL, json TEXT NOT NULL, received TEXT NOT NULL, UNIQUE (site, subject, ts));
      CREATE TABLE IF NOT EXISTS checkpoints (site TEXT NOT NULL, checkpoint_id INTEGER NOT NULL,
        checkpoint_hash TEXT NOT NULL, ts TEXT NOT NULL, json TEXT NOT NULL,
        received TEXT NOT NULL, UNIQUE (site, checkpoint_id, checkpoint_hash));
      CREATE TABLE IF NOT EXISTS hub_events (kind TEXT NOT NULL, ts_nanos INTEGER NOT NULL,
        subject TEXT, fields TEXT NOT NULL, prev TEXT, hash TEXT);
      CREATE INDEX IF NOT EXISTS notices_ts ON notices (ts);
      CREATE INDEX IF NOT EXISTS sessions_ts ON sessions (ts);
      CREATE INDEX IF NOT EXISTS cameras_ts ON cameras (ts);
      """;

  private final String url;
  private final Path file;
  private Connection writer; // null after a failed write, until the next one reopens it
  private final Connection reader;
  private final Clock clock;
  private final Map<HubRecord.Kind, PreparedStatement> inserts =
      new EnumMap<>(HubRecord.Kind.class);
  private PreparedStatement event;
  private final EventChain chain = new EventChain();
  private long lastEvent; // rowid of the newest hub_events row
  private String lastHash = EventChain.GENESIS; // and its hash

  private HubStore(Path file, String url, Connection writer, Connection reader, Clock clock)
      throws SQLException {
    this.file = file;
    this.url = url;
    this.writer = writer;
    this.reader = reader;
    this.clock = clock;
    prepare();
    chainUnhashed();
  }

  /** (Re)prepares the writer's statements. */
  private void prepare() throws SQLException {
    inserts.put(
        HubRecord.Kind.NOTICES,
        writer.prepareStatement(
            "INSERT OR IGNORE INTO notices (site, id, ts, note, severity, json, received)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    inserts.put(
        HubRecord.Kind.SESSIONS,
        writer.prepareStatement(
            "INSERT OR IGNORE INTO sessions (site, community_id, ts, json, received)"
                + " VALUES (?, ?, ?, ?, ?)"));
    inserts.put(
        HubRecord.Kind.CAMERAS,
        writer.prepareStatement(
            "INSERT OR IGNORE INTO cameras (site, subject, ts, json, received)"
                + " VALUES (?, ?, ?, ?, ?)"));
    inserts.put(
        HubRecord.Kind.CHECKPOINTS,
        writer.prepareStatement(
            "INSERT OR IGNORE INTO checkpoints"
                + " (site, checkpoint_id, checkpoint_hash, ts, json, received)"
                + " VALUES (?, ?, ?, ?, ?, ?)"));
    this.event =
        writer.prepareStatement(
            "INSERT INTO hub_events (rowid, kind, ts_nanos, subject, fields, prev, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  /**
   * Opens (creating) the store.
   *
   * @throws IOException naming the file when it cannot be opened or is not a hub store
   */
  public static HubStore open(Path file, Clock clock) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    String url = "jdbc:sqlite:" + abs;
    Connection w = null;
    Connection r = null;
    try {
      w = openWriter(url);
      r = DriverManager.getConnection(url);
      try (Statement st = r.createStatement()) {
        st.execute("PRAGMA query_only = 1");
        st.execute("PRAGMA busy_timeout = 5000");
      }
      return new HubStore(file, url, w, r, clock);
    } catch (SQLException e) {
      closeQuietly(r);
      closeQuietly(w);
      throw new IOException("store " + file + ": cannot open: " + e.getMessage(), e);
    }
  }

  /** The writer connection: WAL, synchronous FULL, the schema, one transaction open at a time. */
  private static Connection openWriter(String url) throws SQLException {
    Connection w = DriverManager.getConnection(url);
    try {
      try (Statement st = w.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        // FULL: a batch the hub committed to Kafka as consumed must survive a power cut.
        st.execute("PRAGMA synchronous = FULL");
        st.execute("PRAGMA busy_timeout = 5000");
        for (String sql : SCHEMA.split(";")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
        // A store from before hub_events was chained: the columns, filled in by chainUnhashed.
        boolean hashed = false;
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(hub_events)")) {
          while (rs.next()) {
            hashed |= "hash".equals(rs.getString("name"));
          }
        }
        if (!hashed) {
          st.execute("ALTER TABLE hub_events ADD COLUMN prev TEXT");
          st.execute("ALTER TABLE hub_events ADD COLUMN hash TEXT");
        }
      }
      w.setAutoCommit(false);
      w.commit();
      return w;
    } catch (SQLException e) {
      closeQuietly(w);
      throw e;
    }
  }

  /** Reopens the writer after a failed write (see {@link #discardWriter}). */
  private void ensureWriter() throws SQLException {
    if (writer == null) {
      writer = openWriter(url);
      prepare();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing: the first error is the one reported
      }
    }
  }

  /** What one batch did: records newly stored and records already there, per kind. */
  public record Outcome(Map<HubRecord.Kind, Integer> stored, Map<HubRecord.Kind, Integer> dupes) {}

  /**
   * Writes {@code records} in one transaction, each once: a record whose key is already stored is
   * ignored and counted as a duplicate. Returns only after the commit.
   */
  public synchronized Outcome write(List<HubRecord> records) throws SQLException {
    Map<HubRecord.Kind, Integer> stored = new EnumMap<>(HubRecord.Kind.class);
    Map<HubRecord.Kind, Integer> dupes = new EnumMap<>(HubRecord.Kind.class);
    String now = clock.instant().toString();
    try {
      ensureWriter();
      for (HubRecord r : records) {
        PreparedStatement ps = inserts.get(r.kind());
        int i = 1;
        ps.setString(i++, r.site());
        switch (r.kind()) {
          case NOTICES -> {
            ps.setString(i++, r.key());
            ps.setString(i++, r.ts());
            ps.setString(i++, r.json().path("note").asText(null));
            ps.setString(i++, r.json().path("severity").asText(null));
          }
          case CHECKPOINTS -> {
            ps.setLong(i++, Long.parseLong(r.key()));
            ps.setString(i++, r.extra());
            ps.setString(i++, r.ts());
          }
          default -> {
            ps.setString(i++, r.key());
            ps.setString(i++, r.ts());
          }
        }
        ps.setString(i++, r.raw());
        ps.setString(i, now);
        (ps.executeUpdate() == 1 ? stored : dupes).merge(r.kind(), 1, Integer::sum);
      }
      writer.commit();
    } catch (SQLException | RuntimeException e) {
      discardWriter(e);
      throw e;
    }
    return new Outcome(stored, dupes);
  }

  /**
   * After a failed write the writer connection is dropped and opened afresh by the next one, {@code
   * cause} staying the error reported. On a full disk (SQLITE_FULL) SQLite has rolled the
   * transaction back by itself while the driver believes it open: a rollback then fails ("no
   * transaction is active"), the failed statement refuses every later call ("statement is not
   * executing"), and later inserts would run outside any transaction ("cannot commit"). The store
   * would refuse every batch after the disk has room again; a new connection starts clean.
   */
  private void discardWriter(Exception cause) {
    if (writer == null) {
      return;
    }
    try {
      writer.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    closeQuietly(writer); // closes its statements too
    writer = null;
  }

  /** The hub's own facts (window steps, API audit), committed one by one. */
  @Override
  public synchronized void append(EvidenceRecord r) {
    try {
      ensureWriter();
      String fields = JSON.writeValueAsString(r.fields());
      long id = lastEvent + 1;
      String hash = chain.hash(lastHash, id, r.kind(), r.tsNanos(), r.subject(), fields);
      event.setLong(1, id);
      event.setString(2, r.kind());
      event.setLong(3, r.tsNanos());
      event.setString(4, r.subject());
      event.setString(5, fields);
      event.setString(6, lastHash);
      event.setString(7, hash);
      event.executeUpdate();
      writer.commit();
      lastEvent = id;
      lastHash = hash;
    } catch (SQLException | IOException e) {
      discardWriter(e);
      throw new IllegalStateException("hub store: cannot record " + r.kind() + ": " + e, e);
    }
  }

  /**
   * Links into the chain the rows a store made before {@code hub_events} was chained (their content
   * trusted as found, once), and reads the chain's head. At open, on the writer.
   */
  private void chainUnhashed() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Statement st = writer.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rowid, kind, ts_nanos, subject, fields, hash FROM hub_events"
                    + " ORDER BY rowid")) {
      while (rs.next()) {
        rows.add(
            new Object[] {
              rs.getLong(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getString(4),
              rs.getString(5),
              rs.getString(6)
            });
      }
    }
    try (PreparedStatement link =
        writer.prepareStatement("UPDATE hub_events SET prev = ?, hash = ? WHERE rowid = ?")) {
      for (Object[] row : rows) {
        long id = (Long) row[0];
        String hash = (String) row[5];
        if (hash == null) {
          hash =
              chain.hash(
                  lastHash, id, (String) row[1], (Long) row[2], (String) row[3], (String) row[4]);
          link.setString(1, lastHash);
          link.setString(2, hash);
          link.setLong(3, id);
          link.executeUpdate();
        }
        lastEvent = id;
        lastHash = hash;
      }
    }
    writer.commit();
  }

  /**
   * The hub's facts of {@code kind} as a witness for its windows journal, after checking the whole
   * {@code hub_events} chain: every row's hash is the hash of its content and of the row before.
   *
   * @throws IOException naming the store and the first row that breaks the chain (edited, deleted,
   *     inserted or moved while the hub was stopped)
   */
  public EventChain.Witness witness(String kind) throws IOException {
    List<EvidenceRecord> records = new ArrayList<>();
    EventChain check = new EventChain();
    String prev = EventChain.GENESIS;
    synchronized (reader) {
      return witness(kind, records, check, prev);
    }
  }

  private EventChain.Witness witness(
      String kind, List<EvidenceRecord> records, EventChain check, String prev) throws IOException {
    try (Statement st = reader.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rowid, kind, ts_nanos, subject, fields, prev, hash FROM hub_events"
                    + " ORDER BY rowid")) {
      while (rs.next()) {
        long id = rs.getLong(1);
        String k = rs.getString(2);
        long ts = rs.getLong(3);
        String subject = rs.getString(4);
        String fields = rs.getString(5);
        if (!prev.equals(rs.getString(6))
            || !check.hash(prev, id, k, ts, subject, fields).equals(rs.getString(7))) {
          throw new IOException(
              file
                  + ": hub_events row "
                  + id
                  + " ("
                  + k
                  + (subject == null ? "" : " " + subject)
                  + ") breaks the store's hash chain: the store was changed outside the hub");
        }
        prev = rs.getString(7);
        if (k.equals(kind)) {
          records.add(new EvidenceRecord(k, ts, subject, JSON.readValue(fields, FIELDS)));
        }
      }
    } catch (SQLException e) {
      throw new IOException(file + ": cannot read hub_events: " + e.getMessage(), e);
    }
    return new EventChain.Witness(records);
  }

  /** Every site with records, with its counts, last record received and last checkpoint. */
  public List<Map<String, Object>> sites(int limit) throws SQLException {
    String sql =
        """
        SELECT site, SUM(n), SUM(notices), SUM(sessions), SUM(cameras), SUM(checkpoints),
               MAX(last) FROM (
          SELECT site, COUNT(*) n, COUNT(*) notices, 0 sessions, 0 cameras, 0 checkpoints,
                 MAX(received) last FROM notices GROUP BY site
          UNION ALL SELECT site, COUNT(*), 0, COUNT(*), 0, 0, MAX(received)
                 FROM sessions GROUP BY site
          UNION ALL SELECT site, COUNT(*), 0, 0, COUNT(*), 0, MAX(received)
                 FROM cameras GROUP BY site
          UNION ALL SELECT site, COUNT(*), 0, 0, 0, COUNT(*), MAX(received)
                 FROM checkpoints GROUP BY site)
        GROUP BY site ORDER BY site LIMIT ?
        """;
    synchronized (reader) {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = reader.prepareStatement(sql)) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", rs.getString(1));
            m.put("records", rs.getLong(2));
            m.put("notices", rs.getLong(3));
            m.put("sessions", rs.getLong(4));
            m.put("cameras", rs.getLong(5));
            m.put("checkpoints", rs.getLong(6));
            m.put("last_seen", rs.getString(7));
            out.add(m);
          }
        }
      }
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT json FROM checkpoints WHERE site = ?"
                  + " ORDER BY ts DESC, checkpoint_id DESC LIMIT 1")) {
        for (Map<String, Object> m : out) {
          ps.setString(1, (String) m.get("site"));
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              JsonNode cp = parse(rs.getString(1));
              Map<String, Object> head = new LinkedHashMap<>();
              for (String f :
                  List.of("ts", "checkpoint_id", "checkpoint_hash", "head_id", "head_hash")) {
                head.put(f, cp.get(f));
              }
              m.put("last_checkpoint", head);
            }
          }
        }
      }
      return out;
    }
  }

  /** Notices newest first; {@code site} and {@code type} (the notice's note) null for all. */
  public List<JsonNode> notices(String site, String type, int limit) throws SQLException {
    return select("notices", site, type == null ? null : "note", type, limit);
  }

  public List<JsonNode> sessions(String site, int limit) throws SQLException {
    return select("sessions", site, null, null, limit);
  }

  public List<JsonNode> cameras(String site, String camera, int limit) throws SQLException {
    return select("cameras", site, camera == null ? null : "subject", camera, limit);
  }

  public List<JsonNode> checkpoints(String site, int limit) throws SQLException {
    return select("checkpoints", site, null, null, limit);
  }

  /** Records of one kind and site, counted (for tests and the sites view). */
  public long count(HubRecord.Kind kind, String site) throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM " + kind.wireName() + (site == null ? "" : " WHERE site = ?");
    synchronized (reader) {
      try (PreparedStatement ps = reader.prepareStatement(sql)) {
        if (site != null) {
          ps.setString(1, site);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
  }

  private List<JsonNode> select(String table, String site, String column, String value, int limit)
      throws SQLException {
    // table and column are ours (constants above), never the caller's text.
    StringBuilder sql = new StringBuilder("SELECT json, received FROM ").append(table);
    List<String> args = new ArrayList<>();
    if (site != null) {
      sql.append(" WHERE site = ?");
      args.add(site);
    }
    if (column != null) {
      sql.append(site == null ? " WHERE " : " AND ").append(column).append(" = ?");
      args.add(value);
    }
    sql.append(" ORDER BY ts DESC, rowid DESC LIMIT ?");
    List<JsonNode> out = new ArrayList<>();
    synchronized (reader) {
      try (PreparedStatement ps = reader.prepareStatement(sql.toString())) {
        int i = 1;
        for (String a : args) {
          ps.setString(i++, a);
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            JsonNode n = parse(rs.getString(1));
            if (n instanceof ObjectNode o) {
              o.put("hub_received", rs.getString(2));
            }
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  private static JsonNode parse(String json) throws SQLException {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new SQLException("a stored record is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closeQuietly(writer);
    }
    synchronized (reader) {
      closeQuietly(reader);
    }
  }
}
