package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.GateConfig;
import io.vigie.evidence.ChainWitness;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowState;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a line added to {@code windows.jsonl} while the daemon is stopped opens no window,
 * neither in the daemon's window service nor at the standalone gate. Real journal, real SQLite
 * evidence store, wired as the daemon wires them.
 */
class ForgedJournalTest {
  private static final GateConfig.Target CAM1 = new GateConfig.Target("cam-001", "127.0.0.1", 22);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<Notice> notices = new CopyOnWriteArrayList<>();
  private Path journal;
  private Path db;

  @BeforeEach
  void paths() {
    journal = dir.resolve("windows.jsonl");
    db = dir.resolve("evidence.db");
  }

  /** The daemon's window service as Daemon builds it: chain-checked journal, committed evidence. */
  private JournaledWindowService daemonService(EvidenceStore store) throws Exception {
    EvidenceSink committed =
        r -> {
          store.append(r);
          store.flush();
        };
    return new JournaledWindowService(
        ApprovalConfig.DEFAULTS,
        new JsonLinesWindowJournal(journal),
        committed,
        ChainWitness.read(db, Set.of("window_event"))::holds,
        clock);
  }

  private EvidenceStore store() throws Exception {
    return EvidenceStore.open(
        db, EvidenceConfig.DEFAULTS, clock, NoticeSink.NONE, EvidenceMetrics.NONE);
  }

  /** The vendor's window, requested through the service (so in the chain), not yet approved. */
  private Window requested() throws Exception {
    try (EvidenceStore store = store()) {
      return daemonService(store)
          .request(
              new WindowRequest(
                  "maintenance",
                  "ACME-1",
                  new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
                  null,
                  clock.instant().plus(Duration.ofHours(2)),
                  List.of()),
              Fixture.VENDOR_ACTOR);
    }
  }

  private void appendLine(String json) throws Exception {
    Files.writeString(journal, json + "\n", StandardOpenOption.APPEND);
  }

  private static String step(String window, String event, String who, String role, String at) {
    return "{\"window\":\""
        + window
        + "\",\"event\":\""
        + event
        + "\",\"at\":\""
        + at
        + "\",\"who\":\""
        + who
        + "\",\"roles\":[\""
        + role
        + "\"],\"reason\":\"ok\"}";
  }

  private boolean gateAdmits(JournalWindows windows) {
    return Admission.decide(
            windows.get(),
            Fixture.identity(),
            CAM1,
            App.SSH,
            "203.0.113.7",
            clock.instant().plus(Duration.ofMinutes(5)))
        .admitted();
  }

  @Test
  void aSelfApprovalWrittenWhileStoppedOpensNoWindow() throws Exception {
    Window w = requested();
    // While the daemon is stopped, the vendor (who can write the state dir) approves its own
    // window.
    appendLine(step(w.id(), "approval", Fixture.VENDOR, "town_hall", "2026-11-23T09:01:00Z"));
    appendLine(step(w.id(), "approved", Fixture.VENDOR, "town_hall", "2026-11-23T09:01:00Z"));
    clock.advance(Duration.ofMinutes(2));

    try (EvidenceStore store = store()) {
      JournaledWindowService service = daemonService(store);
      assertEquals(1, service.refused().size(), "the forged approval is refused");
      assertEquals(2, service.refused().get(0).line());
      assertTrue(
          service.refused().get(0).why().contains("approved their own window"),
          service.refused().toString());
      Window now = service.get(w.id()).orElseThrow();
      assertEquals(WindowState.REVOKED, now.stateAt(clock.instant()), "the window stays closed");
      assertFalse(now.approvedAt().isPresent());
    }

    JournalWindows gate =
        new JournalWindows(journal, ApprovalConfig.DEFAULTS, clock, db, notices::add);
    assertFalse(gateAdmits(gate), "the standalone gate does not relay the vendor");
    assertEquals(1, notices.size(), notices.toString());
    assertEquals("journal_tampered", notices.get(0).note());
    assertEquals(Severity.CRITICAL, notices.get(0).severity());
    assertEquals(w.id(), notices.get(0).window());
  }

  @Test
  void anApprovalMissingFromTheChainOpensNoWindow() throws Exception {
    Window w = requested();
    // A well-formed approval by a real approver, by the rules, but never made through vigie.
    appendLine(step(w.id(), "approval", "m.dupont", "town_hall", "2026-11-23T09:01:00Z"));
    appendLine(step(w.id(), "approved", "m.dupont", "town_hall", "2026-11-23T09:01:00Z"));
    clock.advance(Duration.ofMinutes(2));

    try (EvidenceStore store = store()) {
      JournaledWindowService service = daemonService(store);
      assertEquals(1, service.refused().size());
      assertTrue(
          service.refused().get(0).why().contains("not in the evidence chain"),
          service.refused().toString());
      assertEquals(WindowState.REVOKED, service.get(w.id()).orElseThrow().stateAt(clock.instant()));
    }
    JournalWindows gate =
        new JournalWindows(journal, ApprovalConfig.DEFAULTS, clock, db, notices::add);
    assertFalse(gateAdmits(gate));
    assertEquals("journal_tampered", notices.get(0).note());
    gate.refresh();
    assertEquals(1, notices.size(), "one notice per refused line, not one per read");
  }

  @Test
  void stepsMadeThroughVigieOpenTheWindowAtTheDaemonAndTheGate() throws Exception {
    Window w = requested();
    try (EvidenceStore store = store()) {
      JournaledWindowService service = daemonService(store);
      assertEquals(List.of(), service.refused());
      service.approve(w.id(), Fixture.MAYOR, "ok");
      clock.advance(Duration.ofMinutes(1));
      // The gate in another process reads the journal while the daemon runs.
      JournalWindows gate =
          new JournalWindows(journal, ApprovalConfig.DEFAULTS, clock, db, notices::add);
      assertTrue(gateAdmits(gate), "a window approved through vigie is active at the gate");
    }
    try (EvidenceStore store = store()) {
      JournaledWindowService again = daemonService(store);
      assertEquals(List.of(), again.refused(), "a restart accepts its own journal");
      assertEquals(WindowState.ACTIVE, again.get(w.id()).orElseThrow().stateAt(clock.instant()));
    }
    assertEquals(List.of(), notices);
  }

  /** The chain as the daemon reads it at start: both directions. */
  private JournaledWindowService restarted(EvidenceStore store) throws Exception {
    ChainWitness chain = ChainWitness.read(db, Set.of("window_event"));
    return new JournaledWindowService(
        ApprovalConfig.DEFAULTS,
        new JsonLinesWindowJournal(journal),
        r -> {
          store.append(r);
          store.flush();
        },
        chain::holds,
        chain.records(),
        clock);
  }

  @Test
  void aRevocationDeletedFromTheJournalDoesNotReopenTheWindow() throws Exception {
    Window w = requested();
    try (EvidenceStore store = store()) {
      JournaledWindowService service = daemonService(store);
      service.approve(w.id(), Fixture.MAYOR, "ok");
      clock.advance(Duration.ofMinutes(1));
      service.revoke(w.id(), Fixture.MAYOR, "the vendor went beyond its scope");
    }
    // While the daemon is stopped, the revocation line is removed.
    List<String> lines = Files.readAllLines(journal);
    assertTrue(lines.get(lines.size() - 1).contains("\"revoked\""), lines.toString());
    Files.write(journal, lines.subList(0, lines.size() - 1));
    clock.advance(Duration.ofMinutes(1));

    try (EvidenceStore store = store()) {
      JournaledWindowService service = restarted(store);
      assertEquals(1, service.refused().size(), service.refused().toString());
      assertEquals(0, service.refused().get(0).line());
      assertTrue(
          service.refused().get(0).why().contains("a line was deleted"),
          service.refused().toString());
      assertEquals(WindowState.REVOKED, service.get(w.id()).orElseThrow().stateAt(clock.instant()));
    }
    JournalWindows gate =
        new JournalWindows(journal, ApprovalConfig.DEFAULTS, clock, db, notices::add);
    assertFalse(gateAdmits(gate), "the gate does not relay under the revoked window");
    assertEquals("journal_tampered", notices.get(0).note());
  }

  @Test
  void withoutAnEvidenceStoreTheGateOpensNothing() throws Exception {
    Fixture fx = new Fixture(dir); // journal written with no evidence at all
    fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    clock.set(fx.clock.instant());
    try {
      new JournalWindows(journal, ApprovalConfig.DEFAULTS, clock, db, notices::add);
      throw new AssertionError("a gate with no evidence store to check against must not start");
    } catch (java.io.IOException e) {
      assertTrue(e.getMessage().contains("no evidence store"), e.getMessage());
    }
  }
}
