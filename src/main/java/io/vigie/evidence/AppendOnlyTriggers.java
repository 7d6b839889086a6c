package io.vigie.evidence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQLite triggers that refuse UPDATE and DELETE on {@code record} (created by {@code
 * V1__records.sql}). They stop no one with file access, but their absence is a trace: whoever
 * dropped them meant to edit or delete records. Verify reports it; the store puts them back at
 * open, after recording that they were gone.
 */
final class AppendOnlyTriggers {
  /** Name and body, as V1 creates them. */
  private static final Map<String, String> TRIGGERS =
      Map.of(
          "record_no_update",
              "CREATE TRIGGER IF NOT EXISTS record_no_update BEFORE UPDATE ON record\n"
                  + "BEGIN\n  SELECT RAISE(ABORT, 'evidence is append-only: UPDATE refused');\nEND;",
          "record_no_delete",
              "CREATE TRIGGER IF NOT EXISTS record_no_delete BEFORE DELETE ON record\n"
                  + "BEGIN\n  SELECT RAISE(ABORT, 'evidence is append-only: DELETE refused');\nEND;");

  private AppendOnlyTriggers() {}

  /** Names of the triggers that are missing, sorted; empty when all are there. */
  static List<String> missing(Connection c) throws SQLException {
    Set<String> present = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'record'")) {
      while (rs.next()) {
        present.add(rs.getString(1));
      }
    }
    List<String> out = new ArrayList<>();
    for (String name : TRIGGERS.keySet()) {
      if (!present.contains(name)) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  static void restore(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String sql : TRIGGERS.values()) {
        st.execute(sql);
      }
    }
  }
}
