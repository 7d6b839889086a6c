package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.config.EvidenceConfig;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.NoticeSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: every reading and export by a reviewer through the CLI is itself a chained record (who,
 * what, when), signed so the store still verifies, even while a daemon writes the same store.
 */
class EvidenceAccessCommandTest {
  private static final long T0 = 1_763_859_600_000_000_000L; // 2025-11-23T01:00:00Z
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path db;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static EvidenceConfig cfg() {
    return new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null);
  }

  private static EvidenceStore open(Path db) throws Exception {
    return EvidenceStore.open(
        db,
        cfg(),
        Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC),
        NoticeSink.NONE,
        EvidenceMetrics.NONE);
  }

  private static EvidenceRecord windowEvent(String window, long ts) {
    return new EvidenceRecord("window_event", ts, window, Map.of("action", "approved"));
  }

  @BeforeEach
  void store() throws Exception {
    db = dir.resolve("town.db");
    try (EvidenceStore store = open(db)) {
      store.append(windowEvent("W-12", T0));
      store.append(windowEvent("W-13", T0 + 1_000_000_000L));
    }
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The fields of the records of {@code kind}, in chain order. */
  private List<JsonNode> records(String kind) throws Exception {
    List<JsonNode> l = new ArrayList<>();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var ps =
            c.prepareStatement("SELECT subject, fields FROM record WHERE kind = ? ORDER BY id")) {
      ps.setString(1, kind);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonNode f = JSON.readTree(rs.getString(2));
          assertEquals(f.path("principal").asText(), rs.getString(1), "subject is who");
          l.add(f);
        }
      }
    }
    return l;
  }

  private void assertIntact() {
    assertEquals(0, run("evidence", "verify", db.toString()), out + " " + err);
    assertTrue(out.toString().contains("intact"), out.toString());
  }

  @Test
  void aTimelineReadingIsARecordSignedWithTheStoresKey() throws Exception {
    assertEquals(
        0,
        run("evidence", "timeline", "--window", "W-12", "--as", "j.reviewer", db.toString()),
        err.toString());
    assertTrue(out.toString().contains("W-12"), out.toString());
    assertFalse(out.toString().contains("ui_view"), "the reading is recorded after it is read");
    List<JsonNode> views = records("ui_view");
    assertEquals(1, views.size());
    JsonNode v = views.get(0);
    assertEquals("j.reviewer", v.path("principal").asText());
    assertEquals(System.getProperty("user.name"), v.path("os_user").asText(), "--as hides no one");
    assertEquals("cli", v.path("via").asText());
    assertEquals("timeline", v.path("view").asText());
    assertEquals("W-12", v.path("window").asText());
    assertEquals(1, v.path("entries").asInt());
    // Signed by a checkpoint: verify needs no --allow-unsigned-tail.
    assertIntact();

    // Without --as, the OS user is who.
    assertEquals(0, run("evidence", "timeline", "--from", "2025-11-23", db.toString()));
    assertEquals(
        System.getProperty("user.name"), records("ui_view").get(1).path("principal").asText());
    assertEquals("2025-11-23T00:00:00Z", records("ui_view").get(1).path("from").asText());
  }

  @Test
  void anExportIsARecordNamingTheBundlesHash() throws Exception {
    Path zip = dir.resolve("case.zip");
    assertEquals(
        0,
        run("evidence", "export", db.toString(), "--out", zip.toString(), "--window", "W-13"),
        err.toString());
    List<JsonNode> exports = records("ui_export");
    assertEquals(1, exports.size());
    JsonNode e = exports.get(0);
    assertEquals(System.getProperty("user.name"), e.path("principal").asText());
    assertEquals("W-13", e.path("window").asText());
    assertEquals(Files.size(zip), e.path("bytes").asLong());
    assertEquals(
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip))),
        e.path("sha256").asText(),
        "the record ties the exported file to who exported it");
    assertEquals(zip.toAbsolutePath().toString(), e.path("file").asText());
    assertIntact();
    assertEquals(0, run("evidence", "verify", zip.toString()), out + " " + err);
  }

  @Test
  void aReadingThatCannotBeRecordedIsRefusedAndShowsNothing() throws Exception {
    // Another store's key: recording with it would start a second key with no hand-over.
    Path other = dir.resolve("other.db");
    try (EvidenceStore s = open(other)) {
      s.append(windowEvent("W-1", T0));
    }
    Files.copy(dir.resolve("other.db.pub"), dir.resolve("other.db.key.pub")); // --key's convention
    long before = count();
    assertEquals(
        2,
        run(
            "evidence",
            "timeline",
            "--key",
            dir.resolve("other.db.key").toString(),
            db.toString()));
    assertTrue(err.toString().contains("cannot record this access"), err.toString());
    assertTrue(err.toString().contains("is not the store's current key"), err.toString());
    assertEquals("", out.toString(), "nothing shown");
    assertEquals(before, count(), "nothing appended");

    Path zip = dir.resolve("case.zip");
    assertEquals(
        2,
        run(
            "evidence",
            "export",
            "--key",
            dir.resolve("other.db.key").toString(),
            "--out",
            zip.toString(),
            db.toString()));
    assertFalse(Files.exists(zip), "no export without its record");

    assertEquals(2, run("evidence", "timeline", "--as", " ", db.toString()));
    assertTrue(err.toString().contains("--as"), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
    assertIntact();
  }

  /** The daemon and the CLI write the same store: each chains after the other. */
  @Test
  void aReadingWhileTheDaemonWritesKeepsOneChain() throws Exception {
    try (EvidenceStore store = open(db)) {
      store.append(windowEvent("W-14", T0 + 2_000_000_000L));
      store.flush();
      assertEquals(
          0, run("evidence", "timeline", "--as", "auditor", db.toString()), err.toString());
      store.append(windowEvent("W-15", T0 + 3_000_000_000L));
      store.flush();
      assertEquals(
          0, run("evidence", "timeline", "--as", "auditor2", db.toString()), err.toString());
      store.append(windowEvent("W-16", T0 + 4_000_000_000L));
    }
    assertEquals(2, records("ui_view").size());
    assertEquals(0, run("evidence", "timeline", "--json", "--window", "W-16", db.toString()));
    assertEquals(1, JSON.readTree(out.toString()).size(), "the daemon's record after the readings");
    assertIntact();
  }

  private long count() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM record")) {
      return rs.getLong(1);
    }
  }
}
