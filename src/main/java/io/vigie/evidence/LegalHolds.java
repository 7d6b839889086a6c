package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legal holds in force, as the chain records them: a {@code legal_hold} record (subject the
 * case, fields {@code window}, {@code device}, {@code from}, {@code to} in ns, any of them, plus
 * who and why) puts a hold on, a later {@code legal_hold_released} of the same case lifts it.
 * Retention never deletes what a hold covers.
 *
 * <pre>{@code
 * LegalHolds holds = LegalHolds.read(conn);
 * String c = holds.holdingSlice(conn, communityId, sliceStartNanos);   // the case, or null
 * }</pre>
 *
 * <p>A slice is covered when its flow's session record matches the hold's window and device ({@code
 * orig_name} or {@code resp_name}) and its start lies in the hold's time range; when its session
 * cannot be found, a hold naming a window or a device keeps it (the doubt goes to the procedure).
 * An image copy, which names no flow, is covered when its time lies in the hold's range, or for a
 * hold without a range, within the span of the sessions the hold covers.
 */
final class LegalHolds {
  /** One hold; null criteria match anything. */
  record Hold(String caseId, String window, String device, Long from, Long to) {
    boolean inRange(long ts) {
      return (from == null || ts >= from) && (to == null || ts < to);
    }

    boolean byFlow() {
      return window != null || device != null;
    }
  }

  private final List<Hold> holds;

  private LegalHolds(List<Hold> holds) {
    this.holds = holds;
  }

  static LegalHolds read(Connection c) throws SQLException {
    Map<String, Hold> byCase = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT kind, subject, fields FROM record"
                    + " WHERE kind IN ('legal_hold', 'legal_hold_released') ORDER BY id")) {
      while (rs.next()) {
        String caseId = rs.getString(2);
        if ("legal_hold_released".equals(rs.getString(1))) {
          byCase.remove(caseId);
          continue;
        }
        JsonNode f = Json.readTree(rs.getString(3));
        byCase.put(
            caseId,
            new Hold(
                caseId, text(f, "window"), text(f, "device"), nanos(f, "from"), nanos(f, "to")));
      }
    }
    return new LegalHolds(List.copyOf(byCase.values()));
  }

  List<Hold> all() {
    return holds;
  }

  /** The case holding a slice of flow {@code communityId} starting at {@code ts}, or null. */
  String holdingSlice(Connection c, String communityId, long ts) throws SQLException {
    JsonNode session = null;
    boolean looked = false;
    for (Hold h : holds) {
      if (!h.inRange(ts)) {
        continue;
      }
      if (!h.byFlow()) {
        return h.caseId();
      }
      if (!looked) {
        session = session(c, communityId);
        looked = true;
      }
      if (session == null) {
        return h.caseId();
      }
      boolean window = h.window() == null || h.window().equals(session.path("window").asText(null));
      boolean device =
          h.device() == null
              || h.device().equals(session.path("orig_name").asText(null))
              || h.device().equals(session.path("resp_name").asText(null));
      if (window && device) {
        return h.caseId();
      }
    }
    return null;
  }

  /**
   * The case holding something recorded at {@code ts} that names no flow (an image copy), or null.
   */
  String holdingTime(Connection c, long ts) throws SQLException {
    for (Hold h : holds) {
      if (!h.inRange(ts)) {
        continue;
      }
      if (h.from() != null || h.to() != null || !h.byFlow()) {
        return h.caseId();
      }
      long[] span = span(c, h);
      if (span != null && ts >= span[0] && ts <= span[1]) {
        return h.caseId();
      }
    }
    return null;
  }

  private static JsonNode session(Connection c, String communityId) throws SQLException {
    if (communityId == null) {
      return null;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT fields FROM record WHERE kind = 'session' AND subject = ? ORDER BY id LIMIT 1")) {
      ps.setString(1, communityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Json.readTree(rs.getString(1)) : null;
      }
    }
  }

  /** First start and last end of the sessions a flow hold covers, or null when there are none. */
  private static long[] span(Connection c, Hold h) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder("kind = 'session'");
    if (h.window() != null) {
      where.append(" AND json_extract(fields, '$.window') = ?");
      args.add(h.window());
    }
    if (h.device() != null) {
      where.append(
          " AND (json_extract(fields, '$.orig_name') = ? OR json_extract(fields, '$.resp_name') = ?)");
      args.add(h.device());
      args.add(h.device());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT min(ts), max(ts + CAST(CAST(json_extract(fields,"
                + " '$.duration') AS REAL) * 1e9 AS INTEGER)) FROM record WHERE "
                + where)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, (String) args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getObject(1) == null) {
          return null;
        }
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static String text(JsonNode f, String key) {
    JsonNode v = f.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Long nanos(JsonNode f, String key) {
    JsonNode v = f.get(key);
    return v == null || v.isNull() ? null : v.asLong();
  }
}
