package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The capture files a store has been fed by {@code vigie replay --evidence}: one {@code
 * replay_input} record per file (its name and SHA-256), so that a second replay of the same capture
 * into the same store is refused instead of doubling its sessions and notices.
 *
 * <pre>{@code
 * List<Input> in = List.of(ReplayInputs.of(Path.of("case.pcap")));
 * List<String> again = ReplayInputs.earlier(db, in);   // "case.pcap (sha256 3f2a…) on 2026-..."
 * if (again.isEmpty()) { ...replay...; in.forEach(i -> store.append(ReplayInputs.record(i, now))); }
 * }</pre>
 *
 * <p>Identity is the content (SHA-256), not the name: the same capture copied elsewhere is the same
 * capture.
 */
public final class ReplayInputs {
  /** The record kind, one of the store's own (left out of timelines unless asked for). */
  public static final String KIND = "replay_input";

  private ReplayInputs() {}

  /** A capture file and the SHA-256 of its bytes. */
  public record Input(Path file, String sha256) {}

  /** Hashes the file. */
  public static Input of(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return new Input(file, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * The earlier replays of these inputs into the store at {@code db}, one sentence each; empty when
   * none (or when the store does not exist yet).
   */
  public static List<String> earlier(Path db, List<Input> inputs) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isRegularFile(db)) {
      return found;
    }
    String sql =
        "SELECT ts, json_extract(fields, '$.file') FROM record WHERE kind = '"
            + KIND
            + "' AND json_extract(fields, '$.sha256') = ? ORDER BY id LIMIT 1";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (Input i : inputs) {
        ps.setString(1, i.sha256());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            found.add(
                i.file()
                    + " (sha256 "
                    + i.sha256().substring(0, 12)
                    + "…) was already replayed into "
                    + db
                    + " on "
                    + Times.iso(rs.getLong(1))
                    + " as "
                    + rs.getString(2));
          }
        }
      }
    } catch (SQLException e) {
      // A store without a record table yet (or not a store): nothing was replayed into it.
      if (e.getMessage() == null || !e.getMessage().contains("no such table")) {
        throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
      }
    }
    return found;
  }

  /** The record saying that this input was replayed into the store, at {@code tsNanos}. */
  public static EvidenceRecord record(Input i, long tsNanos) {
    return new EvidenceRecord(
        KIND,
        tsNanos,
        String.valueOf(i.file().getFileName()),
        Map.of("file", String.valueOf(i.file().getFileName()), "sha256", i.sha256()));
  }
}
