package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The newest {@code camera_snapshot} record of each camera, read-only, from a store the daemon may
 * be writing to at the same time: what {@code vigie cameras inventory} lists. A record whose hash
 * does not verify is passed over (the older one stands), as {@code ChainWitness} does.
 */
public final class LatestSnapshots {
  private LatestSnapshots() {}

  /**
   * Camera name → its newest snapshot, for the cameras named; empty when the store has none yet.
   * The scan goes from the newest record back and stops once every camera is found, so a store of a
   * year of polls is not read whole.
   */
  public static Map<String, EvidenceRecord> read(Path db, Set<String> cameras) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no evidence store");
    }
    Map<String, EvidenceRecord> out = new TreeMap<>();
    ChainHash hash = new ChainHash();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = 1");
      }
      // Newest first, so the first record that verifies per camera wins.
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, kind, ts, subject, fields, prev, hash FROM record"
                      + " WHERE kind = 'camera_snapshot' ORDER BY id DESC");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String subject = rs.getString(4);
          if (subject == null || out.containsKey(subject) || !cameras.contains(subject)) {
            continue;
          }
          String kind = rs.getString(2);
          long ts = rs.getLong(3);
          String fields = rs.getString(5);
          if (!hash.hash(rs.getString(6), rs.getLong(1), kind, ts, subject, fields)
              .equals(rs.getString(7))) {
            continue;
          }
          out.put(
              subject,
              new EvidenceRecord(
                  kind,
                  ts,
                  subject,
                  Json.MAPPER.readValue(
                      fields,
                      new com.fasterxml.jackson.core.type.TypeReference<
                          Map<String, Object>>() {})));
        }
      }
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
    return out;
  }
}
