package io.vigie.protocol;

import static io.vigie.protocol.RealProgramsTest.freePort;
import static io.vigie.protocol.RealProgramsTest.present;
import static io.vigie.protocol.RealProgramsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor channels spoken by real programs on loopback, each on a port that is not its usual
 * one: sipp playing a GB/T 28181 camera and its platform (registration over TCP, live video pulled
 * by INVITE over UDP), mosquitto with a password login, and chrony asking a chrony server from a
 * fresh source port each time.
 */
@Tag("system")
class RealVendorChannelsTest {
  private static void awaitListening(int port, Process p, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && p.isAlive()) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        if (s.isConnected()) {
          return;
        }
      } catch (IOException e) {
        Thread.onSpinWait();
      }
    }
    Assumptions.abort("server did not start: " + Files.readString(log));
  }

  private static Path resource(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    try (var in = RealVendorChannelsTest.class.getResourceAsStream("sipp/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void sippGb28181RegistrationOverTcpIsGb28181WithItsIdsAndNoDigest(@TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(present("/usr/bin/sipp"), "sipp (sip-tester) not installed");
    Path device = resource(tmp, "gb28181-device.xml");
    Path platform = resource(tmp, "gb28181-platform.xml");
    int port = freePort();
    Path log = tmp.resolve("uas.log");
    Process uas =
        new ProcessBuilder(
                "sipp",
                "-sf",
                platform.toString(),
                "-t",
                "t1",
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-m",
                "1",
                "-nostdin")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitListening(port, uas, log);
      try (Relay relay = new Relay(port)) {
        String out =
            run(
                60,
                "sipp",
                "-sf",
                device.toString(),
                "-t",
                "t1",
                "-i",
                "127.0.0.1",
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30",
                "127.0.0.1:" + relay.port());
        TestFlow flow = relay.replay(new Feeder(), 15060);
        SessionAttrs a = flow.attrs();
        assertEquals(App.GB28181, flow.app(), out);
        assertEquals("REGISTER", a.sipMethod);
        assertEquals("sip:34020000002000000001@3402000000", a.sipUri);
        assertEquals("IP Camera", a.sipUserAgent);
        assertEquals(200, a.sipStatus);
        assertEquals("34020000001320000001", a.gbDeviceId);
        assertEquals("34020000002000000001", a.gbPlatformId);
        assertEquals(List.of("Keepalive"), a.gbCmds);
        String all = Fixture.describe(flow, new Feeder());
        assertFalse(all.contains("camera-secret-123") || all.contains("response="), all);
      }
    } finally {
      uas.destroy();
      uas.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A GB/T 28181 platform outside the video networks (127.0.0.1) pulls live video from a camera
   * (127.20.0.12) over UDP: INVITE with an SDP offer and its {@code y=} SSRC line, 200 OK with the
   * camera's answer, ACK, then the camera's RTP to the offered port (sipp plays the G.711 capture
   * sip-tester ships) and RTCP to the port next to it, BYE. Captured by tcpdump on loopback and
   * replayed with a site file.
   */
  @Test
  void sippInviteOverUdpLinksTheRtpToItsSignallingAndRaisesVideoPulled(@TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(present("/usr/bin/sipp"), "sipp (sip-tester) not installed");
    Assumptions.assumeTrue(
        present("/usr/bin/tcpdump") || present("/usr/sbin/tcpdump"), "tcpdump not installed");
    Path media = Path.of("/usr/share/sip-tester/g711a.pcap");
    Assumptions.assumeTrue(Files.isReadable(media), "sip-tester ships no " + media);
    Path device = resource(tmp, "gb28181-invite-device.xml");
    Path platform = resource(tmp, "gb28181-invite-platform.xml");
    String camera = "127.20.0.12";
    int sipPort = freePort();
    int cameraMedia = freePort();
    int platformMedia = freePort();
    Path log = tmp.resolve("uas.log");
    List<Notice> notices = new ArrayList<>();
    List<Session> sessions;
    String out;
    try (LoopbackCapture capture = new LoopbackCapture(tmp, "host " + camera)) {
      Process uas =
          new ProcessBuilder(
                  "sipp",
                  "-sf",
                  device.toString(),
                  "-i",
                  camera,
                  "-p",
                  Integer.toString(sipPort),
                  "-mp",
                  Integer.toString(cameraMedia),
                  "-m",
                  "1",
                  "-nostdin",
                  "-timeout",
                  "40")
              .directory(tmp.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        // The INVITE is retransmitted until the camera answers: no need to wait for it to listen.
        out =
            run(
                60,
                "sipp",
                "-sf",
                platform.toString(),
                "-i",
                "127.0.0.1",
                "-mp",
                Integer.toString(platformMedia),
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30",
                camera + ":" + sipPort);
        uas.waitFor(15, TimeUnit.SECONDS);
        sendRtcp(camera, cameraMedia + 3, platformMedia + 3);
      } finally {
        uas.destroy();
        uas.waitFor(10, TimeUnit.SECONDS);
      }
      sessions = capture.stopAndReplay(cameraSite(), notices);
    }
    String why = out + "\n" + Files.readString(log) + "\n" + sessions;
    Session signalling =
        sessions.stream()
            .filter(s -> s.respP() == sipPort)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no INVITE captured: " + why));
    assertEquals(App.GB28181, signalling.app(), why);
    assertEquals("udp", signalling.proto());
    SipDetails sip = signalling.details().get(SipDetails.KIND);
    assertEquals("INVITE", sip.method(), why);
    assertEquals(200, sip.status(), why);
    Session rtp =
        sessions.stream()
            .filter(s -> s.origH().equals(camera) && s.respP() == platformMedia + 2)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no media to the offered port: " + why));
    assertEquals(App.RTP, rtp.app(), why);
    assertTrue(rtp.origPkts() > 10, "sipp played the capture: " + rtp);
    assertNotNull(rtp.details().get(ParentDetails.KIND), "the RTP was not announced: " + why);
    assertEquals(
        signalling.communityId(), rtp.details().get(ParentDetails.KIND).parent(), rtp.toString());
    Session rtcp =
        sessions.stream()
            .filter(s -> s.origH().equals(camera) && s.respP() == platformMedia + 3)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RTCP captured: " + why));
    assertNotNull(rtcp.details().get(ParentDetails.KIND), "the RTCP was not announced: " + why);
    assertEquals(signalling.communityId(), rtcp.details().get(ParentDetails.KIND).parent());
    List<Notice> pulled = notices.stream().filter(n -> n.note().equals("video_pulled")).toList();
    assertEquals(1, pulled.size(), notices.toString());
    assertEquals("cam-012", pulled.get(0).camera());
    assertTrue(pulled.get(0).msg().contains("127.0.0.1"), pulled.get(0).msg());
    assertTrue(
        List.of(signalling.communityId(), rtp.communityId()).contains(pulled.get(0).communityId()),
        pulled.get(0).toString());
  }

  /**
   * The baseline of registrations is the site file's {@code platforms} section, per device. The
   * same real registration (sipp camera 127.20.0.12 to a sipp platform 127.0.0.1, REGISTER with a
   * digest challenge then Keepalive, over UDP) is silent against the baseline that approves that
   * platform for the camera, and is a {@code platform_registration} against a baseline in which the
   * camera's platform is elsewhere: the camera changed platform.
   */
  @Test
  void aRegistrationIsJudgedAgainstTheBaselineOfPlatformsAndAChangeIsANotice(@TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(present("/usr/bin/sipp"), "sipp (sip-tester) not installed");
    Assumptions.assumeTrue(
        present("/usr/bin/tcpdump") || present("/usr/sbin/tcpdump"), "tcpdump not installed");
    Path device = resource(tmp, "gb28181-device.xml");
    Path platform = resource(tmp, "gb28181-platform.xml");
    String camera = "127.20.0.12";
    int port = freePort();
    Path log = tmp.resolve("uas.log");
    String out;
    try (LoopbackCapture capture = new LoopbackCapture(tmp, "host " + camera)) {
      Process uas =
          new ProcessBuilder(
                  "sipp",
                  "-sf",
                  platform.toString(),
                  "-i",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-m",
                  "1",
                  "-nostdin",
                  "-timeout",
                  "40")
              .directory(tmp.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        out =
            run(
                60,
                "sipp",
                "-sf",
                device.toString(),
                "-i",
                camera,
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30",
                "127.0.0.1:" + port);
        uas.waitFor(15, TimeUnit.SECONDS);
      } finally {
        uas.destroy();
        uas.waitFor(10, TimeUnit.SECONDS);
      }
      List<Notice> approved = new ArrayList<>();
      List<Session> sessions = capture.stopAndReplay(baseline("127.0.0.1/32"), approved);
      String why = out + "\n" + Files.readString(log) + "\n" + sessions;
      Session registration =
          sessions.stream()
              .filter(s -> s.respP() == port)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no REGISTER captured: " + why));
      assertEquals(App.GB28181, registration.app(), why);
      assertEquals("REGISTER", registration.details().get(SipDetails.KIND).method(), why);
      assertEquals(
          List.of(),
          approved.stream().filter(n -> n.note().equals("platform_registration")).toList(),
          "the baseline approves this platform for cam-012");

      List<Notice> changed = new ArrayList<>();
      capture.replay(baseline("127.0.0.2/32"), changed);
      List<Notice> registrations =
          changed.stream().filter(n -> n.note().equals("platform_registration")).toList();
      assertEquals(1, registrations.size(), changed.toString());
      Notice n = registrations.get(0);
      assertEquals("cam-012", n.camera());
      assertEquals(registration.communityId(), n.communityId());
      assertEquals(Severity.CRITICAL, n.severity(), "the platform is outside the video networks");
      assertTrue(n.msg().contains("127.0.0.1"), n.msg());
    }
  }

  /** cam-012's approved platform: the city's GB28181 id at {@code cidr}. */
  private static SiteConfig baseline(String cidr) throws Exception {
    String yaml =
        """
        networks:
          - { name: cameras, cidr: 127.20.0.0/16 }
        devices:
          - { name: cam-012, address: 127.20.0.12, role: camera }
        platforms:
          - { name: city-vms, cidrs: [%s], gb28181_ids: ["34020000002000000001"], devices: [cam-012] }
        """
            .formatted(cidr);
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  /**
   * sipp sends no RTCP: the camera's sender reports (RFC 3550 6.4.1, with an SDES CNAME) go from
   * the port next to its video port to the one next to the platform's, as the SDP pair implies.
   */
  private static void sendRtcp(String from, int fromPort, int toPort) throws IOException {
    byte[] report =
        HexFormat.of()
            .parseHex(
                "80c80006deadbeef000000000000000000000000000000000000000081ca0002deadbeef01014100");
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), fromPort))) {
      for (int i = 0; i < 2; i++) {
        socket.send(
            new DatagramPacket(
                report,
                report.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), toPort)));
      }
    }
  }

  private static SiteConfig cameraSite() throws Exception {
    String yaml =
        """
        networks:
          - { name: cameras, cidr: 127.20.0.0/16 }
        devices:
          - { name: cam-012, address: 127.20.0.12, role: camera }
        """;
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void mosquittoPasswordLoginOnAnotherPortIsMqttWithClientIdTopicAndUserOnly(@TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(
        present("/usr/sbin/mosquitto") && present("/usr/bin/mosquitto_pub"),
        "mosquitto and mosquitto-clients not installed");
    Path passwords = tmp.resolve("passwd");
    run(30, "mosquitto_passwd", "-c", "-b", passwords.toString(), "cam07", "mqtt-secret-456");
    int port = freePort();
    Path conf = tmp.resolve("mosquitto.conf");
    // As root, mosquitto would switch to its own user, which cannot read the test's private folder.
    Files.writeString(
        conf,
        "user root\nlistener "
            + port
            + " 127.0.0.1\nallow_anonymous false\npassword_file "
            + passwords
            + "\npersistence false\nlog_dest stderr\n");
    Path log = tmp.resolve("mosquitto.log");
    Process broker =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitListening(port, broker, log);
      try (Relay relay = new Relay(port)) {
        String out =
            run(
                30,
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(relay.port()),
                "-i",
                "cam-07-telemetry",
                "-u",
                "cam07",
                "-P",
                "mqtt-secret-456",
                "-t",
                "acme/cam-07/status",
                "-m",
                "{\"online\":true}");
        TestFlow flow = relay.replay(new Feeder(), 8883);
        SessionAttrs a = flow.attrs();
        assertEquals(App.MQTT, flow.app(), out);
        assertEquals("cam-07-telemetry", a.mqttClientId);
        assertEquals(List.of("acme/cam-07/status"), a.mqttTopics);
        assertEquals("cam07", a.loginUser);
        assertTrue(a.clearPassword);
        assertFalse(Fixture.describe(flow, new Feeder()).contains("mqtt-secret-456"));
      }
    } finally {
      broker.destroy();
      broker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void chronyAskingFromAFreshPortEachTimeIsNtpOnEveryPair(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(present("/usr/sbin/chronyd"), "chrony not installed");
    Assumptions.assumeTrue(
        present("/usr/bin/tcpdump") || present("/usr/sbin/tcpdump"), "tcpdump not installed");
    int port = freePort();
    Path server = tmp.resolve("server.conf");
    Files.writeString(
        server,
        "port "
            + port
            + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\n"
            + "cmdport 0\npidfile "
            + tmp.resolve("server.pid")
            + "\n");
    Path client = tmp.resolve("client.conf");
    Files.writeString(
        client,
        "server 127.0.0.1 port "
            + port
            + " iburst maxsamples 3\ncmdport 0\npidfile "
            + tmp.resolve("client.pid")
            + "\n");
    Path log = tmp.resolve("chronyd.log");
    try (LoopbackCapture capture = new LoopbackCapture(tmp, "udp port " + port)) {
      Process chronyd =
          new ProcessBuilder("/usr/sbin/chronyd", "-d", "-f", server.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        String out = run(30, "/usr/sbin/chronyd", "-Q", "-t", "20", "-f", client.toString());
        List<Session> sessions = capture.stopAndReplay();
        Assumptions.assumeFalse(
            sessions.isEmpty(), "chrony sent nothing: " + out + Files.readString(log));
        for (Session s : sessions) {
          assertEquals(App.NTP, s.app(), s + "\n" + out);
          assertEquals(1, s.origPkts(), "one request a flow, as chrony asks");
        }
        assertTrue(sessions.stream().anyMatch(s -> s.respPkts() == 1), "a reply was captured");
      } finally {
        chronyd.destroy();
        chronyd.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
