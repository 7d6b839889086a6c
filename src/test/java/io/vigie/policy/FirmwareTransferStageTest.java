package io.vigie.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.CertifiedImages;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.Severity;
import io.vigie.policy.journal.WindowsFile;
import io.vigie.protocol.FileDetails;
import io.vigie.protocol.FtpDetails;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.ProtocolDetail;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.TftpDetails;
import io.vigie.site.SiteModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FirmwareTransferStage} against a real site model and a real windows file: which files and
 * pushes become {@code firmware_transfer} notices, at which severity, with which window.
 */
class FirmwareTransferStageTest {
  static final String CERTIFIED_EXPECTED =
      "7728a3893952ef620b656cbfa9952de0907d0c271f2c818441e46c776fcf3d86";
  static final String CERTIFIED_OTHER = "aa".repeat(32);
  static final String UNKNOWN = "0123456789abcdef".repeat(4);
  static final String CAM3 = "10.20.1.3";
  static final String CAM5 = "10.20.1.5";
  static final String VMS = "10.20.0.10";
  static final String VENDOR = "203.0.113.50";
  static final String INTERNET = "198.51.100.7";
  static final Instant IN_WINDOW = Instant.parse("2026-11-20T09:30:00Z");
  static final Instant AFTER_WINDOW = Instant.parse("2026-11-20T11:00:00Z");

  static final String SITE =
      """
      networks:
        - { name: cameras, cidr: 10.20.1.0/24 }
        - { name: servers, cidr: 10.20.0.0/24 }
      devices:
        - { name: vms-1, address: 10.20.0.10, role: video_server }
        - { name: cam-03, address: 10.20.1.3, role: camera }
        - { name: cam-05, address: 10.20.1.5, role: camera }
      vendor: { name: Acme, cidrs: [203.0.113.0/24] }
      approval:
        quorum: [ { role: town_hall, count: 1 } ]
        requester_roles: [vendor]
      certified_images:
        - { sha256: 7728A3893952EF620B656CBFA9952DE0907D0C271F2C818441E46C776FCF3D86, model: AV-D200,
            version: "V5.8.0 build 261118", file: av-d200_V5.8.0.bin }
        - { sha256: %s, model: AV-D200, version: "V5.9.0" }
      """
          .formatted(CERTIFIED_OTHER);

  static final String WINDOWS =
      """
      windows:
        - id: W-1
          requester: j.martin@acme
          requester_roles: [vendor]
          requested_at: 2026-11-20T08:00:00Z
          reason: upgrade cam-03
          ticket: ACME-1
          scope: { devices: [cam-03, cam-05], endpoints: [203.0.113.50], apps: [ssh, http, tftp, ftp, ftp-data] }
          start: 2026-11-20T09:00:00Z
          end: 2026-11-20T10:00:00Z
          expected_changes:
            - { camera: cam-03, firmware_version: V5.8.0 build 261118, image_sha256: %s }
          approvals:
            - { who: m.dupont, roles: [town_hall], at: 2026-11-20T08:10:00Z }
      """
          .formatted(CERTIFIED_EXPECTED);

  record Case(
      String name, Session session, Severity severity, String camera, String window, String inMsg) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "certified and expected: info, linked to the window",
                http(VENDOR, CAM3, CERTIFIED_EXPECTED, IN_WINDOW, Verdicts.AUTHORISED, "W-1"),
                Severity.INFO,
                "cam-03",
                "W-1",
                "certified image for AV-D200 V5.8.0 build 261118, expected by window W-1"),
            new Case(
                "certified but for another camera than the window expects: warning",
                http(VENDOR, CAM5, CERTIFIED_EXPECTED, IN_WINDOW, Verdicts.AUTHORISED, "W-1"),
                Severity.WARNING,
                "cam-05",
                "W-1",
                "expected by no window"),
            new Case(
                "certified, not the expected image: warning",
                http(VENDOR, CAM3, CERTIFIED_OTHER, IN_WINDOW, Verdicts.AUTHORISED, "W-1"),
                Severity.WARNING,
                "cam-03",
                "W-1",
                "certified image for AV-D200 V5.9.0, expected by no window"),
            new Case(
                "certified and expected image, but after the window: warning",
                http(VENDOR, CAM3, CERTIFIED_EXPECTED, AFTER_WINDOW, Verdicts.NO_WINDOW, null),
                Severity.WARNING,
                "cam-03",
                null,
                "expected by no window"),
            new Case(
                "not certified, inside the window: high, and the window is named",
                tftp(VENDOR, CAM3, UNKNOWN, IN_WINDOW, Verdicts.AUTHORISED, "W-1"),
                Severity.HIGH,
                "cam-03",
                "W-1",
                "av-plugin.bin (4096 bytes, sha256 "
                    + UNKNOWN
                    + ") sent to cam-03 from 203.0.113.50 over tftp: NOT a certified image, in window W-1 which does not expect it"),
            new Case(
                "not certified, from a video server inside the network: still high",
                ftpData(VMS, CAM5, UNKNOWN, AFTER_WINDOW, null, null),
                Severity.HIGH,
                "cam-05",
                null,
                "sent to cam-05 from vms-1 (10.20.0.10) over ftp-data: NOT a certified image, outside any window"),
            new Case(
                "scp push outside any window: high, size only",
                ssh(VENDOR, CAM3, 5_000_000, AFTER_WINDOW, Verdicts.NO_WINDOW, null),
                Severity.HIGH,
                "cam-03",
                null,
                "5000000 bytes pushed to cam-03"),
            new Case(
                "scp push in an authorised session: warning, the content cannot be checked",
                ssh(VENDOR, CAM3, 5_000_000, IN_WINDOW, Verdicts.AUTHORISED, "W-1"),
                Severity.WARNING,
                "cam-03",
                "W-1",
                "content encrypted, not verifiable"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void raisesOneNoticeAndOneEvidenceRecord(Case c) throws Exception {
    Run r = run(c.session());
    assertEquals(1, r.notices.size(), r.notices::toString);
    Notice n = r.notices.get(0);
    assertEquals("firmware_transfer", n.note());
    assertEquals(c.severity(), n.severity());
    assertEquals(c.camera(), n.camera());
    assertEquals(c.window(), n.window());
    assertEquals(c.session().communityId(), n.communityId());
    assertEquals(c.session().startNanos(), n.tsNanos());
    assertTrue(n.msg().contains(c.inMsg()), n.msg());
    assertEquals(1, r.evidence.size());
    EvidenceRecord e = r.evidence.get(0);
    assertEquals("firmware_image", e.kind());
    assertEquals(c.camera(), e.subject());
    assertEquals(c.camera(), e.fields().get("camera"));
    assertEquals(c.session().communityId(), e.fields().get("community_id"));
    assertEquals(c.window(), e.fields().get("window"));
    String sha = c.session().details().get(FileDetails.KIND).sha256();
    if (sha != null) {
      assertEquals(sha, e.fields().get("sha256"));
      assertEquals(c.session().details().get(FileDetails.KIND).size(), e.fields().get("size"));
      assertEquals(!UNKNOWN.equals(sha), e.fields().get("certified"));
      assertEquals(c.severity() == Severity.INFO, e.fields().get("expected"));
      assertEquals(
          NoticeIds.of("firmware_transfer", c.camera(), sha, c.session().communityId()), n.id());
    } else {
      assertEquals(c.session().origBytes(), e.fields().get("size"));
      assertEquals(false, e.fields().get("certified"));
      assertEquals(true, e.fields().get("encrypted"));
    }
    assertEquals(List.of(c.session()), r.passed);
    assertSame(c.session(), r.passed.get(0), "the session is passed on unchanged");
  }

  static Stream<Arguments> quiet() {
    return Stream.of(
        // A file a camera sends out (a snapshot, a log) is not a push to a camera: egress is
        // policy's business (phone_home), not firmware's.
        Arguments.of(
            "camera uploads a file to outside",
            http(CAM3, INTERNET, UNKNOWN, IN_WINDOW, null, null)),
        Arguments.of(
            "camera downloads nothing: the vendor fetched a file from it",
            download(VENDOR, CAM3, UNKNOWN, IN_WINDOW)),
        Arguments.of(
            "a file between two outside hosts",
            http(VENDOR, INTERNET, UNKNOWN, IN_WINDOW, null, null)),
        Arguments.of(
            "a small ssh session (a shell)",
            ssh(VENDOR, CAM3, 40_000, AFTER_WINDOW, Verdicts.NO_WINDOW, null)),
        Arguments.of(
            "a big ssh push from inside the video network (vms)",
            ssh(VMS, CAM3, 5_000_000, AFTER_WINDOW, null, null)),
        Arguments.of(
            "a big ssh push to a host outside the video network",
            ssh(CAM3, INTERNET, 5_000_000, AFTER_WINDOW, null, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quiet")
  void raisesNothingForOtherSessions(String name, Session s) throws Exception {
    Run r = run(s);
    assertEquals(List.of(), r.notices, name);
    assertEquals(List.of(), r.evidence, name);
    assertEquals(List.of(s), r.passed);
  }

  @Test
  void theSshThresholdIsStrictlyMoreThan() throws Exception {
    SiteConfig cfg =
        YamlLoader.parse("site.yaml", SITE.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
    List<Notice> notices = new ArrayList<>();
    FirmwareTransferStage stage =
        new FirmwareTransferStage(
            new SiteModel(cfg),
            CertifiedImages.of(cfg.certifiedImages()),
            () -> WindowSet.EMPTY,
            notices::add,
            r -> {},
            s -> {},
            1000);
    stage.onSession(ssh(VENDOR, CAM3, 1000, AFTER_WINDOW, Verdicts.NO_WINDOW, null));
    assertEquals(0, notices.size());
    stage.onSession(ssh(VENDOR, CAM3, 1001, AFTER_WINDOW, Verdicts.NO_WINDOW, null));
    assertEquals(1, notices.size());
  }

  @Test
  void certifiedImagesAreValidated() {
    ConfigException dup =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () ->
                YamlLoader.parse(
                    "s.yaml",
                    ("certified_images:\n  - { sha256: "
                            + UNKNOWN
                            + " }\n  - { sha256: "
                            + UNKNOWN.toUpperCase()
                            + " }\n")
                        .getBytes(StandardCharsets.UTF_8),
                    SiteConfig.class));
    assertTrue(dup.getMessage().contains("listed twice"), dup.getMessage());
    ConfigException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () ->
                YamlLoader.parse(
                    "s.yaml",
                    "certified_images:\n  - { sha256: abc, file: x.bin }\n"
                        .getBytes(StandardCharsets.UTF_8),
                    SiteConfig.class));
    assertTrue(
        bad.getMessage().contains("certified_images") && bad.getMessage().contains("64 hex digits"),
        bad.getMessage());
  }

  record Run(List<Notice> notices, List<EvidenceRecord> evidence, List<Session> passed) {}

  private static Run run(Session s) throws Exception {
    SiteConfig cfg =
        YamlLoader.parse("site.yaml", SITE.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
    WindowSet windows =
        WindowsFile.parse("windows.yaml", WINDOWS.getBytes(StandardCharsets.UTF_8), cfg.approval());
    Run r = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    new FirmwareTransferStage(
            new SiteModel(cfg),
            CertifiedImages.of(cfg.certifiedImages()),
            () -> windows,
            r.notices::add,
            r.evidence::add,
            r.passed::add)
        .onSession(s);
    return r;
  }

  private static Session http(
      String orig, String resp, String sha, Instant at, String verdict, String window) {
    return session(
        orig,
        resp,
        80,
        App.HTTP,
        sha,
        true,
        null,
        List.of(),
        "/cgi-bin/firmware_upgrade.cgi",
        1000,
        at,
        verdict,
        window);
  }

  private static Session download(String orig, String resp, String sha, Instant at) {
    return session(
        orig,
        resp,
        80,
        App.HTTP,
        sha,
        false,
        null,
        List.of(),
        "/config/backup.tar",
        200,
        at,
        null,
        null);
  }

  /**
   * A TFTP write as the trackers report it: the transfer flow is originated by the server's new
   * port (it sends ACK 0 first), the client sends the data, and {@code fileUpload} is true ("a
   * put").
   */
  private static Session tftp(
      String client, String server, String sha, Instant at, String verdict, String window) {
    Session s =
        session(
            server,
            client,
            49200,
            App.TFTP,
            sha,
            true,
            "av-plugin.bin",
            List.of(),
            null,
            4096,
            at,
            verdict,
            window);
    return new Session(
        s.startNanos(),
        s.endNanos(),
        s.proto(),
        s.origH(),
        50123,
        s.respH(),
        s.respP(),
        s.communityId(),
        s.app(),
        9 * 4,
        4096 + 9 * 4,
        9,
        9,
        s.direction(),
        s.vendor(),
        null,
        null,
        "idle",
        s.details(),
        s.verdict(),
        s.window());
  }

  private static Session ftpData(
      String orig, String resp, String sha, Instant at, String verdict, String window) {
    return session(
        orig,
        resp,
        20,
        App.FTP_DATA,
        sha,
        true,
        null,
        List.of("notes.txt", "cfg.tar"),
        null,
        700,
        at,
        verdict,
        window);
  }

  private static Session ssh(
      String orig, String resp, long origBytes, Instant at, String verdict, String window) {
    return new Session(
        nanos(at),
        nanos(at) + 9_000_000_000L,
        "tcp",
        orig,
        40000,
        resp,
        22,
        "1:ssh-" + orig + "-" + resp,
        App.SSH,
        origBytes,
        30_000,
        100,
        80,
        Direction.INBOUND,
        true,
        null,
        null,
        "fin",
        details(null, false, null, List.of(), null, 0),
        verdict,
        window);
  }

  private static Session session(
      String orig,
      String resp,
      int respPort,
      App app,
      String sha,
      boolean upload,
      String tftpFile,
      List<String> ftpFiles,
      String uri,
      long size,
      Instant at,
      String verdict,
      String window) {
    return new Session(
        nanos(at),
        nanos(at) + 2_000_000_000L,
        app == App.TFTP ? "udp" : "tcp",
        orig,
        40000,
        resp,
        respPort,
        "1:" + app.wireName() + "-" + orig + "-" + resp,
        app,
        upload ? size + 300 : 300,
        upload ? 300 : size + 300,
        10,
        10,
        Direction.INBOUND,
        true,
        null,
        null,
        "fin",
        details(sha, upload, tftpFile, ftpFiles, uri, size),
        verdict,
        window);
  }

  private static SessionDetails details(
      String sha, boolean upload, String tftpFile, List<String> ftpFiles, String uri, long size) {
    List<ProtocolDetail> d = new ArrayList<>();
    if (uri != null) {
      d.add(new HttpDetails("POST", null, uri, null, null));
    }
    if (ftpFiles != null && !ftpFiles.isEmpty()) {
      d.add(new FtpDetails(null, ftpFiles));
    }
    if (tftpFile != null) {
      d.add(new TftpDetails("write", tftpFile));
    }
    d.add(new FileDetails(sha, size, upload));
    return new SessionDetails(List.of(), d);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
