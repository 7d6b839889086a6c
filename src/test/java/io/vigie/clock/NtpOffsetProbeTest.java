package io.vigie.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.NtpConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a real NTP exchange over UDP on loopback. */
class NtpOffsetProbeTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

  private NtpResponder responder;

  @BeforeEach
  void start() throws Exception {
    responder = new NtpResponder(2500);
  }

  @AfterEach
  void stop() throws Exception {
    responder.close();
  }

  private NtpOffsetProbe probe(Duration interval) {
    return new NtpOffsetProbe(responder.address(), Duration.ofMillis(300), interval, CLOCK);
  }

  @Test
  void measuresTheServersOffsetAndDelay() throws IOException {
    NtpOffsetProbe.Sample s = probe(Duration.ofSeconds(64)).query();
    // Server 2.5 s ahead: RFC 5905 offset is +2.5 s, give or take the loopback round trip.
    assertEquals(2.5, s.offsetSeconds(), 0.1);
    assertTrue(s.delaySeconds() >= 0 && s.delaySeconds() < 0.2, "delay " + s.delaySeconds());
    assertEquals(CLOCK.millis() / 1000.0, s.atEpochSeconds());
  }

  @Test
  void aHostAheadOfTheServerHasANegativeOffset() throws IOException {
    responder.skew(-1500);
    assertEquals(-1.5, probe(Duration.ofSeconds(64)).query().offsetSeconds(), 0.1);
  }

  @Test
  void aSilentServerIsCountedNotThrown() {
    responder.behave(NtpResponder.Behaviour.SILENT);
    NtpOffsetProbe probe = probe(Duration.ofSeconds(64));
    assertFalse(probe.probeOnce());
    NtpStatus st = probe.status();
    assertEquals(1, st.queries());
    assertEquals(1, st.failures());
    assertTrue(Double.isNaN(st.offsetSeconds()), "no offset before a first answer");
  }

  @Test
  void unusableAnswersAreRefused() {
    NtpOffsetProbe probe = probe(Duration.ofSeconds(64));
    responder.behave(NtpResponder.Behaviour.UNSYNCHRONISED);
    IOException e = assertThrows(IOException.class, probe::query);
    assertTrue(e.getMessage().contains("not synchronised"), e.getMessage());
    responder.behave(NtpResponder.Behaviour.KISS_OF_DEATH);
    e = assertThrows(IOException.class, probe::query);
    assertTrue(e.getMessage().contains("kiss code RATE"), e.getMessage());
  }

  @Test
  void recoversAfterAFailureAndKeepsTheCount() {
    NtpOffsetProbe probe = probe(Duration.ofSeconds(64));
    responder.behave(NtpResponder.Behaviour.SILENT);
    assertFalse(probe.probeOnce());
    responder.behave(NtpResponder.Behaviour.ANSWER);
    assertTrue(probe.probeOnce());
    NtpStatus st = probe.status();
    assertEquals(2, st.queries());
    assertEquals(1, st.failures());
    assertEquals(2.5, st.offsetSeconds(), 0.1);
    assertEquals(CLOCK.millis() / 1000.0, st.lastSuccessEpochSeconds());
  }

  @Test
  void theScheduleSurvivesFailuresOnANamedThread() throws Exception {
    responder.behave(NtpResponder.Behaviour.SILENT);
    try (NtpOffsetProbe probe =
        new NtpOffsetProbe(
            responder.address(), Duration.ofMillis(50), Duration.ofMillis(20), CLOCK)) {
      probe.start();
      await(() -> probe.status().failures() >= 2);
      assertTrue(
          Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.getName().equals("vigie-ntp")));
      responder.behave(NtpResponder.Behaviour.ANSWER);
      await(() -> !Double.isNaN(probe.status().offsetSeconds()));
      assertEquals(2.5, probe.status().offsetSeconds(), 0.1);
    }
  }

  @Test
  void buildsFromConfig() {
    NtpConfig config = new NtpConfig("127.0.0.1", responder.address().getPort(), 64, 500);
    try (NtpOffsetProbe probe = NtpOffsetProbe.from(config, CLOCK)) {
      assertTrue(probe.probeOnce());
      assertEquals("127.0.0.1:" + responder.address().getPort(), probe.status().server());
    }
    assertThrows(
        IllegalArgumentException.class, () -> NtpOffsetProbe.from(NtpConfig.DISABLED, CLOCK));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
      Thread.onSpinWait();
      Thread.sleep(5); // polling with a deadline, not a wait for a guessed duration
    }
  }
}
