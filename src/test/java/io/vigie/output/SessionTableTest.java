package io.vigie.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay's table for a person: sessions in time order although they arrive as they end, notices
 * apart after them, and a closing summary in words.
 */
class SessionTableTest {
  private static final long T0 = 1_795_165_290_000_000_000L; // 2026-11-20T09:01:30Z

  private static Session session(
      long startSec, long durationSec, String cam, boolean vendor, String verdict) {
    long start = T0 + startSec * 1_000_000_000L;
    return new Session(
        start,
        start + durationSec * 1_000_000_000L,
        "tcp",
        vendor ? "203.0.113.5" : "10.20.1.9",
        40022 + (int) startSec,
        "10.20.1.5",
        22,
        "1:" + cam + startSec + "=",
        App.SSH,
        1200,
        3400,
        10,
        12,
        vendor ? Direction.INBOUND : Direction.INTERNAL,
        vendor,
        null,
        cam,
        "fin",
        null,
        verdict,
        null);
  }

  private static Notice notice(long sec, String note, Severity sev, String msg) {
    return new Notice(T0 + sec * 1_000_000_000L, note, sev, note + sec, null, msg, null, "cam-05");
  }

  @Test
  void sessionsInTimeOrderNoticesApartAndASummary() {
    StringWriter w = new StringWriter();
    SessionTable t = new SessionTable(new PrintWriter(w, true));
    // As a replay delivers them: a long session ends after a short one that started later.
    t.session(session(60, 5, "cam-06", true, "no_window"));
    t.notice(notice(60, "vendor_access_outside_window", Severity.HIGH, "second vendor SSH"));
    t.session(session(0, 600, "cam-05", true, "no_window"));
    t.notice(notice(0, "vendor_access_outside_window", Severity.HIGH, "first vendor SSH"));
    t.notice(notice(30, "firmware_transfer", Severity.HIGH, "image not certified"));
    t.session(session(10, 1, "cam-07", false, null));
    t.stats(
        new ReplayStats(
            100,
            10_000,
            Map.of(),
            0,
            3,
            3,
            0,
            1_000_000,
            600_000_000_000L,
            List.of("x.pcap"),
            List.of()));
    String out = w.toString();
    List<String> lines = out.lines().toList();

    assertTrue(lines.get(0).startsWith("start (UTC)"), out);
    // Sessions: by start time, and no notice among them.
    assertTrue(
        lines.get(1).startsWith("2026-11-20T09:01:30") && lines.get(1).contains("cam-05"), out);
    assertTrue(
        lines.get(2).startsWith("2026-11-20T09:01:40") && lines.get(2).contains("cam-07"), out);
    assertTrue(
        lines.get(3).startsWith("2026-11-20T09:02:30") && lines.get(3).contains("cam-06"), out);
    assertEquals("", lines.get(4), out);
    // Notices apart, in time order.
    assertEquals("Notices (3)", lines.get(5), out);
    assertTrue(lines.get(6).contains("first vendor SSH"), out);
    assertTrue(lines.get(7).contains("image not certified"), out);
    assertTrue(lines.get(8).contains("second vendor SSH"), out);
    assertEquals("", lines.get(9), out);
    assertEquals(
        "Summary: 2 vendor sessions without a window, 1 uncertified firmware transfer.",
        lines.get(10),
        out);
    assertTrue(lines.get(11).startsWith("100 packets"), out);
  }

  @Test
  void aQuietCaptureSaysSo() {
    StringWriter w = new StringWriter();
    SessionTable t = new SessionTable(new PrintWriter(w, true));
    t.session(session(0, 1, "cam-05", true, "authorised"));
    t.stats(
        new ReplayStats(
            2, 200, Map.of(), 0, 1, 0, 0, 1_000_000, 1_000_000_000L, List.of("x.pcap"), List.of()));
    assertTrue(
        w.toString().contains("Summary: 1 vendor session inside an approved window."),
        w.toString());
    assertTrue(!w.toString().contains("Notices ("), w.toString());
  }
}
