package io.vigie.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.OnvifConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.onvif.CameraWatch;
import io.vigie.firmware.onvif.CameraWatchLoop;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.sim.OnvifSimulator;
import io.vigie.firmware.sim.SimCamera;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera watch against simulated cameras over real HTTP on loopback (Digest and UsernameToken
 * checked, camera clock one hour ahead): each change of a camera's state gives its notice and
 * nothing else.
 */
class CameraWatchTest {
  private static final String AV = "http://analytics.acme-vision.example/2026";

  @TempDir Path dir;

  private OnvifSimulator sim;
  private final List<EvidenceRecord> evidence = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private BaselineHolder holder;
  private List<CameraTarget> targets;
  private final PrivacyClassifier classifier = PrivacyClassifier.withDefaults(List.of());

  @BeforeEach
  void start() throws Exception {
    sim = OnvifSimulator.start(8);
    targets = new ArrayList<>();
    for (String cam : List.of("cam-001", "cam-002")) {
      sim.set(cam, SimCamera.ordinary("pw-" + cam, "SN-" + cam));
      Files.writeString(dir.resolve(cam), "pw-" + cam + "\n");
      targets.add(new CameraTarget(cam, sim.deviceUrl(cam), "vigie-audit", dir.resolve(cam)));
    }
    Map<String, CameraState> states = new TreeMap<>();
    try (FleetPoller fleet = fleet(3000, 1 << 20)) {
      for (CameraPoll p : fleet.pollAll(targets)) {
        assertTrue(p.reachable(), () -> p.error().toString());
        states.put(p.camera(), p.state());
      }
    }
    holder = new BaselineHolder(new Baseline(0, states), r -> evidence.add(r));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private FleetPoller fleet(int timeoutMs, int maxBytes) {
    return FleetPoller.create(
        new OnvifConfig(null, timeoutMs, 4, maxBytes),
        Clock.systemUTC(),
        classifier,
        CameraMetrics.NONE);
  }

  private List<Notice> round(ExpectedChanges expected, int timeoutMs, int maxBytes)
      throws InterruptedException {
    notices.clear();
    try (FleetPoller fleet = fleet(timeoutMs, maxBytes)) {
      new CameraWatch(
              fleet, new ChangeDetector(classifier, expected), holder, notices::add, evidence::add)
          .runOnce(targets);
    }
    return List.copyOf(notices);
  }

  private List<Notice> round() throws InterruptedException {
    return round(ExpectedChanges.NONE, 3000, 1 << 20);
  }

  private static Set<String> notes(List<Notice> ns, String camera) {
    return ns.stream()
        .filter(n -> camera.equals(n.camera()))
        .map(Notice::note)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Notice only(List<Notice> ns, String note) {
    List<Notice> l = ns.stream().filter(n -> n.note().equals(note)).toList();
    assertEquals(1, l.size(), ns::toString);
    return l.get(0);
  }

  @Test
  void anUnchangedCameraGivesNoNoticeAndTheSameFingerprint() throws Exception {
    Baseline before = holder.current().orElseThrow();
    assertEquals(List.of(), round());
    // Every request after the clock needs Digest: the first one of each camera was challenged.
    assertTrue(sim.refused() >= 2, "refused " + sim.refused());
    List<EvidenceRecord> snaps =
        evidence.stream().filter(r -> r.kind().equals("camera_snapshot")).toList();
    assertEquals(2, snaps.size());
    assertEquals(
        Fingerprint.of(before.cameras().get("cam-001")).full(),
        snaps.get(0).fields().get("fingerprint"));
    assertFalse(snaps.toString().contains("pw-cam-001"), "a password reached the evidence");
    assertSame(before, holder.current().orElseThrow(), "a poll must never change the baseline");
  }

  @Test
  void aFaceRecognitionPackageWithTheSameFirmwareIsNoticed() throws Exception {
    SimCamera c = sim.get("cam-001");
    List<SimCamera.Item> modules = new ArrayList<>(c.modules());
    modules.add(
        new SimCamera.Item("Watchlist", "av", AV, "FaceMatchEngine", Map.of("Threshold", "0.8")));
    List<SimCamera.Item> supported = new ArrayList<>(c.supportedModules());
    supported.add(new SimCamera.Item("", "av", AV, "FaceMatchEngine", Map.of()));
    sim.set("cam-001", c.withModules(modules, supported));

    List<Notice> ns = round();
    assertEquals(Set.of("analytics_added", "privacy_analytics_present"), notes(ns, "cam-001"));
    assertEquals(Set.of(), notes(ns, "cam-002"));
    Notice p = only(ns, "privacy_analytics_present");
    assertEquals(Severity.CRITICAL, p.severity());
    assertTrue(p.msg().contains("FaceMatchEngine"), p.msg());
    // The supported list and the configured module both appeared.
    assertEquals(
        2, ns.stream().filter(n -> n.note().equals("analytics_added")).count(), ns::toString);
  }

  @Test
  void aFirmwareChangeIsNoticed() throws Exception {
    sim.set("cam-001", sim.get("cam-001").withFirmware("V5.7.0 build 260101"));
    List<Notice> ns = round();
    assertEquals(Set.of("firmware_changed"), notes(ns, "cam-001"));
    assertEquals(1, ns.size());
    Notice n = ns.get(0);
    assertEquals(Severity.HIGH, n.severity());
    assertNull(n.window());
    assertTrue(
        n.msg().contains("V5.5.3 build 200101") && n.msg().contains("V5.7.0 build 260101"),
        n.msg());
    // Same fact, same id: de-duplication downstream relies on it.
    assertEquals(n.id(), round().get(0).id());
  }

  @Test
  void aNewUserIsNoticed() throws Exception {
    SimCamera c = sim.get("cam-002");
    List<String> users = new ArrayList<>(c.users());
    users.add("acme-support:Administrator");
    sim.set("cam-002", c.withUsers(users));
    List<Notice> ns = round();
    // The list changed, and one account is new (account_added, the same fact for every driver).
    assertEquals(2, ns.size(), ns::toString);
    assertEquals("users_changed", ns.get(0).note());
    assertEquals("cam-002", ns.get(0).camera());
    assertTrue(ns.get(0).msg().contains("acme-support:Administrator"));
    assertEquals("account_added", ns.get(1).note());
    assertTrue(ns.get(1).msg().contains("acme-support:Administrator"), ns.get(1).msg());
  }

  @Test
  void aRemoteUserADiscoveryProxyAndANewSerialEachGiveTheirNotice() throws Exception {
    sim.set("cam-001", sim.get("cam-001").withRemoteUser("acme-cloud"));
    List<Notice> ns = round();
    assertEquals(1, ns.size(), ns::toString);
    assertEquals("remote_user_set", ns.get(0).note());
    assertTrue(ns.get(0).msg().contains("acme-cloud;derived=false"), ns.get(0).msg());

    sim.set(
        "cam-001", sim.get("cam-001").withRemoteUser("").withDpAddresses(List.of("203.0.113.7")));
    ns = round();
    assertEquals(1, ns.size(), ns::toString);
    assertEquals("dp_address_changed", ns.get(0).note());

    sim.set("cam-001", sim.get("cam-001").withDpAddresses(List.of()).withSerial("SN-swapped"));
    ns = round();
    assertEquals(1, ns.size(), ns::toString);
    assertEquals("camera_replaced", ns.get(0).note());
    assertEquals(Severity.HIGH, ns.get(0).severity());
  }

  @Test
  void aCameraWithoutGetRemoteUserKeepsAStableUnsupportedValue() throws Exception {
    sim.set("cam-002", sim.get("cam-002").withRemoteUser(null));
    List<Notice> ns = round();
    // The fault is a value ("unsupported"), not an error; it changed the fingerprint but no remote
    // user is set.
    assertEquals(List.of(), ns);
    CameraPoll p;
    try (FleetPoller fleet = fleet(3000, 1 << 20)) {
      p = fleet.pollAll(targets).get(1);
    }
    assertEquals(CameraState.UNSUPPORTED, p.state().remoteUser());
  }

  @Test
  void anUnknownTypeIsItselfANotice() throws Exception {
    SimCamera c = sim.get("cam-001");
    List<SimCamera.Item> modules = new ArrayList<>(c.modules());
    modules.add(new SimCamera.Item("Z", "av", AV, "Zorblax", Map.of()));
    sim.set("cam-001", c.withModules(modules, c.supportedModules()));
    List<Notice> ns = round();
    assertEquals(Set.of("analytics_added", "unknown_analytics_type"), notes(ns, "cam-001"));
    assertEquals(2, ns.size(), ns::toString);
  }

  @Test
  void garbageIsATypedPollError() throws Exception {
    sim.set("cam-001", sim.get("cam-001").withBehaviour(SimCamera.Behaviour.GARBAGE));
    List<Notice> ns = round();
    assertEquals(1, ns.size(), ns::toString);
    Notice n = only(ns, "camera_unreachable");
    assertEquals("cam-001", n.camera());
    assertTrue(n.msg().contains("(malformed)"), n.msg());
  }

  @Test
  void aSlowCameraTimesOutWithoutHoldingTheOthers() throws Exception {
    sim.set("cam-002", sim.get("cam-002").withBehaviour(SimCamera.Behaviour.SLOW));
    long t0 = System.nanoTime();
    List<Notice> ns = round(ExpectedChanges.NONE, 400, 1 << 20);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(1, ns.size(), ns::toString);
    assertTrue(only(ns, "camera_unreachable").msg().contains("(timeout)"));
    assertTrue(ms < 10_000, "took " + ms + " ms");
  }

  @Test
  void aCameraThatIsOffIsAConnectError() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CameraTarget off =
        new CameraTarget(
            "cam-off",
            java.net.URI.create("http://127.0.0.1:" + port + "/onvif/device_service"),
            null,
            null);
    try (FleetPoller fleet = fleet(3000, 1 << 20)) {
      CameraPoll p = fleet.pollAll(List.of(off)).get(0);
      assertEquals(PollErrorType.CONNECT, p.error().type(), p.error()::toString);
    }
  }

  @Test
  void aHugeAnswerIsCutAtTheCap() throws Exception {
    sim.set("cam-001", sim.get("cam-001").withBehaviour(SimCamera.Behaviour.HUGE));
    List<Notice> ns = round(ExpectedChanges.NONE, 3000, 64 * 1024);
    assertEquals(1, ns.size(), ns::toString);
    assertTrue(only(ns, "camera_unreachable").msg().contains("(too_large)"));
  }

  @Test
  void aWrongPasswordIsAnAuthError() throws Exception {
    Files.writeString(dir.resolve("cam-002"), "not-the-password\n");
    List<Notice> ns = round();
    assertEquals(1, ns.size(), ns::toString);
    Notice n = only(ns, "camera_unreachable");
    assertTrue(n.msg().contains("(auth)"), n.msg());
    assertFalse(n.msg().contains("not-the-password"));
  }

  @Test
  void anExpectedFirmwareIsLinkedToItsWindowAndTheRestStillRaises() throws Exception {
    SimCamera c = sim.get("cam-001").withFirmware("V5.7.0 build 260101");
    List<String> users = new ArrayList<>(c.users());
    users.add("acme-support:Administrator");
    sim.set("cam-001", c.withUsers(users));
    Map<CameraChange, Long> asked = new ConcurrentHashMap<>();
    ExpectedChanges window =
        (change, ts) -> {
          asked.put(change, ts);
          return change.kind().equals("firmware")
                  && change.firmwareVersion().equals("V5.7.0 build 260101")
              ? Optional.of("W-7")
              : Optional.empty();
        };
    List<Notice> ns = round(window, 3000, 1 << 20);
    assertEquals(
        Set.of("firmware_changed", "users_changed", "account_added"), notes(ns, "cam-001"));
    Notice fw = only(ns, "firmware_changed");
    assertEquals(Severity.INFO, fw.severity());
    assertEquals("W-7", fw.window());
    Notice u = only(ns, "users_changed");
    assertEquals(Severity.HIGH, u.severity());
    assertNull(u.window());
    assertTrue(
        asked.keySet().stream()
            .anyMatch(k -> k.camera().equals("cam-001") && k.kind().equals("firmware")));
  }

  @Test
  void theLoopPollsEveryIntervalAndSurvivesAFailingRound() throws Exception {
    java.util.concurrent.CountDownLatch twoRounds = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (FleetPoller fleet = fleet(3000, 1 << 20)) {
      CameraWatch watch =
          new CameraWatch(
              fleet,
              new ChangeDetector(classifier, ExpectedChanges.NONE),
              holder,
              n -> {},
              r -> {
                // The first round's evidence sink fails: the loop must count it and go on.
                if (calls.incrementAndGet() == 1) {
                  throw new IllegalStateException("store full");
                }
                if (r.subject().equals("cam-002")) {
                  twoRounds.countDown();
                }
              });
      try (CameraWatchLoop loop =
          new CameraWatchLoop(watch, targets, java.time.Duration.ofMillis(50), failures::add)) {
        loop.start();
        assertTrue(
            twoRounds.await(30, java.util.concurrent.TimeUnit.SECONDS), "no two good rounds");
        assertEquals(1, loop.failures());
        assertTrue(failures.get(0).contains("store full"), failures::toString);
      }
    }
  }

  @Test
  void metricsSeeUpDownClassesAndErrors() throws Exception {
    sim.set("cam-002", sim.get("cam-002").withBehaviour(SimCamera.Behaviour.GARBAGE));
    Map<String, Boolean> up = new ConcurrentHashMap<>();
    Map<String, PollErrorType> errors = new ConcurrentHashMap<>();
    Map<String, Map<PrivacyClass, Integer>> classes = new ConcurrentHashMap<>();
    CameraMetrics m =
        new CameraMetrics() {
          @Override
          public void onPoll(
              String camera, boolean isUp, CameraState state, Fingerprint fingerprint) {
            up.put(camera, isUp);
          }

          @Override
          public void onPrivacyClasses(String camera, Map<PrivacyClass, Integer> byClass) {
            classes.put(camera, byClass);
          }

          @Override
          public void onPollError(String camera, PollErrorType type) {
            errors.put(camera, type);
          }

          @Override
          public void onFleetPoll(int cameras, long nanos) {}
        };
    try (FleetPoller fleet =
        FleetPoller.create(
            new OnvifConfig(null, 3000, 2, null), Clock.systemUTC(), classifier, m)) {
      fleet.pollAll(targets);
    }
    assertEquals(Map.of("cam-001", true, "cam-002", false), up);
    assertEquals(Map.of("cam-002", PollErrorType.MALFORMED), errors);
    // Two modules and two rules configured, all ordinary.
    assertEquals(Map.of(PrivacyClass.ORDINARY, 4), classes.get("cam-001"));
  }
}
