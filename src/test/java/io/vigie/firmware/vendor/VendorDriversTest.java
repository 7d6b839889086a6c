package io.vigie.firmware.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.OnvifConfig;
import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.ChangeDetector;
import io.vigie.firmware.ExpectedChanges;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.firmware.sim.VendorSimCamera;
import io.vigie.firmware.sim.VendorSimCameras;
import io.vigie.firmware.sim.VendorSimulator;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three native drivers against simulated cameras over real HTTP on loopback with HTTP Digest,
 * serving the shared corpus's real answers where it has them: each change of a camera gives its
 * notice, each misbehaviour a typed poll error, never a crash or a hang.
 */
class VendorDriversTest {
  private static final String USER = "vigie-audit";

  @TempDir Path dir;

  private Path corpus;
  private VendorSimulator sim;
  private final PrivacyClassifier classifier = PrivacyClassifier.withDefaults(List.of());
  private final ChangeDetector detector = new ChangeDetector(classifier, ExpectedChanges.NONE);

  @BeforeEach
  void start() throws Exception {
    String shared = System.getProperty("vigie.shared");
    corpus = shared == null ? null : Path.of(shared, "corpus", "vendor-api");
    assumeTrue(
        corpus != null && Files.isDirectory(corpus),
        "shared corpus absent (system property vigie.shared): corpus/vendor-api");
    sim = VendorSimulator.start(4);
    sim.set("isapi", VendorSimCameras.hikvision(corpus, USER, "pw-isapi"));
    sim.set("vapix", VendorSimCameras.axis(corpus, USER, "pw-vapix"));
    sim.set("dahua", VendorSimCameras.dahua(corpus, USER, "pw-dahua"));
    for (String api : List.of("isapi", "vapix", "dahua")) {
      Files.writeString(dir.resolve(api), "pw-" + api + "\n");
    }
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private CameraTarget target(String api) {
    return new CameraTarget(
        api,
        sim.baseUrl(api),
        USER,
        dir.resolve(api),
        List.of(new CameraTarget.Endpoint(api, sim.baseUrl(api))));
  }

  /**
   * One poll with a fresh poller; the generous timeout is for a loaded build machine, the slow
   * camera test passes its own short one.
   */
  private CameraPoll poll(String api, int timeoutMs) throws Exception {
    try (FleetPoller fleet =
        Drivers.fleet(
            new OnvifConfig(null, timeoutMs, 2, 1 << 20),
            Clock.systemUTC(),
            classifier,
            CameraMetrics.NONE)) {
      return fleet.pollAll(List.of(target(api))).get(0);
    }
  }

  private CameraState state(String api) throws Exception {
    CameraPoll p = poll(api, 15_000);
    assertTrue(p.reachable(), () -> api + ": " + p.error());
    return p.state();
  }

  private List<Notice> changes(String api, CameraState baseline) throws Exception {
    CameraPoll p = poll(api, 15_000);
    assertTrue(p.reachable(), () -> api + ": " + p.error());
    return detector.compare(p, Optional.of(baseline));
  }

  private static List<String> types(List<Notice> ns) {
    return ns.stream().map(Notice::note).sorted().collect(Collectors.toList());
  }

  private static List<Notice> of(List<Notice> ns, NoticeType t) {
    return ns.stream().filter(n -> n.note().equals(t.wireName())).toList();
  }

  private VendorSimCamera cam(String api) {
    return sim.get(api);
  }

  /** A face app (or rule) appearing with the firmware unchanged, for each vendor. */
  private void installFaceRecognition(String api) {
    switch (api) {
      case "isapi" ->
          cam(api)
              .put(
                  VendorSimCameras.HIK_APPS,
                  VendorSimCameras.hikApps(
                      VendorSimCameras.hikApp("PeopleCounting", "1.2.0", "Hikvision", "running"),
                      VendorSimCameras.hikApp("FaceComparison", "2.0.1", "Hikvision", "running")));
      case "vapix" ->
          cam(api)
              .put(
                  VendorSimCameras.AXIS_APPS,
                  cam(api)
                      .text(VendorSimCameras.AXIS_APPS)
                      .replace(
                          "</reply>",
                          VendorSimCameras.axisApp(
                                  "FaceMatch", "Face Recognition Suite", "1.0-3", "Running")
                              + "</reply>"));
      case "dahua" ->
          cam(api)
              .put(
                  VendorSimCameras.DAHUA_RULES,
                  VendorSimCameras.dahuaRules(
                      "CrossLineDetection:Line1", "FaceRecognition:Entrance"));
      default -> throw new IllegalArgumentException(api);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"isapi", "vapix", "dahua"})
  void aFaceRecognitionAppWithoutFirmwareChangeIsSeen(String api) throws Exception {
    CameraState before = state(api);
    assertTrue(
        detector.compare(CameraPoll.ok(api, 0, before), Optional.of(before)).stream()
            .noneMatch(n -> n.note().equals("privacy_analytics_present")),
        "the starting camera runs no privacy analytics");
    installFaceRecognition(api);
    List<Notice> ns = changes(api, before);
    assertEquals(1, of(ns, NoticeType.ANALYTICS_ADDED).size(), () -> ns.toString());
    List<Notice> privacy = of(ns, NoticeType.PRIVACY_ANALYTICS_PRESENT);
    assertEquals(1, privacy.size(), () -> ns.toString());
    assertEquals(Severity.CRITICAL, privacy.get(0).severity());
    assertTrue(privacy.get(0).msg().contains("face recognition"), privacy.get(0).msg());
    assertTrue(of(ns, NoticeType.FIRMWARE_CHANGED).isEmpty(), () -> ns.toString());
  }

  @Test
  void identityComesFromTheRealAnswers() throws Exception {
    assertEquals("DS-2CD2155FWD-I", state("isapi").identity().model());
    assertEquals("V5.5.0 build 170725", state("isapi").identity().firmware());
    CameraState axis = state("vapix");
    assertEquals("M1065-LW", axis.identity().model());
    assertEquals("9.80.1", axis.identity().firmware());
    assertEquals("on", axis.remoteServices().get("upnp"));
    assertEquals("on tcp://192.168.0.90:1883", axis.remoteServices().get("mqtt"));
    assertTrue(axis.users().contains("root:admin"), axis.users().toString());
    CameraState dahua = state("dahua");
    assertEquals("IPC-HDW5831R-ZE", dahua.identity().model());
    assertEquals("4X7C5A1ZAG21L3F", dahua.identity().serial());
    assertEquals("2.800.0000016.0.R,build:2020-06-05", dahua.identity().firmware());
  }

  @Test
  void anAxisAppStartedIsAChange() throws Exception {
    CameraState before = state("vapix");
    VendorSimCamera c = cam("vapix");
    c.put(
        VendorSimCameras.AXIS_APPS,
        c.text(VendorSimCameras.AXIS_APPS)
            .replace(
                "Version=\"3.2-1\" ApplicationID=\"46396\" License=\"None\" Status=\"Stopped\"",
                "Version=\"3.2-1\" ApplicationID=\"46396\" License=\"None\" Status=\"Running\""));
    List<Notice> ns = changes("vapix", before);
    List<Notice> added = of(ns, NoticeType.ANALYTICS_ADDED);
    assertEquals(1, added.size(), ns::toString);
    assertTrue(added.get(0).msg().contains("VMD3"), added.get(0).msg());
  }

  @Test
  void aFaceLibraryCreatedIsRaisedForHikvisionAndDahua() throws Exception {
    CameraState hik = state("isapi");
    CameraState dahua = state("dahua");
    cam("isapi").put(VendorSimCameras.HIK_FDLIB, VendorSimCameras.hikLibraries("Blacklist:42"));
    cam("dahua").put(VendorSimCameras.DAHUA_GROUPS, VendorSimCameras.dahuaGroups("Staff:7"));
    List<Notice> h = of(changes("isapi", hik), NoticeType.FACE_LIBRARY_PRESENT);
    List<Notice> d = of(changes("dahua", dahua), NoticeType.FACE_LIBRARY_PRESENT);
    assertEquals(1, h.size());
    assertEquals(Severity.CRITICAL, h.get(0).severity());
    assertTrue(h.get(0).msg().contains("Blacklist|42"), h.get(0).msg());
    assertEquals(1, d.size());
    assertTrue(d.get(0).msg().contains("Staff|7"), d.get(0).msg());
  }

  @Test
  void sshSwitchedOnIsRaised() throws Exception {
    CameraState hik = state("isapi");
    CameraState axis = state("vapix");
    CameraState dahua = state("dahua");
    cam("isapi").put(VendorSimCameras.HIK_SSH, "<SSH><enabled>true</enabled></SSH>");
    cam("vapix")
        .put(
            VendorSimCameras.AXIS_PARAMS,
            cam("vapix")
                .text(VendorSimCameras.AXIS_PARAMS)
                .replace("root.Network.SSH.Enabled=no", "root.Network.SSH.Enabled=yes"));
    cam("dahua").put(VendorSimCameras.DAHUA_CONFIG + "SSHD", "table.SSHD.Enable=true\r\n");
    for (var e : Map.of("isapi", hik, "vapix", axis, "dahua", dahua).entrySet()) {
      List<Notice> ns = changes(e.getKey(), e.getValue());
      List<Notice> on = of(ns, NoticeType.REMOTE_SERVICE_ENABLED);
      assertEquals(1, on.size(), () -> e.getKey() + " " + ns);
      assertTrue(on.get(0).msg().contains("ssh"), on.get(0).msg());
    }
  }

  @Test
  void aSecondGb28181PlatformIsRaised() throws Exception {
    CameraState hik = state("isapi");
    CameraState dahua = state("dahua");
    assertEquals(1, hik.platforms().size(), hik.platforms().toString());
    cam("isapi")
        .put(
            VendorSimCameras.HIK_SIP,
            VendorSimCameras.hikSip(
                VendorSimCameras.sipServer(
                    "1", "10.20.0.5", "34020000002000000001", "34020000001320000001"),
                VendorSimCameras.sipServer(
                    "2", "203.0.113.9", "44010000002000000001", "44010000001320000001")));
    cam("dahua")
        .put(
            VendorSimCameras.DAHUA_CONFIG + "VSP_GAYS",
            VendorSimCameras.dahuaPlatforms(
                "10.20.0.5:34020000002000000001:34020000001320000002",
                "203.0.113.9:44010000002000000001:44010000001320000002"));
    for (var e : Map.of("isapi", hik, "dahua", dahua).entrySet()) {
      List<Notice> ns =
          of(changes(e.getKey(), e.getValue()), NoticeType.PLATFORM_REGISTRATION_CHANGED);
      assertEquals(1, ns.size(), e.getKey());
      assertTrue(ns.get(0).msg().contains("203.0.113.9:5060"), ns.get(0).msg());
    }
  }

  @Test
  void anAccountAddedIsRaised() throws Exception {
    CameraState hik = state("isapi");
    cam("isapi")
        .put(
            VendorSimCameras.HIK_USERS,
            VendorSimCameras.hikUsers(
                "admin:Administrator", USER + ":Operator", "support:Administrator"));
    List<Notice> ns = changes("isapi", hik);
    List<Notice> added = of(ns, NoticeType.ACCOUNT_ADDED);
    assertEquals(1, added.size(), ns::toString);
    assertTrue(added.get(0).msg().contains("support:Administrator"));
    assertFalse(of(ns, NoticeType.USERS_CHANGED).isEmpty(), "the account list changed too");
  }

  @ParameterizedTest
  @ValueSource(strings = {"isapi", "vapix", "dahua"})
  void misbehavingCamerasAreCountedErrors(String api) throws Exception {
    cam(api).behaviour(VendorSimCamera.Behaviour.GARBAGE);
    CameraPoll garbage = poll(api, 15_000);
    assertEquals(PollErrorType.MALFORMED, garbage.error().type(), () -> garbage.error().toString());

    cam(api).behaviour(VendorSimCamera.Behaviour.TRUNCATED);
    CameraPoll truncated = poll(api, 15_000);
    assertFalse(truncated.reachable());
    assertEquals(
        PollErrorType.MALFORMED, truncated.error().type(), () -> truncated.error().toString());

    cam(api).behaviour(VendorSimCamera.Behaviour.SLOW);
    CameraPoll slow = poll(api, 500);
    assertEquals(PollErrorType.TIMEOUT, slow.error().type(), () -> slow.error().toString());

    cam(api).behaviour(VendorSimCamera.Behaviour.NORMAL);
    Files.writeString(dir.resolve(api), "not-the-password\n");
    CameraPoll wrong = poll(api, 15_000);
    assertEquals(PollErrorType.AUTH, wrong.error().type(), () -> wrong.error().toString());
    assertFalse(wrong.error().detail().contains("not-the-password"));
    List<Notice> ns = detector.compare(wrong, Optional.empty());
    assertEquals(List.of("camera_unreachable"), types(ns));
  }

  @Test
  void onvifAndIsapiMergeIntoOneStateAndOneBaseline() throws Exception {
    try (io.vigie.firmware.sim.OnvifSimulator onvif =
        io.vigie.firmware.sim.OnvifSimulator.start(4)) {
      onvif.set("both", io.vigie.firmware.sim.SimCamera.ordinary("pw-isapi", "SN-both"));
      CameraTarget both =
          new CameraTarget(
              "both",
              onvif.deviceUrl("both"),
              USER,
              dir.resolve("isapi"),
              List.of(
                  new CameraTarget.Endpoint("onvif", onvif.deviceUrl("both")),
                  new CameraTarget.Endpoint("isapi", sim.baseUrl("isapi"))));
      CameraPoll first = pollTarget(both);
      assertTrue(first.reachable(), () -> first.error().toString());
      CameraState s = first.state();
      // Identity from the first driver (ONVIF), findings from both.
      assertEquals("ACME", s.identity().manufacturer());
      assertTrue(s.analytics().stream().anyMatch(a -> a.name().equals("MyCellMotionModule")));
      assertTrue(s.analytics().stream().anyMatch(a -> a.name().equals("PeopleCounting")));
      assertEquals(1, s.platforms().size(), s.platforms().toString());
      installFaceRecognition("isapi");
      CameraPoll second = pollTarget(both);
      List<Notice> ns = detector.compare(second, Optional.of(s));
      assertEquals(1, of(ns, NoticeType.ANALYTICS_ADDED).size(), ns::toString);
      assertEquals(1, of(ns, NoticeType.PRIVACY_ANALYTICS_PRESENT).size(), ns::toString);
      // One driver failing fails the camera's poll, named by the driver.
      cam("isapi").behaviour(VendorSimCamera.Behaviour.GARBAGE);
      CameraPoll broken = pollTarget(both);
      assertEquals(PollErrorType.MALFORMED, broken.error().type());
      assertTrue(broken.error().detail().startsWith("isapi: "), broken.error().detail());
    }
  }

  private CameraPoll pollTarget(CameraTarget t) throws Exception {
    try (FleetPoller fleet =
        Drivers.fleet(
            new OnvifConfig(null, 15_000, 2, 1 << 20),
            Clock.systemUTC(),
            classifier,
            CameraMetrics.NONE)) {
      return fleet.pollAll(List.of(t)).get(0);
    }
  }

  @Test
  void vendorNamesAreClassedAndTheCityCanExtendThem() {
    io.vigie.firmware.AnalyticsItem lpv =
        new io.vigie.firmware.AnalyticsItem(
            io.vigie.firmware.AnalyticsItem.Kind.APP,
            "",
            "lpv",
            io.vigie.firmware.VendorTypes.clark(io.vigie.firmware.VendorTypes.VAPIX_APP, "lpv"),
            Map.of(io.vigie.firmware.VendorTypes.NICE_NAME, "AXIS License Plate Verifier"));
    // The package name says nothing; the display name says plate reading.
    assertEquals(io.vigie.firmware.PrivacyClass.PLATE_READING, classifier.classify(lpv));
    assertEquals(
        io.vigie.firmware.PrivacyClass.FACE_RECOGNITION,
        classifier.classify("{" + io.vigie.firmware.VendorTypes.ISAPI_SMART + "}faceContrast"));
    assertEquals(
        io.vigie.firmware.PrivacyClass.PLATE_READING,
        classifier.classify("{" + io.vigie.firmware.VendorTypes.DAHUA_RULE + "}TrafficJunction"));
    String smart = "{" + io.vigie.firmware.VendorTypes.ISAPI_APP + "}SmartSearch";
    assertEquals(io.vigie.firmware.PrivacyClass.UNKNOWN, classifier.classify(smart));
    PrivacyClassifier city =
        PrivacyClassifier.withDefaults(
            List.of(
                new io.vigie.config.PrivacyClassRule(
                    "SmartSearch", io.vigie.firmware.VendorTypes.ISAPI_APP, "person_attributes")));
    assertEquals(io.vigie.firmware.PrivacyClass.PERSON_ATTRIBUTES, city.classify(smart));
    assertEquals("isapi-app:SmartSearch", io.vigie.firmware.AnalyticsItem.shortType(smart));
  }
}
