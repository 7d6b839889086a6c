package io.vigie.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.ApprovalConfig.ApproverHours;
import io.vigie.config.ApprovalConfig.QuorumRule;
import io.vigie.facts.EvidenceRecord;
import io.vigie.net.App;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledWindowServiceTest {
  // Monday 23 November 2026, 09:00 in Paris.
  private static final Instant MONDAY_9H_PARIS = Instant.parse("2026-11-23T08:00:00Z");
  private static final ApprovalConfig TWO_ROLES =
      new ApprovalConfig(
          List.of(new QuorumRule("town_hall", 1), new QuorumRule("it_security", 1)),
          List.of("vendor"),
          new ApproverHours(
              List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "19:00", "Europe/Paris"),
          240,
          false,
          60);

  private static final Actor VENDOR = new Actor("j.martin@acme", Set.of("vendor"));
  private static final Actor MAYOR = new Actor("m.dupont", Set.of("town_hall"));
  private static final Actor RSSI = new Actor("s.roux", Set.of("it_security"));

  @TempDir Path dir;
  private MutableClock clock;
  private final List<EvidenceRecord> evidence = new ArrayList<>();
  private Path journalFile;
  private JournaledWindowService service;

  @BeforeEach
  void setUp() throws IOException {
    clock = new MutableClock(MONDAY_9H_PARIS);
    journalFile = dir.resolve("windows.jsonl");
    service = open(TWO_ROLES);
  }

  private JournaledWindowService open(ApprovalConfig config) throws IOException {
    return new JournaledWindowService(
        config, new JsonLinesWindowJournal(journalFile), evidence::add, clock);
  }

  private static WindowRequest request(Instant start, Instant end) {
    return new WindowRequest(
        "Upgrade cam-001",
        "ACME-4711",
        new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
        start,
        end,
        List.of(new ExpectedChange("cam-001", "5.7.3", null, List.of())));
  }

  private Window requestOneHour() throws PolicyException {
    return service.request(request(null, MONDAY_9H_PARIS.plus(Duration.ofHours(1))), VENDOR);
  }

  private static PolicyException refused(PolicyException.Kind kind, Executable e) {
    PolicyException ex = assertThrows(PolicyException.class, e::run);
    assertEquals(kind, ex.kind(), ex.getMessage());
    return ex;
  }

  interface Executable {
    void run() throws Exception;
  }

  @Test
  void quorumOfTwoRolesApprovesAndEveryStepIsEvidence() throws Exception {
    Window w = requestOneHour();
    assertEquals("W-20261123-001", w.id());
    assertEquals(WindowState.REQUESTED, w.stateAt(clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    w = service.approve(w.id(), MAYOR, "ok");
    assertEquals(WindowState.REQUESTED, w.stateAt(clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    w = service.approve(w.id(), RSSI, null);
    assertEquals(WindowState.ACTIVE, w.stateAt(clock.instant()));
    assertEquals(clock.instant(), w.approvedAt().orElseThrow());

    List<String> kinds = new ArrayList<>();
    for (EvidenceRecord r : evidence) {
      assertEquals("window_event", r.kind());
      assertEquals(w.id(), r.subject());
      kinds.add(r.fields().get("event") + "/" + r.fields().get("who"));
    }
    assertEquals(
        List.of(
            "requested/j.martin@acme", "approval/m.dupont", "approval/s.roux", "approved/s.roux"),
        kinds);
    assertEquals("Upgrade cam-001", evidence.get(0).fields().get("reason"));
    assertTrue(evidence.get(0).fields().containsKey("terms"));
    assertEquals(Window.nanosOf(clock.instant()), evidence.get(3).tsNanos());
    assertEquals(service.snapshot().get(w.id()).orElseThrow(), w);
  }

  @Test
  void theRequesterCanNeverApproveTheirOwnRequest() throws Exception {
    Actor both = new Actor("j.martin@acme", Set.of("vendor", "town_hall", "it_security"));
    Window w = service.request(request(null, MONDAY_9H_PARIS.plusSeconds(600)), both);
    PolicyException e =
        refused(PolicyException.Kind.FORBIDDEN, () -> service.approve(w.id(), both, "me"));
    assertTrue(e.getMessage().contains("may not approve"), e.getMessage());
    refused(PolicyException.Kind.FORBIDDEN, () -> service.reject(w.id(), both, "me"));
    assertEquals(1, evidence.size(), "a refused step writes nothing");
  }

  @Test
  void anApproverNeedsARoleTheQuorumStillNeeds() throws Exception {
    Window w = requestOneHour();
    PolicyException e =
        refused(
            PolicyException.Kind.FORBIDDEN,
            () -> service.approve(w.id(), new Actor("press", Set.of("communication")), "ok"));
    assertEquals("roles", e.field());
    service.approve(w.id(), MAYOR, "ok");
    e =
        refused(
            PolicyException.Kind.FORBIDDEN,
            () -> service.approve(w.id(), new Actor("deputy", Set.of("town_hall")), "ok"));
    assertTrue(e.getMessage().contains("it_security"), e.getMessage());
    refused(PolicyException.Kind.CONFLICT, () -> service.approve(w.id(), MAYOR, "again"));
  }

  @Test
  void onePersonHoldingTwoRolesFillsOneSeat() throws Exception {
    Window w = requestOneHour();
    Actor both = new Actor("a.both", Set.of("town_hall", "it_security"));
    assertEquals(
        WindowState.REQUESTED, service.approve(w.id(), both, "ok").stateAt(clock.instant()));
    // Whichever role the first approver took, the mayor can still fill the other seat.
    assertEquals(WindowState.ACTIVE, service.approve(w.id(), MAYOR, "ok").stateAt(clock.instant()));
  }

  @Test
  void approvalsOutsideApproverHoursAreRefused() throws Exception {
    clock.set(Instant.parse("2026-11-23T06:00:00Z")); // Monday 07:00 in Paris
    Window w =
        service.request(
            request(Instant.parse("2026-11-28T06:00:00Z"), Instant.parse("2026-11-28T08:00:00Z")),
            VENDOR);
    clock.set(Instant.parse("2026-11-23T06:59:59Z")); // 07:59:59 Paris: not open yet
    PolicyException e =
        refused(PolicyException.Kind.FORBIDDEN, () -> service.approve(w.id(), MAYOR, "early"));
    assertTrue(e.getMessage().contains("approver hours"), e.getMessage());
    assertEquals("roles", e.field(), "docs/API.md: the service's 403 refusals name field roles");
    clock.set(Instant.parse("2026-11-23T07:00:00Z")); // 08:00 Paris: open
    assertEquals(1, service.approve(w.id(), MAYOR, "ok").approvals().size());
    clock.set(Instant.parse("2026-11-27T18:00:00Z")); // Friday 19:00 Paris: closed
    refused(PolicyException.Kind.FORBIDDEN, () -> service.approve(w.id(), RSSI, "late"));
    clock.set(Instant.parse("2026-11-28T05:30:00Z")); // Saturday
    refused(PolicyException.Kind.FORBIDDEN, () -> service.approve(w.id(), RSSI, "weekend"));
    assertEquals(WindowState.REQUESTED, service.get(w.id()).orElseThrow().stateAt(clock.instant()));
  }

  @Test
  void requestsAreValidatedFieldByField() {
    Instant end = MONDAY_9H_PARIS.plusSeconds(3600);
    Scope ssh = new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH));
    assertEquals(
        "reason",
        refused(
                PolicyException.Kind.INVALID,
                () -> service.request(new WindowRequest(" ", "T-1", ssh, null, end, null), VENDOR))
            .field());
    assertEquals(
        "ticket",
        refused(
                PolicyException.Kind.INVALID,
                () -> service.request(new WindowRequest("r", null, ssh, null, end, null), VENDOR))
            .field());
    assertEquals(
        "scope.devices",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r",
                            "T-1",
                            new Scope(null, null, null, List.of(App.SSH)),
                            null,
                            end,
                            null),
                        VENDOR))
            .field());
    assertEquals(
        "scope.apps",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r",
                            "T-1",
                            new Scope(List.of("cam-001"), null, null, null),
                            null,
                            end,
                            null),
                        VENDOR))
            .field());
    assertEquals(
        "scope.endpoints",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r",
                            "T-1",
                            new Scope(
                                List.of("cam-001"), null, List.of("10.0.0.1/8"), List.of(App.SSH)),
                            null,
                            end,
                            null),
                        VENDOR))
            .field());
    assertEquals(
        "end",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest("r", "T-1", ssh, null, MONDAY_9H_PARIS, null), VENDOR))
            .field());
    PolicyException tooLong =
        refused(
            PolicyException.Kind.INVALID,
            () ->
                service.request(
                    new WindowRequest(
                        "r", "T-1", ssh, null, MONDAY_9H_PARIS.plus(Duration.ofMinutes(241)), null),
                    VENDOR));
    assertTrue(tooLong.getMessage().contains("max_window_minutes 240"), tooLong.getMessage());
    assertEquals(
        "start",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r", "T-1", ssh, MONDAY_9H_PARIS.minusSeconds(1), end, null),
                        VENDOR))
            .field());
    assertEquals(
        "expected_changes[0].image_sha256",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r",
                            "T-1",
                            ssh,
                            null,
                            end,
                            List.of(new ExpectedChange("cam-001", null, "abc", null))),
                        VENDOR))
            .field());
    assertEquals(
        "expected_changes[0]",
        refused(
                PolicyException.Kind.INVALID,
                () ->
                    service.request(
                        new WindowRequest(
                            "r",
                            "T-1",
                            ssh,
                            null,
                            end,
                            List.of(new ExpectedChange("cam-001", null, null, null))),
                        VENDOR))
            .field());
    refused(PolicyException.Kind.FORBIDDEN, () -> service.request(request(null, end), MAYOR));
    refused(PolicyException.Kind.NOT_FOUND, () -> service.approve("W-nope", MAYOR, "ok"));
    assertTrue(evidence.isEmpty());
    assertTrue(service.list().isEmpty());
  }

  @Test
  void revocationIsImmediateAndFinal() throws Exception {
    Window w = requestOneHour();
    service.approve(w.id(), MAYOR, "ok");
    service.approve(w.id(), RSSI, "ok");
    clock.advance(Duration.ofMinutes(10));
    refused(PolicyException.Kind.INVALID, () -> service.revoke(w.id(), RSSI, ""));
    refused(
        PolicyException.Kind.FORBIDDEN,
        () -> service.revoke(w.id(), new Actor("someone", Set.of()), "why not"));
    Window r = service.revoke(w.id(), RSSI, "unexpected RDP");
    assertEquals(WindowState.REVOKED, r.stateAt(clock.instant()));
    assertEquals(WindowState.ACTIVE, r.stateAt(clock.instant().minusNanos(1)));
    assertEquals(clock.instant(), r.cutoff());
    refused(PolicyException.Kind.CONFLICT, () -> service.revoke(w.id(), RSSI, "again"));
    refused(
        PolicyException.Kind.CONFLICT,
        () -> service.approve(w.id(), new Actor("x", Set.of("town_hall")), "late"));
  }

  @Test
  void theRequesterMayWithdrawAndRejectionIsFinal() throws Exception {
    Window a = requestOneHour();
    assertEquals(
        WindowState.REVOKED, service.revoke(a.id(), VENDOR, "not needed").stateAt(clock.instant()));
    Window b = requestOneHour();
    assertEquals("W-20261123-002", b.id());
    refused(PolicyException.Kind.INVALID, () -> service.reject(b.id(), MAYOR, null));
    assertEquals(
        WindowState.REJECTED,
        service.reject(b.id(), MAYOR, "no ticket in our system").stateAt(clock.instant()));
    refused(PolicyException.Kind.CONFLICT, () -> service.approve(b.id(), RSSI, "ok"));
  }

  @Test
  void aWindowNotApprovedInTimeLapses() throws Exception {
    Window w = requestOneHour();
    clock.advance(Duration.ofMinutes(60));
    PolicyException e =
        refused(PolicyException.Kind.CONFLICT, () -> service.approve(w.id(), MAYOR, "too late"));
    assertTrue(e.getMessage().contains("lapsed"), e.getMessage());
  }

  @Test
  void durationFromApprovalMovesTheEnd() throws Exception {
    ApprovalConfig cfg = new ApprovalConfig(null, null, null, null, true, 120);
    JournaledWindowService s =
        new JournaledWindowService(cfg, WindowJournal.NONE, evidence::add, clock);
    Window w = s.request(request(null, MONDAY_9H_PARIS.plus(Duration.ofHours(1))), VENDOR);
    clock.advance(Duration.ofMinutes(30));
    w = s.approve(w.id(), MAYOR, "ok");
    assertEquals(clock.instant(), w.activeStart());
    assertEquals(clock.instant().plus(Duration.ofHours(1)), w.activeEnd());
  }

  @Test
  void windowsSurviveARestartAndIdsGoOn() throws Exception {
    Window w = requestOneHour();
    service.approve(w.id(), MAYOR, "ok");
    service.approve(w.id(), RSSI, "ok");
    clock.advance(Duration.ofMinutes(5));
    service.revoke(w.id(), RSSI, "done early");
    Window other = requestOneHour();

    JournaledWindowService restarted = open(TWO_ROLES);
    assertEquals(service.list(), restarted.list());
    assertEquals(WindowState.REVOKED, restarted.get(w.id()).orElseThrow().stateAt(clock.instant()));
    assertEquals(
        "W-20261123-003",
        restarted.request(request(null, clock.instant().plusSeconds(60)), VENDOR).id());
    restarted.approve(other.id(), MAYOR, "ok");
    assertEquals(1, restarted.get(other.id()).orElseThrow().approvals().size());
  }

  @Test
  void aClockGoingBackwardsCannotReorderHistory() throws Exception {
    Window w = requestOneHour();
    Instant requested = clock.instant();
    clock.set(requested.minus(Duration.ofMinutes(30)));
    Window a = service.approve(w.id(), MAYOR, "ok");
    assertEquals(requested, a.approvals().get(0).at());
    assertEquals(1, service.clockBackwardJumps());
    // Across a restart too: the journal remembers the last step's time.
    JournaledWindowService restarted = open(TWO_ROLES);
    Window b = restarted.approve(w.id(), RSSI, "ok");
    assertEquals(requested, b.approvedAt().orElseThrow());
    assertEquals(1, restarted.clockBackwardJumps());
  }

  @Test
  void aTornLastLineIsIgnoredAndABadLineIsNamed() throws Exception {
    Window w = requestOneHour();
    Files.writeString(
        journalFile,
        "{\"window\":\"" + w.id() + "\",\"ev",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    assertEquals(1, open(TWO_ROLES).list().size());
    Files.writeString(
        journalFile, "ent\":1}\n{}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    IOException e = assertThrows(IOException.class, () -> open(TWO_ROLES));
    assertTrue(e.getMessage().contains("windows.jsonl:2:"), e.getMessage());
  }

  @Test
  void aStepAfterACrashMidLineIsKeptAndTheJournalStillLoads() throws Exception {
    Window w = requestOneHour();
    // A crash tore the last line; the service restarts and goes on.
    Files.writeString(
        journalFile,
        "{\"window\":\"" + w.id() + "\",\"ev",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    JournaledWindowService restarted = open(TWO_ROLES);
    restarted.approve(w.id(), MAYOR, "ok");
    JournaledWindowService again = open(TWO_ROLES);
    assertEquals(1, again.list().size());
    assertEquals(
        1,
        again.get(w.id()).orElseThrow().events().stream()
            .filter(e -> e.toString().toLowerCase(java.util.Locale.ROOT).contains("approval"))
            .count());
  }

  @Test
  void concurrentRequestsGetDistinctIdsAndAllReachTheJournal() throws Exception {
    JournaledWindowService s =
        new JournaledWindowService(
            TWO_ROLES,
            new JsonLinesWindowJournal(journalFile),
            evidence::add,
            java.time.Clock.fixed(MONDAY_9H_PARIS, java.time.ZoneOffset.UTC));
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        // Eight requesters, so that max_pending_per_requester (10) is not what this is about.
        Actor requester = new Actor("vendor-" + i % 8, VENDOR.roles());
        ids.add(
            pool.submit(
                () -> {
                  go.await();
                  return s.request(request(null, MONDAY_9H_PARIS.plusSeconds(600)), requester).id();
                }));
      }
      go.countDown();
      Set<String> distinct = new java.util.HashSet<>();
      for (java.util.concurrent.Future<String> f : ids) {
        distinct.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertEquals(40, distinct.size());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(40, Files.readAllLines(journalFile).size());
    assertEquals(s.list(), open(TWO_ROLES).list());
  }

  @Test
  void forASiteTheScopeNamesItsDevices() throws Exception {
    io.vigie.config.SiteConfig site =
        io.vigie.config.YamlLoader.parse(
            "site.yaml",
            """
        devices:
          - { name: cam-001, address: 10.20.1.1, role: camera }
        approval:
          lapse_after_minutes: 30
        """
                .getBytes(StandardCharsets.UTF_8),
            io.vigie.config.SiteConfig.class);
    JournaledWindowService s =
        JournaledWindowService.forSite(site, WindowJournal.NONE, evidence::add, clock);
    Window ok = s.request(request(null, MONDAY_9H_PARIS.plusSeconds(600)), VENDOR);
    assertEquals(MONDAY_9H_PARIS.plus(Duration.ofMinutes(30)), ok.terms().lapseAt());
    WindowRequest typo =
        new WindowRequest(
            "r",
            "T-1",
            new Scope(List.of("cam-01"), List.of(), List.of(), List.of(App.SSH)),
            null,
            MONDAY_9H_PARIS.plusSeconds(600),
            List.of());
    PolicyException e = refused(PolicyException.Kind.INVALID, () -> s.request(typo, VENDOR));
    assertEquals("scope.devices: 'cam-01' is not a device of the site", e.getMessage());

    // A config reload adds cam-01: from then on it may be named.
    s.siteDevices(
        io.vigie.config.YamlLoader.parse(
            "site.yaml",
            """
        devices:
          - { name: cam-001, address: 10.20.1.1, role: camera }
          - { name: cam-01, address: 10.20.1.2, role: camera }
        """
                .getBytes(StandardCharsets.UTF_8),
            io.vigie.config.SiteConfig.class));
    assertEquals("cam-01", s.request(typo, VENDOR).terms().scope().devices().get(0));
  }
}
