package io.vigie.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the versioned schema files of {@code migrations/} in order, each in its own transaction;
 * {@code PRAGMA user_version} records how many have run.
 */
final class Migrations {
  private static final String DIR = "migrations/";

  private Migrations() {}

  static List<String> files() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : resource("migrations.list").split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        names.add(t);
      }
    }
    return names;
  }

  /** Brings the schema up to date; refuses a database newer than this program. */
  static void apply(Connection c) throws SQLException, IOException {
    List<String> files = files();
    int version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > files.size()) {
      throw new SQLException(
          "evidence schema version "
              + version
              + " is newer than this vigie ("
              + files.size()
              + ")");
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int v = version; v < files.size(); v++) {
        try (Statement st = c.createStatement()) {
          for (String sql : statements(resource(files.get(v)))) {
            st.executeUpdate(sql);
          }
          st.executeUpdate("PRAGMA user_version = " + (v + 1));
        }
        c.commit();
      }
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Splits a script into statements: each ends with a line ending in {@code ;}, except inside a
   * trigger, which ends with {@code END;}. Lines starting with {@code --} are comments.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inTrigger = false;
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.toUpperCase(java.util.Locale.ROOT).startsWith("CREATE TRIGGER")) {
        inTrigger = true;
      }
      boolean end = inTrigger ? t.equalsIgnoreCase("END;") : t.endsWith(";");
      if (end) {
        out.add(cur.toString().strip());
        cur.setLength(0);
        inTrigger = false;
      }
    }
    if (!cur.toString().isBlank()) {
      throw new IllegalStateException("schema script ends inside a statement: " + cur);
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Migrations.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException("missing schema resource " + DIR + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
