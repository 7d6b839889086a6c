package io.vigie.windowfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.evidence.SigningKey;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowState;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed records and the sensor's folding of them, without Kafka. */
class HubWindowsTest {
  static final Actor VENDOR = new Actor("j.martin@acme", Set.of("vendor"));
  static final Actor MAYOR = new Actor("m.dupont", Set.of("town_hall"));

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  final List<Notice> notices = new ArrayList<>();
  SigningKey hubKey;
  SigningKey otherKey;
  JournaledWindowService hub;
  HubWindows sensor;

  @BeforeEach
  void setUp() throws Exception {
    hubKey = SigningKey.loadOrCreate(dir.resolve("hub.key"), dir.resolve("hub.pub"));
    otherKey = SigningKey.loadOrCreate(dir.resolve("x.key"), dir.resolve("x.pub"));
    hub =
        new JournaledWindowService(
            ApprovalConfig.DEFAULTS,
            new JsonLinesWindowJournal(dir.resolve("windows.jsonl")),
            EvidenceSink.NONE,
            clock);
    sensor =
        new HubWindows(
            hubKey.publicKey(),
            ApprovalConfig.DEFAULTS,
            Duration.ofSeconds(300),
            65_536,
            clock,
            notices::add);
  }

  private Window approved() throws PolicyException {
    Window w =
        hub.request(
            new WindowRequest(
                "upgrade",
                "ACME-1",
                new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
                null,
                clock.instant().plus(Duration.ofHours(2)),
                List.of()),
            VENDOR);
    return hub.approve(w.id(), MAYOR, "ok");
  }

  private void beat() {
    sensor.accept(
        WindowRecords.HEARTBEAT_KEY, WindowRecords.heartbeat("hub", clock.instant(), hubKey));
  }

  @Test
  void aSignedApprovedWindowIsEnforcedAsPublished() throws Exception {
    Window w = approved();
    beat();
    sensor.accept(w.id(), WindowRecords.window(w, "hub", clock.instant(), hubKey));
    assertEquals(
        WindowState.ACTIVE, sensor.get().get(w.id()).orElseThrow().stateAt(clock.instant()));
    assertEquals(w, sensor.get().get(w.id()).orElseThrow());
  }

  @Test
  void forgedUnsignedOversizedAndMisplacedRecordsAreIgnoredAndCounted() throws Exception {
    Window w = approved();
    beat();
    byte[] forged = WindowRecords.window(w, "hub", clock.instant(), otherKey);
    sensor.accept(w.id(), forged);
    String unsigned =
        new String(forged, StandardCharsets.UTF_8).replaceAll(",\"signature\":\"[^\"]*\"", "");
    sensor.accept(w.id(), unsigned.getBytes(StandardCharsets.UTF_8));
    sensor.accept(w.id(), new byte[70_000]);
    sensor.accept(w.id(), "{not json".getBytes(StandardCharsets.UTF_8));
    sensor.accept(w.id(), null);
    // The hub's own record of this window, under another window's key: the key is signed too.
    sensor.accept("W-OTHER", WindowRecords.window(w, "hub", clock.instant(), hubKey));
    assertTrue(sensor.get().all().isEmpty(), "no window opened: " + sensor.get().all());
    assertEquals(2L, sensor.ignored().get(WindowRecords.Refusal.BAD_SIGNATURE));
    assertEquals(2L, sensor.ignored().get(WindowRecords.Refusal.UNSIGNED));
    assertEquals(1L, sensor.ignored().get(WindowRecords.Refusal.OVERSIZED));
    assertEquals(1L, sensor.ignored().get(WindowRecords.Refusal.MALFORMED));
    assertEquals(6L, sensor.ignoredTotal());
  }

  @Test
  void aWindowSignedByTheHubButAgainstTheSensorsQuorumStaysClosed() throws Exception {
    Window requested =
        hub.request(
            new WindowRequest(
                "upgrade",
                "ACME-1",
                new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
                null,
                clock.instant().plus(Duration.ofHours(2)),
                List.of()),
            VENDOR);
    // The vendor approves their own window: a hub with a weaker rule (or a stolen hub key) must
    // not open the sensor's gate.
    Instant t = clock.instant();
    Window self =
        requested
            .with(
                new WindowEvent(
                    requested.id(),
                    WindowEvent.Type.APPROVAL,
                    t,
                    VENDOR.who(),
                    List.of("town_hall"),
                    ""))
            .with(
                new WindowEvent(
                    requested.id(),
                    WindowEvent.Type.APPROVED,
                    t,
                    VENDOR.who(),
                    List.of("town_hall"),
                    ""));
    beat();
    sensor.accept(self.id(), WindowRecords.window(self, "hub", t, hubKey));
    assertTrue(sensor.get().get(self.id()).isEmpty());
    assertEquals(1L, sensor.ignored().get(WindowRecords.Refusal.QUORUM));
  }

  @Test
  void anOlderVersionCannotReopenARevokedWindow() throws Exception {
    Window open = approved();
    Window revoked = hub.revoke(open.id(), MAYOR, "stop");
    beat();
    sensor.accept(open.id(), WindowRecords.window(open, "hub", clock.instant(), hubKey));
    sensor.accept(open.id(), WindowRecords.window(revoked, "hub", clock.instant(), hubKey));
    sensor.accept(open.id(), WindowRecords.window(open, "hub", clock.instant(), hubKey));
    assertEquals(
        WindowState.REVOKED, sensor.get().get(open.id()).orElseThrow().stateAt(clock.instant()));
    assertEquals(1L, sensor.ignored().get(WindowRecords.Refusal.OLDER));
  }

  @Test
  void silenceBeyondTheGraceEndsEveryHubWindowAtLastHeardPlusGrace() throws Exception {
    Window w = approved();
    Instant heard = clock.instant();
    beat();
    sensor.accept(w.id(), WindowRecords.window(w, "hub", clock.instant(), hubKey));
    sensor.checkStale();
    assertFalse(sensor.stale());
    clock.advance(Duration.ofSeconds(299));
    assertEquals(
        WindowState.ACTIVE, sensor.get().get(w.id()).orElseThrow().stateAt(clock.instant()));
    clock.advance(Duration.ofSeconds(2));
    Window closed = sensor.get().get(w.id()).orElseThrow();
    Instant cut = heard.plus(Duration.ofSeconds(300));
    assertEquals(cut, closed.cutoff());
    assertEquals(WindowState.ACTIVE, closed.stateAt(cut.minusMillis(1)), "the past is unchanged");
    assertEquals(WindowState.REVOKED, closed.stateAt(clock.instant()));
    sensor.checkStale();
    sensor.checkStale();
    assertTrue(sensor.stale());
    assertEquals(1, notices.size(), "one notice per silence");
    assertEquals("hub_windows_stale", notices.get(0).note());
    // The hub is heard again: its windows apply as published.
    beat();
    assertEquals(
        WindowState.ACTIVE, sensor.get().get(w.id()).orElseThrow().stateAt(clock.instant()));
    sensor.checkStale();
    assertFalse(sensor.stale());
  }

  @Test
  void aHeartbeatFromAHubClockAheadDoesNotExtendTheTrust() throws Exception {
    Window w = approved();
    sensor.accept(
        WindowRecords.HEARTBEAT_KEY,
        WindowRecords.heartbeat("hub", clock.instant().plus(Duration.ofDays(1)), hubKey));
    sensor.accept(w.id(), WindowRecords.window(w, "hub", clock.instant(), hubKey));
    assertEquals(clock.instant(), sensor.lastHeard());
  }

  @Test
  void noHeartbeatYetMeansHubWindowsAreClosed() throws Exception {
    Window w = approved();
    sensor.accept(w.id(), WindowRecords.window(w, "hub", clock.instant(), hubKey));
    assertEquals(
        WindowState.REVOKED, sensor.get().get(w.id()).orElseThrow().stateAt(clock.instant()));
    assertEquals(
        WindowState.ACTIVE, sensor.published().get(w.id()).orElseThrow().stateAt(clock.instant()));
  }
}
