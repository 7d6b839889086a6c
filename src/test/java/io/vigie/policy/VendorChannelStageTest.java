package io.vigie.policy;

import static io.vigie.policy.TestSite.CAM1;
import static io.vigie.policy.TestSite.CAM2;
import static io.vigie.policy.TestSite.INTERNET;
import static io.vigie.policy.TestSite.VENDOR_GW;
import static io.vigie.policy.TestSite.VMS;
import static io.vigie.policy.Windows.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.FingerprintAllowList;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.protocol.DahuaDetails;
import io.vigie.protocol.FingerprintDetails;
import io.vigie.protocol.Gb28181Details;
import io.vigie.protocol.IsapiDetails;
import io.vigie.protocol.IsupDetails;
import io.vigie.protocol.LoginDetails;
import io.vigie.protocol.MqttDetails;
import io.vigie.protocol.ParentDetails;
import io.vigie.protocol.ProtocolDetail;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SipDetails;
import io.vigie.protocol.UpnpDetails;
import io.vigie.site.Platforms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each vendor-channel notice on the sessions that call for it, and its absence on their nearest
 * innocent neighbour. Site: {@link TestSite}; platforms: city-vms (10.20.0.10, id ...0001) for
 * cam-001 only, regional (192.0.2.50) for every device.
 */
class VendorChannelStageTest {
  static final String CITY_PLATFORM_ID = "34020000002000000001";
  static final String FOREIGN_ID = "44010200492000000001";
  static final String REGIONAL = "192.0.2.50";
  static final String KNOWN_HASSH = "ec7378c1a92f5a8dde7e8b7a1ddf33d1";
  static final String KNOWN_JA4 = "t13d1516h2_8daaf6152771_b186095e22b6";

  private final List<Notice> notices = new ArrayList<>();
  private final List<Session> passed = new ArrayList<>();
  private final VendorChannelStage stage =
      stage(new FingerprintAllowList(List.of(KNOWN_HASSH), List.of(KNOWN_JA4)));

  private VendorChannelStage stage(FingerprintAllowList fingerprints) {
    return new VendorChannelStage(
        new TestSite(), Platforms.of(site()), fingerprints, notices::add, passed::add);
  }

  static SiteConfig site() {
    String yaml =
        """
        networks:
          - { name: cameras, cidr: 10.20.0.0/16 }
        devices:
          - { name: cam-001, address: 10.20.1.1, role: camera }
          - { name: cam-002, address: 10.20.1.2, role: camera }
        platforms:
          - { name: city-vms, cidrs: [10.20.0.10/32], gb28181_ids: ["34020000002000000001"], devices: [cam-001] }
          - { name: regional, cidrs: [192.0.2.50/32] }
        """;
    try {
      return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Session s(String orig, String resp, App app, String verdict, ProtocolDetail... details) {
    Session b = Sessions.session(orig, resp, 5060, app, at("08:30:00"), at("08:31:00"));
    return new Session(
        b.startNanos(),
        b.endNanos(),
        b.proto(),
        b.origH(),
        b.origP(),
        b.respH(),
        b.respP(),
        b.communityId() + "-" + details.length + "-" + String.valueOf(verdict),
        app,
        b.origBytes(),
        b.respBytes(),
        b.origPkts(),
        b.respPkts(),
        b.direction(),
        b.vendor(),
        b.origName(),
        b.respName(),
        b.endReason(),
        SessionDetails.of(details),
        verdict,
        "authorised".equals(verdict) ? "W1" : null);
  }

  static SipDetails register(String platformId) {
    return new SipDetails("REGISTER", "sip:" + platformId + "@x", "IP Camera", 200);
  }

  private List<Notice> run(Session s) {
    notices.clear();
    stage.onSession(s);
    assertEquals(s, passed.get(passed.size() - 1), "every session is passed on unchanged");
    return List.copyOf(notices);
  }

  private List<String> notes(Session s) {
    return run(s).stream().map(Notice::note).toList();
  }

  @Test
  void registrationToAPlatformNotApprovedForTheDevice() {
    Gb28181Details city =
        new Gb28181Details("34020000001320000001", CITY_PLATFORM_ID, List.of("Keepalive"));
    assertEquals(
        List.of(),
        notes(s(CAM1, VMS, App.GB28181, null, register(CITY_PLATFORM_ID), city)),
        "cam-001 to the city's platform is the baseline");
    assertEquals(
        List.of(),
        notes(
            s(
                CAM2,
                REGIONAL,
                App.GB28181,
                null,
                new Gb28181Details("34020000001320000002", null, List.of("Keepalive")))),
        "regional takes every device");

    List<Notice> wrongDevice =
        run(s(CAM2, VMS, App.GB28181, null, register(CITY_PLATFORM_ID), city));
    assertEquals(List.of("platform_registration"), wrongDevice.stream().map(Notice::note).toList());
    assertEquals(
        Severity.HIGH, wrongDevice.get(0).severity(), "the platform is inside the video networks");
    assertTrue(
        wrongDevice.get(0).msg().contains("city-vms, which is not approved for it"),
        wrongDevice.get(0).msg());
    assertEquals("cam-002", wrongDevice.get(0).camera());

    List<Notice> foreign =
        run(
            s(
                CAM1,
                INTERNET,
                App.GB28181,
                null,
                register(FOREIGN_ID),
                new Gb28181Details("34020000001320000001", FOREIGN_ID, List.of("Keepalive"))));
    assertEquals(Severity.CRITICAL, foreign.get(0).severity());
    assertTrue(
        foreign.get(0).msg().contains(FOREIGN_ID)
            && foreign.get(0).msg().contains("outside the video networks"),
        foreign.get(0).msg());

    List<Notice> otherId =
        run(
            s(
                CAM1,
                VMS,
                App.GB28181,
                null,
                register(FOREIGN_ID),
                new Gb28181Details("34020000001320000001", FOREIGN_ID, List.of())));
    assertEquals(
        List.of("platform_registration"),
        otherId.stream().map(Notice::note).toList(),
        "the city's address answering to another platform id is another platform");
    assertTrue(otherId.get(0).msg().contains("not an approved platform"), otherId.get(0).msg());

    assertEquals(
        List.of("platform_registration", "vendor_cloud"),
        notes(s(CAM2, INTERNET, App.ISUP, null, new IsupDetails("cam2-serial"))));
    assertEquals(
        List.of(), notes(s(CAM2, REGIONAL, App.ISUP, null, new IsupDetails("cam2-serial"))));
    assertEquals(
        List.of(),
        notes(s(CAM1, INTERNET, App.SIP, null, new SipDetails("OPTIONS", "sip:x@y", null, 200))),
        "not a registration");
    assertEquals(
        foreign.get(0).id(),
        run(s(
                CAM1,
                INTERNET,
                App.GB28181,
                null,
                register(FOREIGN_ID),
                new Gb28181Details("34020000001320000001", FOREIGN_ID, List.of())))
            .get(0)
            .id(),
        "a stable id");
  }

  @Test
  void videoPulledOutOfTheVideoNetworks() {
    List<Notice> invite =
        run(s(INTERNET, CAM1, App.GB28181, null, new SipDetails("INVITE", "sip:x@y", null, 200)));
    assertEquals(List.of("video_pulled"), invite.stream().map(Notice::note).toList());
    assertEquals(Severity.CRITICAL, invite.get(0).severity());
    assertEquals(
        List.of("video_pulled"),
        notes(s(CAM1, INTERNET, App.RTP, null, new ParentDetails("1:parent"))));
    assertEquals(List.of("video_pulled"), notes(s(INTERNET, CAM1, App.RTSP, null)));

    assertEquals(
        List.of(),
        notes(s(VMS, CAM1, App.GB28181, null, new SipDetails("INVITE", "sip:x@y", null, 200))),
        "the city's platform inside the video networks");
    assertEquals(
        List.of(),
        notes(s(CAM1, INTERNET, App.RTP, null)),
        "rtp announced by nothing is video_egress's");
  }

  @Test
  void remoteControlOutsideAnAuthorisedSession() {
    Gb28181Details control =
        new Gb28181Details("34020000001320000001", FOREIGN_ID, List.of("DeviceControl"));
    List<Notice> gb = run(s(INTERNET, CAM1, App.GB28181, null, control));
    assertEquals(List.of("remote_control"), gb.stream().map(Notice::note).toList());
    assertTrue(gb.get(0).msg().contains("DeviceControl"), gb.get(0).msg());
    assertEquals(
        List.of(),
        notes(
            s(
                VMS,
                CAM1,
                App.GB28181,
                null,
                new Gb28181Details(
                    "34020000001320000001", CITY_PLATFORM_ID, List.of("DeviceControl")))),
        "the city's platform steering its own camera");

    DahuaDetails setConfig = new DahuaDetails(List.of("global.login", "configManager.setConfig"));
    assertEquals(
        List.of("remote_control"), notes(s(VENDOR_GW, CAM1, App.DAHUA, "no_window", setConfig)));
    assertEquals(
        List.of(),
        notes(s(VENDOR_GW, CAM1, App.DAHUA, "authorised", setConfig)),
        "inside a window");
    assertEquals(
        List.of("remote_control"),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.DAHUA,
                "no_window",
                new DahuaDetails(List.of("upgrader.prepare")))));
    assertEquals(
        List.of(),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.DAHUA,
                "no_window",
                new DahuaDetails(List.of("global.login", "magicBox.getSoftwareVersion")))),
        "reads are not control");

    assertEquals(
        List.of("remote_control"),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.HTTP,
                "no_window",
                new IsapiDetails(List.of("PUT /ISAPI/System/updateFirmware")))));
    assertEquals(
        List.of("remote_control"),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.HTTP,
                "no_window",
                new IsapiDetails(List.of("PUT /ISAPI/Security/users/1")))));
    assertEquals(
        List.of(),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.HTTP,
                "no_window",
                new IsapiDetails(
                    List.of("GET /ISAPI/System/deviceInfo", "PUT /ISAPI/Image/channels/1")))));
    assertEquals(
        List.of(),
        notes(s(VMS, CAM1, App.HTTP, null, new IsapiDetails(List.of("PUT /ISAPI/System/time")))),
        "the platform approved for cam-001 manages it");
    assertEquals(
        List.of("remote_control"),
        notes(s(VMS, CAM2, App.HTTP, null, new IsapiDetails(List.of("PUT /ISAPI/System/time")))),
        "but is not approved for cam-002");
  }

  @Test
  void portMappingByOrForAVideoDevice() {
    String router = "10.20.0.1";
    List<Notice> n =
        run(s(CAM1, router, App.HTTP, null, new UpnpDetails("AddPortMapping", 8000, CAM1, 80)));
    assertEquals(List.of("port_mapping"), n.stream().map(Notice::note).toList());
    assertTrue(
        n.get(0).msg().contains("external port 8000")
            && n.get(0).msg().contains("cam-001 (10.20.1.1) port 80"),
        n.get(0).msg());
    assertEquals(
        List.of("port_mapping"),
        notes(
            s(
                "192.168.1.5",
                "192.168.1.1",
                App.HTTP,
                null,
                new UpnpDetails("AddPortMapping", 554, CAM2, 554))),
        "a mapping made for a camera by another host");

    assertEquals(
        List.of(),
        notes(
            s(
                CAM1,
                router,
                App.HTTP,
                null,
                new UpnpDetails("GetExternalIPAddress", null, null, null))));
    assertEquals(
        List.of(),
        notes(
            s(
                "192.168.1.5",
                "192.168.1.1",
                App.HTTP,
                null,
                new UpnpDetails("AddPortMapping", 8080, "192.168.1.5", 80))),
        "neither by nor for a video device");
  }

  @Test
  void vendorCloudOutOfTheVideoNetworks() {
    List<Notice> mqtt =
        run(s(CAM1, INTERNET, App.MQTT, null, new MqttDetails("cam-1", List.of("dev/telemetry"))));
    assertEquals(List.of("vendor_cloud"), mqtt.stream().map(Notice::note).toList());
    assertEquals(List.of("vendor_cloud"), notes(s(CAM2, INTERNET, App.DAHUA_P2P, null)));

    assertEquals(
        List.of(), notes(s(CAM1, VMS, App.MQTT, null)), "an MQTT broker inside the video networks");
    assertEquals(List.of(), notes(s(CAM1, REGIONAL, App.DAHUA_P2P, null)), "an approved platform");
  }

  @Test
  void faceLibraryWritesAreReportedAndAWindowLowersThem() {
    IsapiDetails write = new IsapiDetails(List.of("POST /ISAPI/Intelligent/FDLib/1/picture"));
    List<Notice> outside = run(s(VENDOR_GW, CAM1, App.HTTP, "no_window", write));
    assertTrue(
        outside.stream()
            .anyMatch(
                n -> n.note().equals("face_library_change") && n.severity() == Severity.HIGH));
    List<Notice> inWindow = run(s(VENDOR_GW, CAM1, App.HTTP, "authorised", write));
    assertEquals(List.of("face_library_change"), inWindow.stream().map(Notice::note).toList());
    assertEquals(Severity.WARNING, inWindow.get(0).severity());
    assertEquals("W1", inWindow.get(0).window());

    assertEquals(
        List.of(),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.HTTP,
                "no_window",
                new IsapiDetails(List.of("GET /ISAPI/Intelligent/FDLib")))),
        "reading is not a change");
  }

  @Test
  void cleartextCredentialsNameProtocolAndUser() {
    List<Notice> n = run(s(INTERNET, CAM1, App.TELNET, null, new LoginDetails("telnet", "admin")));
    assertEquals(List.of("cleartext_credentials"), n.stream().map(Notice::note).toList());
    assertTrue(
        n.get(0).msg().contains("telnet") && n.get(0).msg().contains("'admin'"), n.get(0).msg());

    assertEquals(
        List.of(),
        notes(s(INTERNET, CAM1, App.SSH, null, new LoginDetails(null, "admin"))),
        "a user name without a clear password");
    assertEquals(
        List.of(),
        notes(s(INTERNET, "198.51.100.8", App.TELNET, null, new LoginDetails("telnet", "root"))),
        "nothing to do with the video networks");
  }

  @Test
  void unknownVendorFingerprintIsAWarning() {
    String other = "0df0d56bb50c6b2426d8d40234bf1826";
    List<Notice> n =
        run(
            s(
                VENDOR_GW,
                CAM1,
                App.SSH,
                "authorised",
                new FingerprintDetails(other, null, null, null)));
    assertEquals(List.of("new_client_fingerprint"), n.stream().map(Notice::note).toList());
    assertEquals(Severity.WARNING, n.get(0).severity());
    assertTrue(n.get(0).msg().contains(other), n.get(0).msg());
    assertEquals(
        List.of("new_client_fingerprint"),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.TLS,
                "authorised",
                new FingerprintDetails(null, null, "t13d1517h2_8daaf6152771_b186095e22b6", null))));

    assertEquals(
        List.of(),
        notes(
            s(
                VENDOR_GW,
                CAM1,
                App.SSH,
                "authorised",
                new FingerprintDetails(KNOWN_HASSH, null, KNOWN_JA4, null))),
        "known values");
    assertEquals(
        List.of(),
        notes(s(INTERNET, CAM1, App.SSH, null, new FingerprintDetails(other, null, null, null))),
        "not a vendor session");
    notices.clear();
    stage(new FingerprintAllowList(null, null))
        .onSession(
            s(
                VENDOR_GW,
                CAM1,
                App.SSH,
                "authorised",
                new FingerprintDetails(other, null, null, null)));
    assertFalse(
        notices.stream().anyMatch(x -> x.note().equals("new_client_fingerprint")),
        "no list, no notice");
  }
}
