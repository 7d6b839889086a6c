package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.capture.LinkType;
import io.vigie.config.EvidenceConfig;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.Direction;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import io.vigie.tools.ToolsMain;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reviewer's commands, run in-process as {@code vigie evidence ...}, with their exit codes. */
class EvidenceCommandTest {
  private static final long T0 = 1_763_859_600_000_000_000L; // 2025-11-23T01:00:00Z

  @TempDir Path dir;

  private Path db;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void store() throws Exception {
    db = dir.resolve("town.db");
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null);
    Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg, clock, NoticeSink.NONE, EvidenceMetrics.NONE)) {
      store.append(
          new EvidenceRecord(
              "window_event",
              T0,
              "W-12",
              Map.of(
                  "action",
                  "approved",
                  "by",
                  "mairie",
                  "from",
                  "2025-11-23T01:00:00Z",
                  "to",
                  "2025-11-23T03:00:00Z")));
      PacketRecorder.Recording r =
          store.recorder().begin("1:ssh-cam-007=", T0 + 5_000_000_000L, LinkType.ETHERNET);
      byte[] frame = new byte[54];
      frame[12] = 0x08;
      r.packet(T0 + 5_000_000_000L, frame, 0, frame.length, frame.length);
      r.finish(null);
      store.append(session(5, "cam-007", "authorised", "W-12"));
      store.append(session(9000, "cam-012", "outside_window", null));
      store.onNotice(
          new Notice(
              T0 + 9000_000_000_000L,
              "vendor_access_outside_window",
              Severity.HIGH,
              "n-1",
              "1:ssh-cam-012=",
              "Vendor SSH to cam-012 outside any maintenance window.",
              null,
              "cam-012"));
    }
  }

  private static Session session(long sec, String cam, String verdict, String window) {
    long start = T0 + sec * 1_000_000_000L;
    return new Session(
        start,
        start + 42_000_000_000L,
        "tcp",
        "203.0.113.5",
        51514,
        "10.20.1.7",
        22,
        "1:ssh-" + cam + "=",
        App.SSH,
        3_000,
        40_000,
        30,
        40,
        Direction.INBOUND,
        true,
        "acme-support",
        cam,
        "fin",
        null,
        verdict,
        window);
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The benchmarks are in the tools, not in the appliance's CLI. */
  private int tool(String... args) {
    return ToolsMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void verifyIntactTamperedAndBadInput() throws Exception {
    assertEquals(0, run("evidence", "verify", db.toString()), err.toString());
    assertTrue(out.toString().contains("town.db: intact: "), out.toString());
    assertTrue(out.toString().contains("1 pcap slices match their hashes"), out.toString());

    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("DROP TRIGGER record_no_update");
      st.execute(
          "UPDATE record SET fields = replace(fields, 'outside_window', 'authorised')"
              + " WHERE json_extract(fields, '$.resp_name') = 'cam-012'");
    }
    out.getBuffer().setLength(0);
    assertEquals(1, run("evidence", "verify", db.toString()));
    assertTrue(
        out.toString()
            .matches(
                "(?s).*NOT INTACT: record \\d+ \\(2025-11-23T03:30:00Z, session\\): content does not match.*"),
        out.toString());

    assertEquals(2, run("evidence", "verify", dir.resolve("nope.db").toString()));
    assertEquals("vigie: " + dir.resolve("nope.db") + ": no such file", err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("evidence", "verify", "--checkpoint", "abc", db.toString()));
    assertTrue(err.toString().contains("not a SHA-256"), err.toString());
    assertFalse(err.toString().contains("Exception"), "no stack trace: " + err);
  }

  @Test
  void timelineForAPersonMatchesTheGoldenFile() throws Exception {
    assertEquals(0, run("evidence", "timeline", db.toString()), err.toString());
    String golden;
    try (InputStream in = getClass().getResourceAsStream("evidence-timeline.txt")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(golden, out.toString());
  }

  @Test
  void timelineFiltersAndJson() throws Exception {
    assertEquals(
        0,
        run("evidence", "timeline", "--json", "--window", "W-12", db.toString()),
        err.toString());
    JsonNode t = new ObjectMapper().readTree(out.toString());
    assertEquals(2, t.size(), "the window's approval and the session in it");
    assertEquals("window_event", t.get(0).path("kind").asText());
    assertEquals("authorised", t.get(1).path("fields").path("verdict").asText());
    assertEquals(64, t.get(1).path("hash").asText().length());

    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run(
            "evidence",
            "timeline",
            "--device",
            "cam-012",
            "--from",
            "2025-11-23T03:00:00Z",
            db.toString()));
    assertEquals(2, out.toString().lines().count(), out.toString());
    assertTrue(out.toString().contains("vendor_access_outside_window"));

    assertEquals(2, run("evidence", "timeline", "--from", "yesterday", db.toString()));
    assertTrue(err.toString().contains("--from: 'yesterday' is not a time"), err.toString());
  }

  @Test
  void exportThenVerifyTheBundle() throws Exception {
    Path zip = dir.resolve("case.zip");
    assertEquals(
        0,
        run("evidence", "export", db.toString(), "--out", zip.toString(), "--device", "cam-007"),
        err.toString());
    assertTrue(out.toString().contains("1 pcap slices"), out.toString());
    out.getBuffer().setLength(0);
    Path pub = dir.resolve("kept.pub");
    Files.copy(dir.resolve("town.db.pub"), pub);
    assertEquals(
        0, run("evidence", "verify", "--pubkey", pub.toString(), zip.toString()), out + " " + err);
    assertTrue(out.toString().contains("case.zip: intact: bundle:"), out.toString());
  }

  @Test
  void pubkeyPrintsThePemAndItsFingerprint() throws Exception {
    assertEquals(0, run("evidence", "pubkey", db.toString()), err.toString());
    assertTrue(
        out.toString().startsWith(Files.readString(dir.resolve("town.db.pub"))), out.toString());
    assertTrue(out.toString().contains("fingerprint"));
  }

  @Test
  void benchPrintsRecordsPerSecondAndBatchSize() {
    assertEquals(
        0,
        tool(
            "bench",
            "evidence",
            "--records",
            "3000",
            "--batch",
            "100",
            "--warmup",
            "500",
            "--dir",
            dir.resolve("bench").toString()),
        err.toString());
    assertTrue(
        out.toString()
            .matches(
                "(?s)evidence writer: 3000 session records in [0-9.]+ s = \\d+ records/s \\(batch size 100,.*"),
        out.toString());
    assertTrue(out.toString().contains("reference: plain SQLite"), out.toString());
  }

  @Test
  void exportAndRotateKeyRefuseBadInputWithExit2() throws Exception {
    Path zip = dir.resolve("case.zip");
    assertEquals(
        2,
        run(
            "evidence",
            "export",
            "--key",
            dir.resolve("nokey").toString(),
            "--out",
            zip.toString(),
            db.toString()));
    assertTrue(err.toString().contains("no such private key"), err.toString());
    assertEquals(
        2,
        run(
            "evidence",
            "export",
            "--tsa",
            "http://127.0.0.1:9/tsr",
            "--out",
            zip.toString(),
            db.toString()));
    assertTrue(err.toString().contains("--tsa-ca is required"), err.toString());
    assertEquals(2, run("evidence", "rotate-key", dir.resolve("nope.db").toString()));
    assertFalse(Files.exists(zip), "nothing written on bad input");
  }

  @Test
  void aFileThatIsNotAStoreIsBadInputNotTampering() throws Exception {
    Path text = dir.resolve("notes.db");
    Files.writeString(text, "hello, this is not a database\n");
    assertEquals(2, run("evidence", "verify", text.toString()));
    assertTrue(err.toString().contains("notes.db: not an evidence store"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(out.toString().contains("NOT INTACT"), out.toString());
    err.getBuffer().setLength(0);
    // Another program's SQLite database: not a store either.
    Path other = dir.resolve("places.sqlite");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + other);
        var st = c.createStatement()) {
      st.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)");
    }
    assertEquals(2, run("evidence", "verify", other.toString()));
    assertTrue(err.toString().contains("without vigie's record table"), err.toString());
    assertFalse(out.toString().contains("NOT INTACT"), out.toString());
  }

  @Test
  void recordsAfterTheLastCheckpointAreTheNormalStateOfARunningStore() throws Exception {
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null);
    Clock clock = Clock.fixed(Instant.parse("2025-11-23T04:00:00Z"), ZoneOffset.UTC);
    // The store stays open, as under a running daemon: what it appended is not signed yet.
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg, clock, NoticeSink.NONE, EvidenceMetrics.NONE)) {
      store.append(session(10_000, "cam-007", "authorised", "W-12"));
      store.append(session(10_100, "cam-007", "authorised", "W-12"));
      store.flush();
      assertEquals(0, run("evidence", "verify", db.toString()), out + " " + err);
      assertTrue(
          out.toString()
              .matches(
                  "(?s).*town\\.db: intact: .*, \\d+ records after the last checkpoint \\(not yet"
                      + " signed\\).*"),
          out.toString());
      out.getBuffer().setLength(0);
      // A reviewer of a closed store or an archived copy can still refuse an unsigned tail.
      assertEquals(1, run("evidence", "verify", "--require-signed", db.toString()));
      assertTrue(out.toString().contains("after the last signed checkpoint"), out.toString());
    }
  }

  @Test
  void exportRefusesToOverwriteWithoutForceAndNamesAMissingFolder() throws Exception {
    Path zip = dir.resolve("case.zip");
    Files.writeString(zip, "an earlier bundle");
    assertEquals(2, run("evidence", "export", "--out", zip.toString(), db.toString()));
    assertTrue(
        err.toString().contains("already exists") && err.toString().contains("--force"),
        err.toString());
    assertEquals("an earlier bundle", Files.readString(zip), "kept");
    err.getBuffer().setLength(0);
    assertEquals(
        0,
        run("evidence", "export", "--force", "--out", zip.toString(), db.toString()),
        err.toString());
    assertTrue(Files.size(zip) > 100, "replaced by the bundle");

    Path nowhere = dir.resolve("no-such-folder").resolve("case.zip");
    assertEquals(2, run("evidence", "export", "--out", nowhere.toString(), db.toString()));
    assertTrue(
        err.toString().contains("no such folder " + dir.resolve("no-such-folder")), err.toString());
    assertFalse(err.toString().contains(".part"), "no temporary file name: " + err);
  }
}
