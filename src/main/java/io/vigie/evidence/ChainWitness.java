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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the chain holds of a few record kinds, read once, so that a journal kept beside the store
 * (the window journal, the baseline journal) can be checked against it: a journal line that the
 * chain does not hold was not written by vigie when the step happened.
 *
 * <pre>{@code
 * ChainWitness chain = ChainWitness.read(db, Set.of("window_event"));
 * chain.holds(new EvidenceRecord("window_event", ts, "W-20261123-001", fields));
 * }</pre>
 *
 * <p>A row counts only if its stored hash is the hash of its own content and link: a row slipped
 * into the table by hand with a made-up hash is not a witness. (Whether the chain as a whole is
 * intact is {@code evidence verify}'s job and the store's check at open.) The file is opened with
 * {@code query_only}: reading never writes.
 */
public final class ChainWitness {
  private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>
      FIELDS = new com.fasterxml.jackson.core.type.TypeReference<>() {};
  private final Set<String> held;
  private final List<EvidenceRecord> records;

  private ChainWitness(Set<String> held, List<EvidenceRecord> records) {
    this.held = held;
    this.records = records;
  }

  /** A witness that holds nothing (no store): every journal step is then refused. */
  public static ChainWitness empty() {
    return new ChainWitness(Set.of(), List.of());
  }

  /**
   * @throws IOException when {@code db} is missing or cannot be read
   */
  public static ChainWitness read(Path db, Set<String> kinds) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no evidence store to check the journal against");
    }
    Set<String> held = new HashSet<>();
    List<EvidenceRecord> records = new ArrayList<>();
    ChainHash hash = new ChainHash();
    String marks = String.join(",", java.util.Collections.nCopies(kinds.size(), "?"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = 1");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, kind, ts, subject, fields, prev, hash FROM record"
                  + " WHERE kind IN ("
                  + marks
                  + ") ORDER BY id")) {
        int i = 1;
        for (String k : kinds) {
          ps.setString(i++, k);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String kind = rs.getString(2);
            long ts = rs.getLong(3);
            String subject = rs.getString(4);
            String fields = rs.getString(5);
            if (!hash.hash(rs.getString(6), rs.getLong(1), kind, ts, subject, fields)
                .equals(rs.getString(7))) {
              continue;
            }
            held.add(key(kind, ts, subject, fields));
            records.add(
                new EvidenceRecord(kind, ts, subject, Json.MAPPER.readValue(fields, FIELDS)));
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence chain: " + e.getMessage(), e);
    }
    return new ChainWitness(held, List.copyOf(records));
  }

  /** Whether the chain holds a record of this kind, time, subject and (canonical) content. */
  public boolean holds(EvidenceRecord r) {
    return held.contains(key(r.kind(), r.tsNanos(), r.subject(), CanonicalJson.write(r.fields())));
  }

  /** The records read, in chain order (fields as parsed JSON). */
  public List<EvidenceRecord> records() {
    return records;
  }

  private static String key(String kind, long ts, String subject, String fields) {
    return kind + '\n' + ts + '\n' + subject + '\n' + fields;
  }
}
