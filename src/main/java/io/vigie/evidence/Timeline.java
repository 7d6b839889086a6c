package io.vigie.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records back in time order for a person, as text, JSON or CSV.
 *
 * <pre>{@code
 * List<TimelineEntry> t = Timeline.read(db, new TimelineFilter(from, to, "W-12", null, false));
 * Timeline.writeText(t, out);
 * }</pre>
 */
public final class Timeline {
  private Timeline() {}

  public static List<TimelineEntry> read(Path db, TimelineFilter f) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (var st = c.createStatement()) {
        st.execute("PRAGMA query_only = 1");
      }
      return read(c, f);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
  }

  /**
   * The time of the latest session or notice in the store (event time: packet time for a replayed
   * capture), or empty when it holds none. One indexed read, whatever the size of the store.
   */
  public static java.util.OptionalLong latestEventNanos(Path db) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement ps =
            c.prepareStatement("SELECT max(ts) FROM record WHERE kind IN ('session', 'notice')");
        ResultSet rs = ps.executeQuery()) {
      long ts = rs.next() ? rs.getLong(1) : 0;
      return rs.wasNull() || ts == 0
          ? java.util.OptionalLong.empty()
          : java.util.OptionalLong.of(ts);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
  }

  /**
   * The latest {@code limit} notices above {@code info} raised under {@code window}, newest first.
   * A page that shows a few notices per window reads only those, not every record of the store.
   */
  public static List<TimelineEntry> latestNotices(Path db, String window, int limit)
      throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    String sql =
        "SELECT id, ts, kind, subject, fields, hash FROM record WHERE kind = 'notice'"
            + " AND json_extract(fields, '$.window') = ? AND coalesce(json_extract(fields, '$.severity'), '') <> 'info'"
            + " ORDER BY ts DESC, id DESC LIMIT ?";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, window);
      ps.setInt(2, limit);
      List<TimelineEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TimelineEntry(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  Json.readTree(rs.getString(5)),
                  rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
  }

  static List<TimelineEntry> read(Connection c, TimelineFilter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, ts, kind, subject, fields, hash FROM record WHERE ts >= ? AND ts < ?");
    List<String> args = new ArrayList<>();
    if (!f.internal()) {
      sql.append(" AND kind NOT IN ('checkpoint', 'key', 'store_opened', 'replay_input')");
    }
    if (f.window() != null) {
      sql.append(" AND (subject = ? OR json_extract(fields, '$.window') = ?)");
      args.add(f.window());
      args.add(f.window());
    }
    if (f.device() != null) {
      sql.append(
          " AND (subject = ? OR json_extract(fields, '$.orig_name') = ?"
              + " OR json_extract(fields, '$.resp_name') = ? OR json_extract(fields, '$.camera') = ?)");
      for (int i = 0; i < 4; i++) {
        args.add(f.device());
      }
    }
    sql.append(" ORDER BY ts, id");
    List<TimelineEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setLong(1, f.fromNanos() == null ? Long.MIN_VALUE : f.fromNanos());
      ps.setLong(2, f.toNanos() == null ? Long.MAX_VALUE : f.toNanos());
      for (int i = 0; i < args.size(); i++) {
        ps.setString(3 + i, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TimelineEntry(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  Json.readTree(rs.getString(5)),
                  rs.getString(6)));
        }
      }
    }
    return out;
  }

  /** {@code 2026-11-23T01:02:03.5Z #42 session 1:abc= ssh 203.0.113.5:51514 -> ...} */
  public static void writeText(List<TimelineEntry> entries, Writer out) throws IOException {
    for (TimelineEntry e : entries) {
      out.write(
          String.format(
              "%-30s #%-6d %-14s %s  %s%n",
              Times.iso(e.tsNanos()),
              e.id(),
              e.kind(),
              e.subject() == null ? "-" : e.subject(),
              e.summary()));
    }
    out.flush();
  }

  public static void writeJson(List<TimelineEntry> entries, Writer out) throws IOException {
    ArrayNode arr = Json.MAPPER.createArrayNode();
    for (TimelineEntry e : entries) {
      ObjectNode n = arr.addObject();
      n.put("id", e.id());
      n.put("time", Times.iso(e.tsNanos()));
      n.put("ts_nanos", e.tsNanos());
      n.put("kind", e.kind());
      n.put("subject", e.subject());
      n.set("fields", e.fields());
      n.put("hash", e.hash());
    }
    Json.MAPPER
        .writerWithDefaultPrettyPrinter()
        .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, arr);
    out.write("\n");
    out.flush();
  }

  public static void writeCsv(List<TimelineEntry> entries, Writer out) throws IOException {
    out.write("id,time,kind,subject,summary,hash\r\n");
    for (TimelineEntry e : entries) {
      out.write(
          e.id()
              + ","
              + Times.iso(e.tsNanos())
              + ","
              + csv(e.kind())
              + ","
              + csv(e.subject())
              + ","
              + csv(e.summary())
              + ","
              + e.hash()
              + "\r\n");
    }
    out.flush();
  }

  /** RFC 4180 quoting; a leading formula character is neutralised for spreadsheet users. */
  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
