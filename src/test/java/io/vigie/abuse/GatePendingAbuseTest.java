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
 * Issue 15, attack 4: 64 silent connections from one address used to take every pending slot of the
 * gate ({@code too_many_pending}), lock every vendor out and write a warning line per refused
 * reconnection. Now one address holds at most {@code max_pending_per_source} slots and the lines
 * are rate-limited.
 */
@Tag("abuse")
class GatePendingAbuseTest {
  static final int SILENT = 64;

  /** Reconnections while the silent ones hold on: each refused at once. */
  static final int RECONNECTS = 2_000;

  static final int ROUND = 100;

  /** The gate's {@code max_pending_per_source} default, which the daemon under test keeps. */
  static final int PER_SOURCE = 8;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void silentConnectionsFromOneAddressDoNotLockTheVendorOut() throws Exception {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    try (DaemonUnderTest d = DaemonUnderTest.start(dir, DaemonUnderTest.Options.defaults())) {
      long warningsBefore = d.logLines("refused");
      String during;
      // As in the issue: 64 silent connections from one address, then the vendor (127.0.0.1),
      // inside an approved window, while they hold on (the preamble deadline is 10 s).
      try (Flood silent = Flood.open(SILENT, List.of("127.0.0.2"), d.gatePort(), new byte[0])) {
        during =
            d.assertStillServing(
                "with " + silent.connected() + " silent gate connections from 127.0.0.2", 40);
      }
      // Then the attacker reconnects again and again: each refusal is counted, few are logged.
      // Each round waits until the gate has answered every connection beyond the per-source
      // pending slots: one reset before the gate accepted it never reached vigie and cannot be
      // counted (a slow machine's accept loop lags a client that connects 100 times in a row).
      int rounds = RECONNECTS / ROUND;
      long refusedAtLeast = 0;
      for (int i = 0; i < rounds; i++) {
        try (Flood again = Flood.open(ROUND, List.of("127.0.0.2"), d.gatePort(), new byte[0])) {
          again.trickle((byte) ' ');
          long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (again.stillOpen() > PER_SOURCE && System.nanoTime() < until) {
            Thread.sleep(20);
            again.reap();
          }
          assertTrue(
              again.stillOpen() <= PER_SOURCE,
              again.stillOpen() + " of " + ROUND + " connections from one address still open");
          refusedAtLeast += again.connected() - PER_SOURCE;
        }
      }
      long lines = d.logLines("refused") - warningsBefore;
      assertTrue(
          lines <= 30,
          lines + " refusal lines for " + (SILENT + RECONNECTS) + " refused connections");
      assertTrue(
          d.metric(
                  "vigie_gate_connections_refused_total\\{listener=\"ssh\",reason=\"too_many_pending_per_source\",\\}")
              >= refusedAtLeast,
          "every refusal is counted (at least " + refusedAtLeast + ")");
      Duration stop = d.assertStopsOnSigterm();
      System.out.println(
          "[abuse] attack 4 (gate pending): "
              + during
              + "; "
              + lines
              + " refusal log lines; SIGTERM "
              + stop.toMillis()
              + " ms");
    }
  }
}
