package io.vigie.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.evidence.Exporter;
import io.vigie.evidence.StoreVerifier;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.VerifyOptions;
import io.vigie.evidence.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the web UI reads from the evidence store, through the evidence package's own readers
 * (timeline, verify, export), read-only. Calls run on the API's worker threads.
 *
 * <pre>{@code
 * EvidenceReader ev = new EvidenceReader(Path.of("/var/lib/vigie/evidence.db"), null, clock);
 * List<NoticeRow> n = ev.notices(sinceNanos);
 * byte[] zip = ev.export(new TimelineFilter(from, to, "W-3", null, false));
 * }</pre>
 */
final class EvidenceReader {
  /** A notice record, flattened for pages. */
  record NoticeRow(
      long id,
      long tsNanos,
      String note,
      String severity,
      String msg,
      String window,
      String camera,
      String communityId) {
    static NoticeRow of(TimelineEntry e) {
      JsonNode f = e.fields();
      return new NoticeRow(
          e.id(),
          e.tsNanos(),
          text(f, "note"),
          text(f, "severity"),
          text(f, "msg"),
          text(f, "window"),
          text(f, "camera"),
          text(f, "community_id"));
    }
  }

  /** A pcap slice whose bytes still match the digest its record holds. */
  record Slice(String fileName, byte[] bytes) {}

  /** A slice file that is gone or no longer matches its record. */
  static final class SliceProblem extends Exception {
    private static final long serialVersionUID = 1L;

    SliceProblem(String what) {
      super(what, null, false, false);
    }
  }

  private final Path db;
  private final Path sliceDir;
  private final Clock clock;

  /**
   * @param db the evidence database, or null when evidence is off
   * @param sliceDir its pcap slices; null means beside the database ({@code <db>.slices})
   */
  EvidenceReader(Path db, Path sliceDir, Clock clock) {
    this.db = db;
    this.sliceDir =
        sliceDir != null || db == null ? sliceDir : db.resolveSibling(db.getFileName() + ".slices");
    this.clock = clock;
  }

  /** The store's file name, as the verify commands of a report name it. */
  String storeName() {
    return db == null ? "evidence.db" : db.getFileName().toString();
  }

  boolean available() {
    return db != null && Files.isRegularFile(db);
  }

  List<TimelineEntry> entries(TimelineFilter f) throws IOException {
    return available() ? Timeline.read(db, f) : List.of();
  }

  /** Notices at or after {@code fromNanos} (null: all), oldest first. */
  List<NoticeRow> notices(Long fromNanos) throws IOException {
    List<NoticeRow> out = new ArrayList<>();
    for (TimelineEntry e : entries(new TimelineFilter(fromNanos, null, null, null, false))) {
      if ("notice".equals(e.kind())) {
        out.add(NoticeRow.of(e));
      }
    }
    return out;
  }

  /** The time of the latest session or notice in the store, if any (event time). */
  java.util.OptionalLong latestEventNanos() throws IOException {
    return available() ? Timeline.latestEventNanos(db) : java.util.OptionalLong.empty();
  }

  /** At most a few rows, and whether more were there. */
  record Latest<T>(List<T> rows, boolean more) {}

  /**
   * The latest {@code n} notices of warning severity or above raised under {@code window}, newest
   * first: a bounded read whatever the number of notices, for a page that shows only a few.
   */
  Latest<NoticeRow> windowNotices(String window, int n) throws IOException {
    if (!available()) {
      return new Latest<>(List.of(), false);
    }
    List<NoticeRow> out = new ArrayList<>();
    for (TimelineEntry e : Timeline.latestNotices(db, window, n + 1)) {
      out.add(NoticeRow.of(e));
    }
    boolean more = out.size() > n;
    return new Latest<>(more ? out.subList(0, n) : out, more);
  }

  /** The records whose subject is this session (its session and slice records), at its start. */
  List<TimelineEntry> session(String communityId, long startNanos) throws IOException {
    List<TimelineEntry> out = new ArrayList<>();
    for (TimelineEntry e :
        entries(new TimelineFilter(startNanos, startNanos + 1, null, null, false))) {
      if (communityId.equals(e.subject())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Notices naming this session, from its start on. */
  List<NoticeRow> sessionNotices(String communityId, long startNanos) throws IOException {
    List<NoticeRow> out = new ArrayList<>();
    for (NoticeRow n : notices(startNanos)) {
      if (communityId.equals(n.communityId())) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The slice of record {@code id} (kind {@code slice}, time {@code startNanos}), read only if its
   * file is inside the slice directory and still has the recorded SHA-256.
   */
  Optional<Slice> slice(long id, long startNanos) throws IOException, SliceProblem {
    for (TimelineEntry e :
        entries(new TimelineFilter(startNanos, startNanos + 1, null, null, false))) {
      if (e.id() != id || !"slice".equals(e.kind())) {
        continue;
      }
      Path base = sliceDir.toAbsolutePath().normalize();
      Path file = base.resolve(e.fields().path("file").asText()).normalize();
      if (!file.startsWith(base) || file.equals(base)) {
        throw new SliceProblem("slice record " + id + " names a file outside the slice directory");
      }
      if (!Files.isRegularFile(file)) {
        throw new SliceProblem("slice file of record " + id + " is gone (expired or removed)");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (!sha256Hex(bytes).equals(e.fields().path("sha256").asText())) {
        throw new SliceProblem(
            "slice file of record " + id + " does not match the SHA-256 in its record");
      }
      return Optional.of(new Slice(file.getFileName().toString(), bytes));
    }
    return Optional.empty();
  }

  /** The whole chain checked, a store still being written (unsigned tail) allowed. */
  Optional<VerifyResult> verify() throws IOException {
    if (!available()) {
      return Optional.empty();
    }
    return Optional.of(StoreVerifier.verify(db, new VerifyOptions(null, null, true, sliceDir)));
  }

  /** A case bundle ({@code vigie evidence verify} checks it) for the records {@code f} selects. */
  byte[] export(TimelineFilter f) throws IOException {
    Path dir = Files.createTempDirectory("vigie-export-");
    Path out = dir.resolve("case.zip");
    try {
      Exporter.export(db, sliceDir, f, out, clock);
      return Files.readAllBytes(out);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(dir);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String text(JsonNode f, String key) {
    JsonNode n = f.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }
}
