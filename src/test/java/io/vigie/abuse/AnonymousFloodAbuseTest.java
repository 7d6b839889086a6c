package io.vigie.abuse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 2: an anonymous client floods the API/web port with connections that send
 * headers and a 64 KB body before any token check, then with trickling (slowloris) connections
 * against a lowered descriptor limit. The approver, the vendor at the gate and capture must not
 * notice. The attacker uses other loopback addresses than the approver and the vendor (127.0.0.1),
 * as a real attacker would not share their address.
 */
@Tag("abuse")
class AnonymousFloodAbuseTest {
  /** As in the issue: 9,000 connections of 64 KB; -Dvigie.abuse.flood=N scales it. */
  static final int FLOOD = Integer.getInteger("vigie.abuse.flood", 9_000);

  static final int SLOWLORIS = 2_100;
  static final int FD_LIMIT = 2_048;
  static final List<String> ATTACKERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void bodiesBeforeAnyTokenCheckNeitherExhaustMemoryNorLockTheApproverOut() throws Exception {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    byte[] payload =
        Flood.ascii(
            "POST /api/v1/windows HTTP/1.1\r\nHost: vigie\r\nContent-Type: application/json\r\n"
                + "Content-Length: 65536\r\n\r\n"
                + "x".repeat(65_536));
    try (DaemonUnderTest d = DaemonUnderTest.start(dir, DaemonUnderTest.Options.defaults())) {
      String during;
      try (Flood flood = Flood.open(FLOOD, ATTACKERS, d.apiPort(), payload)) {
        during =
            d.assertStillServing(
                "during a flood of " + flood.connected() + " anonymous 64 KB connections", 40);
      }
      String after = d.assertStillServing("after the flood", 60);
      assertTrue(
          d.metric("vigie_api_refused_total\\{reason=\"too_many_connections_per_source\",\\}") > 0,
          "the refusals are counted");
      assertTrue(
          d.logLines("event=api_connection_refused") <= 20,
          "refusals are logged at a bounded rate: "
              + d.logLines("event=api_connection_refused")
              + " lines");
      Duration stop = d.assertStopsOnSigterm();
      System.out.println(
          "[abuse] attack 2 (flood): "
              + during
              + "; "
              + after
              + "; SIGTERM stop "
              + stop.toMillis()
              + " ms");
    }
  }

  @Test
  @Timeout(300)
  void trickledHeadsAgainstALowDescriptorLimitAreCutAndSigtermStillStops() throws Exception {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    try (DaemonUnderTest d = DaemonUnderTest.start(dir, new DaemonUnderTest.Options(FD_LIMIT));
        Flood slow = Flood.open(SLOWLORIS, List.of("127.0.0.2"), d.apiPort(), Flood.ascii("G"))) {
      String during = null;
      // 15 rounds of one byte a second: longer than the head deadline (10 s), bounded.
      for (int round = 0; round < 15; round++) {
        slow.trickle((byte) 'E');
        if (round == 5) {
          during =
              d.assertStillServing(
                  "during " + SLOWLORIS + " trickling connections (fd limit " + FD_LIMIT + ")", 40);
        }
        // The attacker's pace, not a synchronisation: one byte a second is what slowloris does.
        Thread.sleep(1000);
      }
      int left = slow.stillOpen();
      assertTrue(
          left == 0,
          left + " trickling connections were still open after 15 s (head deadline 10 s)");
      assertTrue(
          d.metric("vigie_api_refused_total\\{reason=\"header_timeout\",\\}") > 0,
          "the cut heads are counted");
      // SIGTERM while a new wave trickles in.
      try (Flood wave =
          Flood.open(
              SLOWLORIS, List.of("127.0.0.3"), d.apiPort(), Flood.ascii("GET / HTTP/1.1\r\n"))) {
        Duration stop = d.assertStopsOnSigterm();
        System.out.println(
            "[abuse] attack 2 (slowloris): "
                + during
                + "; all "
                + SLOWLORIS
                + " cut; SIGTERM stop "
                + stop.toMillis()
                + " ms under a new wave of "
                + wave.connected());
      }
    }
  }
}
