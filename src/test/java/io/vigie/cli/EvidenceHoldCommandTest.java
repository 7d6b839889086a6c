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
import io.vigie.flow.Direction;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.NoticeSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: legal holds from the CLI ({@code vigie evidence hold add|list|release}) on a real
 * SQLite store, and retention (default: slices one month) that never deletes what a hold covers.
 */
class EvidenceHoldCommandTest {
  private static final Instant T0 = Instant.parse("2025-11-23T01:00:00Z");
  private static final long T0N = T0.getEpochSecond() * 1_000_000_000L;

  @TempDir Path dir;

  private Path db;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static EvidenceStore open(Path db, Instant now) throws Exception {
    return EvidenceStore.open(
        db,
        new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null),
        Clock.fixed(now, ZoneOffset.UTC),
        NoticeSink.NONE,
        EvidenceMetrics.NONE);
  }

  private static Session session(long sec, String cam, String window) {
    long start = T0N + sec * 1_000_000_000L;
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
        window == null ? "outside_window" : "authorised",
        window);
  }

  private static void slice(EvidenceStore store, String cid, long start) {
    PacketRecorder.Recording r = store.recorder().begin(cid, start, LinkType.ETHERNET);
    byte[] frame = new byte[54];
    frame[12] = 0x08;
    r.packet(start, frame, 0, frame.length, frame.length);
    r.finish(null);
  }

  @BeforeEach
  void store() throws Exception {
    db = dir.resolve("town.db");
    try (EvidenceStore store = open(db, T0.plusSeconds(3600))) {
      store.append(session(5, "cam-007", "W-12"));
      store.append(session(60, "cam-012", null));
      store.append(session(120, "cam-020", null));
      slice(store, "1:ssh-cam-007=", T0N + 5_000_000_000L);
      slice(store, "1:ssh-cam-012=", T0N + 60_000_000_000L);
      slice(store, "1:ssh-cam-020=", T0N + 120_000_000_000L);
    }
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The Community IDs of the slices whose files are still there. */
  private List<String> slicesLeft() throws Exception {
    List<String> left = new ArrayList<>();
    Path dirOfSlices = dir.resolve("town.db.slices");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT subject, fields FROM record WHERE kind = 'slice'")) {
      while (rs.next()) {
        JsonNode f = new ObjectMapper().readTree(rs.getString(2));
        if (Files.exists(dirOfSlices.resolve(f.path("file").asText()))) {
          left.add(rs.getString(1));
        }
      }
    }
    left.sort(null);
    return left;
  }

  private long count(String where) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM record WHERE " + where)) {
      return rs.getLong(1);
    }
  }

  @Test
  void retentionNeverDeletesWhatAHoldPlacedFromTheCliCovers() throws Exception {
    assertEquals(
        0,
        run(
            "evidence",
            "hold",
            "add",
            db.toString(),
            "--case",
            "PV-2026-0412",
            "--window",
            "W-12",
            "--reason",
            "requisition of 2026-11-30",
            "--as",
            "j.reviewer"),
        err.toString());
    assertTrue(out.toString().startsWith("held: PV-2026-0412 window=W-12"), out.toString());
    assertEquals(
        0,
        run(
            "evidence",
            "hold",
            "add",
            db.toString(),
            "--case",
            "PV-2026-0413",
            "--device",
            "cam-012",
            "--from",
            "2025-11-23T01:00:00Z",
            "--to",
            "2025-11-23T01:02:00Z",
            "--reason",
            "complaint"),
        err.toString());
    assertEquals(0, run("evidence", "hold", "list", db.toString()), err.toString());
    assertTrue(out.toString().contains("PV-2026-0412 window=W-12"), out.toString());
    assertTrue(out.toString().contains("by=j.reviewer"), out.toString());
    assertTrue(
        out.toString().contains("PV-2026-0413 device=cam-012 from=2025-11-23T01:00:00Z"),
        out.toString());
    assertTrue(
        out.toString().contains("by=" + System.getProperty("user.name")), "default: the OS user");

    // 40 days on, the month has passed: only cam-020's slice, under no hold, goes.
    try (EvidenceStore store = open(db, T0.plus(Duration.ofDays(40)))) {
      store.flush();
    }
    assertEquals(List.of("1:ssh-cam-007=", "1:ssh-cam-012="), slicesLeft());
    assertEquals(1, count("kind = 'slice_expired'"));
    assertEquals(0, run("evidence", "verify", db.toString()), out + " " + err);

    // The procedure closes: released, what the hold kept goes at the next scan.
    assertEquals(
        0,
        run(
            "evidence",
            "hold",
            "release",
            db.toString(),
            "--case",
            "PV-2026-0412",
            "--reason",
            "procedure closed",
            "--as",
            "j.reviewer"),
        err.toString());
    assertEquals(0, run("evidence", "hold", "list", db.toString()));
    assertFalse(out.toString().contains("PV-2026-0412"), out.toString());
    try (EvidenceStore store = open(db, T0.plus(Duration.ofDays(41)))) {
      store.flush();
    }
    assertEquals(List.of("1:ssh-cam-012="), slicesLeft(), "the other hold still keeps its slice");
    assertEquals(2, count("kind = 'legal_hold'"));
    assertEquals(
        1,
        count(
            "kind = 'legal_hold_released' AND subject = 'PV-2026-0412'"
                + " AND json_extract(fields, '$.by') = 'j.reviewer'"));
    assertEquals(0, run("evidence", "verify", db.toString()), out + " " + err);
  }

  @Test
  void holdsRefuseBadInputWithExit2() throws Exception {
    String[][] bad = {
      {"add", "--case", "PV-1", "--reason", "r"}, // names nothing
      {"add", "--case", "PV-1", "--reason", "r", "--from", "2025-11-24", "--to", "2025-11-23"},
      {"add", "--case", "PV-1", "--reason", "r", "--from", "tomorrow"},
      {"add", "--case", "PV-1", "--reason", " ", "--device", "cam-007"},
      {"release", "--case", "PV-9", "--reason", "r"}, // no such hold
    };
    String[] why = {
      "names a window, a device or a time range",
      "--to",
      "--from: 'tomorrow' is not a time",
      "reason is required",
      "no legal hold on case PV-9"
    };
    for (int i = 0; i < bad.length; i++) {
      String[] args =
          Stream.concat(Stream.of("evidence", "hold"), Stream.of(bad[i])).toArray(String[]::new);
      args = Stream.concat(Stream.of(args), Stream.of(db.toString())).toArray(String[]::new);
      assertEquals(2, run(args), String.join(" ", bad[i]));
      assertTrue(err.toString().contains(why[i]), err.toString());
      assertFalse(err.toString().contains("Exception"), err.toString());
    }
    assertEquals(
        0,
        run(
            "evidence",
            "hold",
            "add",
            db.toString(),
            "--case",
            "PV-1",
            "--device",
            "cam-007",
            "--reason",
            "r"));
    assertEquals(
        2,
        run(
            "evidence",
            "hold",
            "add",
            db.toString(),
            "--case",
            "PV-1",
            "--device",
            "cam-012",
            "--reason",
            "r"));
    assertTrue(err.toString().contains("already under a legal hold"), err.toString());
    assertEquals(
        2,
        run(
            "evidence",
            "hold",
            "add",
            dir.resolve("nope.db").toString(),
            "--case",
            "PV-2",
            "--device",
            "x",
            "--reason",
            "r"));
    assertTrue(err.toString().contains("no such file"), err.toString());
    assertEquals(1, count("kind LIKE 'legal_hold%'"), "only the good hold was recorded");
  }
}
