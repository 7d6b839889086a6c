package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance window end to end (issue 5): the vendor's host 127.0.0.2 logs into the camera
 * 127.0.0.10 twice with real OpenSSH ({@code ssh -b 127.0.0.2 root@127.0.0.10 true}); the site
 * ({@code site.yaml}) puts the camera in a video network and 127.0.0.2 in the vendor's block.
 *
 * <ul>
 *   <li>Without windows, both sessions are {@code no_window} and raise {@code
 *       vendor_access_outside_window} (golden {@code window-none.golden}).
 *   <li>With a window approved by the quorum's two roles that covers the first session and is
 *       revoked between the two (instants taken from the capture's packet times), the first is
 *       {@code authorised} with the window's id and the second {@code window_revoked} with a notice
 *       (golden {@code window-revoked.golden}).
 *   <li>The same window revoked halfway through the first session: that session outlived its window
 *       (golden {@code window-outlived.golden}).
 *   <li>A window for https only, active through both: {@code app_not_allowed} (golden {@code
 *       window-app.golden}).
 * </ul>
 */
@Tag("system")
class WindowE2eTest {
  private static final String VENDOR = "127.0.0.2";
  private static final String CAMERA = "127.0.0.10";

  @TempDir static Path dir;

  private static Path pcap;
  private static Path site;
  private static Golden golden;

  @BeforeAll
  static void captureTwoVendorSessions() throws IOException {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    OpenSsh.assumeInstalled();
    site = dir.resolve("site.yaml");
    Files.writeString(site, resource("site.yaml"));
    try (Procs procs = new Procs(dir)) {
      OpenSsh sshd = OpenSsh.start(procs, CAMERA);
      Tcpdump cap = Tcpdump.start(procs, "tcp port " + sshd.port(), dir.resolve("vendor.pcap"));
      procs.run("ssh-1", sshd.ssh(VENDOR, "true"));
      // sshd may close its side after the client has gone: the second login must come after that.
      procs.awaitTcpClosed(sshd.port(), sshd.process());
      procs.run("ssh-2", sshd.ssh(VENDOR, "true"));
      pcap = cap.stop();
      golden =
          new Golden()
              .port(sshd.port(), "$SSH_PORT")
              .value(OpenSsh.banner(procs), "$OPENSSH_BANNER")
              .ignorePort(cap.markerPort());
    }
  }

  @Test
  void withoutAWindowBothVendorSessionsAreNoWindow() {
    ReplayRun run = ReplayRun.of("--config", site.toString(), pcap.toString());
    golden.assertMatches("window-none.golden", run);
  }

  @Test
  void aRevokedWindowAuthorisesTheFirstSessionOnlyAndTheSecondIsAViolation() {
    Sessions ssh = sessions();
    assertTrue(
        ssh.firstEnd().isBefore(ssh.secondStart()), "the sessions follow each other: " + ssh);
    // Revoked halfway between the first session's last packet and the second's first.
    Instant revoked =
        ssh.firstEnd().plus(Duration.between(ssh.firstEnd(), ssh.secondStart()).dividedBy(2));
    Path windows = windows(ssh, revoked, "ssh", "revoked.yaml");
    ReplayRun run =
        ReplayRun.of("--config", site.toString(), "--windows", windows.toString(), pcap.toString());
    golden.assertMatches("window-revoked.golden", run);
  }

  @Test
  void aWindowRevokedDuringTheFirstSessionIsOutlivedByIt() {
    Sessions ssh = sessions();
    // Revoked while the first session still runs: authorised at its start, not to its end.
    Instant revoked =
        ssh.firstStart().plus(Duration.between(ssh.firstStart(), ssh.firstEnd()).dividedBy(2));
    Path windows = windows(ssh, revoked, "ssh", "outlived.yaml");
    ReplayRun run =
        ReplayRun.of("--config", site.toString(), "--windows", windows.toString(), pcap.toString());
    golden.assertMatches("window-outlived.golden", run);
  }

  @Test
  void aWindowForHttpsOnlyDoesNotCoverSsh() {
    Sessions ssh = sessions();
    // Active through both sessions (revoked half an hour after the first), but for another
    // application.
    Path windows =
        windows(ssh, ssh.firstStart().plus(Duration.ofMinutes(30)), "https", "https-only.yaml");
    ReplayRun run =
        ReplayRun.of("--config", site.toString(), "--windows", windows.toString(), pcap.toString());
    golden.assertMatches("window-app.golden", run);
  }

  /** The first and the second ssh session's first and last packet, from a replay of the capture. */
  private record Sessions(Instant firstStart, Instant firstEnd, Instant secondStart) {}

  private static Sessions sessions() {
    List<JsonNode> ssh =
        ReplayRun.of("--config", site.toString(), pcap.toString()).sessions().stream()
            .filter(s -> s.path("app").asText().equals("ssh"))
            .toList();
    assertEquals(2, ssh.size(), ssh::toString);
    Instant firstStart = Instant.parse(ssh.get(0).get("ts").asText());
    return new Sessions(
        firstStart,
        firstStart.plus(micros(ssh.get(0).get("duration"))),
        Instant.parse(ssh.get(1).get("ts").asText()));
  }

  /**
   * {@code windows.yaml.template} with instants around the first session, the given revocation and
   * the applications of its scope.
   */
  private static Path windows(Sessions ssh, Instant revoked, String apps, String name) {
    String windows = resource("windows.yaml.template").replace("${APPS}", apps);
    Instant first = ssh.firstStart();
    for (Map.Entry<String, Instant> e :
        Map.of(
                "REQUESTED_AT", first.minus(Duration.ofMinutes(30)),
                "APPROVED_1", first.minus(Duration.ofMinutes(20)),
                "APPROVED_2", first.minus(Duration.ofMinutes(15)),
                "START", first.minus(Duration.ofMinutes(10)),
                "END", first.plus(Duration.ofMinutes(60)),
                "REVOKED", revoked)
            .entrySet()) {
      windows = windows.replace("${" + e.getKey() + "}", e.getValue().toString());
    }
    assertTrue(!windows.contains("${"), windows);
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, windows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Duration micros(JsonNode seconds) {
    return Duration.ofNanos(new BigDecimal(seconds.asText()).movePointRight(9).longValueExact());
  }

  private static String resource(String name) {
    try (InputStream in = WindowE2eTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
