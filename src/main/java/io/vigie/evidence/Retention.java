package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.config.RetentionConfig;
import io.vigie.facts.EvidenceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which files retention deletes now: pcap slices older than {@code retention.slices_days} and image
 * copies older than {@code retention.image_copies_days}, except those a legal hold covers ({@link
 * LegalHolds}). Runs on the writer thread, over its connection.
 *
 * <pre>{@code
 * for (Retention.Expiry e : retention.due(now)) { pending.add(e.record()); ... }   // commit first
 * ...then delete e.file()
 * }</pre>
 *
 * <p>Each kind is scanned from where the last scan ended; what a hold kept is looked at again at
 * every scan, so that it goes once the hold is released. Files already gone are skipped.
 */
final class Retention {
  /** A file to delete once its expiry record is committed. */
  record Expiry(ChainWriter.Row row, Path file) {}

  private final StorePaths paths;
  private final RetentionConfig cfg;
  private final Connection conn;
  private long slicesScannedTo;
  private long imagesScannedTo;

  /** Record ids a hold kept, with their kind: looked at again while the hold lasts. */
  private final Map<Long, String> held = new LinkedHashMap<>();

  Retention(StorePaths paths, RetentionConfig cfg, Connection conn) {
    this.paths = paths;
    this.cfg = cfg;
    this.conn = conn;
  }

  /** The expiries due at {@code now}; the scan position moves on only by {@link #done}. */
  Scan due(long now) throws SQLException {
    LegalHolds holds = LegalHolds.read(conn);
    long sliceCutoff = now - TimeUnit.DAYS.toNanos(cfg.slicesDays());
    long imageCutoff = now - TimeUnit.DAYS.toNanos(cfg.imageCopiesDays());
    List<Expiry> out = new ArrayList<>();
    Map<Long, String> stillHeld = new LinkedHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    candidates.addAll(between("slice", slicesScannedTo, sliceCutoff));
    candidates.addAll(between("image_copy", imagesScannedTo, imageCutoff));
    for (Map.Entry<Long, String> h : held.entrySet()) {
      candidates.addAll(byId(h.getKey()));
    }
    for (Candidate c : candidates) {
      boolean slice = c.kind().equals("slice");
      Path file =
          slice
              ? paths.sliceDir().resolve(c.fields().path("file").asText())
              : paths.db().toAbsolutePath().getParent().resolve(c.fields().path("path").asText());
      if (!Files.exists(file)) {
        continue;
      }
      String hold =
          slice ? holds.holdingSlice(conn, c.subject(), c.ts()) : holds.holdingTime(conn, c.ts());
      if (hold != null) {
        stillHeld.put(c.id(), c.kind());
        continue;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      if (slice) {
        f.put("slice_id", c.id());
        f.put("file", c.fields().path("file").asText());
        f.put("retention_days", cfg.slicesDays());
      } else {
        f.put("image_copy_id", c.id());
        f.put("path", c.fields().path("path").asText());
        f.put("retention_days", cfg.imageCopiesDays());
      }
      f.put("sha256", c.fields().path("sha256").asText());
      out.add(
          new Expiry(
              ChainWriter.Row.of(
                  new EvidenceRecord(
                      slice ? "slice_expired" : "image_expired",
                      now,
                      slice ? null : c.subject(),
                      f)),
              file));
    }
    return new Scan(out, sliceCutoff, imageCutoff, stillHeld);
  }

  /** What one scan found. */
  record Scan(List<Expiry> expiries, long sliceCutoff, long imageCutoff, Map<Long, String> held) {}

  /** The scan's expiries are committed: move on. */
  void done(Scan s) {
    slicesScannedTo = Math.max(slicesScannedTo, s.sliceCutoff());
    imagesScannedTo = Math.max(imagesScannedTo, s.imageCutoff());
    held.clear();
    held.putAll(s.held());
  }

  private record Candidate(long id, String kind, long ts, String subject, JsonNode fields) {}

  private List<Candidate> between(String kind, long from, long to) throws SQLException {
    if (to <= from) {
      return List.of();
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, kind, ts, subject, fields FROM record WHERE kind = ? AND ts >= ? AND ts < ? ORDER BY id")) {
      ps.setString(1, kind);
      ps.setLong(2, from);
      ps.setLong(3, to);
      return read(ps);
    }
  }

  private List<Candidate> byId(long id) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT id, kind, ts, subject, fields FROM record WHERE id = ?")) {
      ps.setLong(1, id);
      return read(ps);
    }
  }

  private static List<Candidate> read(PreparedStatement ps) throws SQLException {
    List<Candidate> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Candidate(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                Json.readTree(rs.getString(5))));
      }
    }
    return out;
  }
}
