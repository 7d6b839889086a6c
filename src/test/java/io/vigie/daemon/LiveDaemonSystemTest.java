package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie run} as a real process on a live interface, with real servers and clients:
 *
 * <pre>
 *   netns vigie-cam-N (10.201.0.1)                 netns vigie-ven-N (10.201.0.2)
 *   ┌───────────────────────────────┐  veth pair  ┌──────────────────────────┐
 *   │ vigie run (captures vcam-N)   │◄───────────►│ ssh client, curl          │
 *   │ sshd :22, python http :8080   │             │ (the vendor, no window)   │
 *   └───────────────────────────────┘             └──────────────────────────┘
 * </pre>
 *
 * Metrics and health are read over HTTP with curl inside the camera namespace (the daemon listens
 * on that namespace's loopback). Addresses exist only inside the namespaces, which the test deletes
 * at the end.
 */
@Tag("system")
class LiveDaemonSystemTest {
  private static final String CAM = "10.201.0.1";
  private static final String VENDOR = "10.201.0.2";
  private static final int METRICS_PORT = 19_208;

  @TempDir Path dir;

  private final String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
  private final String nsCam = "vigie-cam-" + suffix;
  private final String nsVendor = "vigie-ven-" + suffix;
  private final String vethCam = "vcam" + suffix;
  private final String vethVendor = "vven" + suffix;

  @Test
  void capturesSshAndHttpAcrossAVethAndRaisesTheVendorNotice() throws Exception {
    assumeTrue("0".equals(output("id", "-u").trim()), "needs root (network namespaces)");
    for (String tool :
        List.of(
            "/sbin/ip",
            "/usr/sbin/sshd",
            "/usr/bin/ssh",
            "/usr/bin/ssh-keygen",
            "/usr/bin/curl",
            "/usr/bin/python3")) {
      assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
    }
    List<Process> servers = new ArrayList<>();
    Process daemon = null;
    try {
      network();
      Path sshd = sshd();
      servers.add(
          inCam(
              List.of("/usr/sbin/sshd", "-D", "-e", "-f", sshd.toString()),
              dir.resolve("sshd.log")));
      Files.writeString(dir.resolve("www/index.html"), "camera web page\n", StandardCharsets.UTF_8);
      servers.add(
          inCam(
              List.of(
                  "/usr/bin/python3",
                  "-m",
                  "http.server",
                  "8080",
                  "--bind",
                  CAM,
                  "--directory",
                  dir.resolve("www").toString()),
              dir.resolve("http.log")));

      Path site = dir.resolve("site.yaml");
      Files.writeString(
          site,
          """
          site: { name: live-test }
          networks:
            - { name: video, cidr: %s/32 }
          devices:
            - { name: cam-live, address: %s, role: camera }
          vendor:
            name: Acme
            cidrs: [%s/32]
          capture:
            interfaces: [%s]
            snaplen: 65535
            buffer_bytes: 4194304
          flows: { tcp_idle_seconds: 5, udp_idle_seconds: 5 }
          state_dir: state
          metrics: { listen: "127.0.0.1:%d" }
          """
              .formatted(CAM, CAM, VENDOR, vethCam, METRICS_PORT));
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  nsCam,
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.vigie.Main",
                  "run",
                  "--config",
                  site.toString()));
      Path daemonLog = dir.resolve("daemon.log");
      daemon =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(daemonLog.toFile())
              .start();

      String health = awaitHttp("/healthz", "\"state\":\"running\"", daemon, daemonLog);
      assertTrue(health.contains("\"status\":\"ok\""), health);

      // The vendor logs in over SSH (key authentication to the test's own sshd) and fetches a page.
      Path key = dir.resolve("client_key");
      int ssh =
          exec(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  nsVendor,
                  "/usr/bin/ssh",
                  "-i",
                  key.toString(),
                  "-o",
                  "StrictHostKeyChecking=no",
                  "-o",
                  "UserKnownHostsFile=/dev/null",
                  "-o",
                  "BatchMode=yes",
                  "-o",
                  "ConnectTimeout=10",
                  "root@" + CAM,
                  "echo",
                  "vendor-was-here"));
      assertEquals(0, ssh, "ssh from the vendor namespace failed; see " + dir.resolve("sshd.log"));
      String page =
          output(
              "ip",
              "netns",
              "exec",
              nsVendor,
              "/usr/bin/curl",
              "-sS",
              "--max-time",
              "10",
              "http://" + CAM + ":8080/index.html");
      assertEquals("camera web page\n", page);

      // Sessions are reported when their flows end (FIN, then a short linger, expired on a quiet
      // link).
      String metrics =
          awaitHttp(
              "/metrics",
              null,
              daemon,
              daemonLog,
              m ->
                  DaemonTest.sample(m, "vigie_sessions_total\\{app=\"ssh\",verdict=\"[^\"]*\",\\}")
                          >= 1
                      && DaemonTest.sample(
                              m, "vigie_sessions_total\\{app=\"http\",verdict=\"[^\"]*\",\\}")
                          >= 1
                      && DaemonTest.sample(
                              m,
                              "vigie_notices_total\\{type=\"vendor_access_outside_window\",severity=\"[^\"]*\",\\}")
                          >= 1);
      assertTrue(
          DaemonTest.sample(
                  metrics, "vigie_capture_packets_total\\{interface=\"" + vethCam + "\",\\}")
              > 10,
          metrics);
      assertEquals(
          1.0,
          DaemonTest.sample(metrics, "vigie_capture_up\\{interface=\"" + vethCam + "\",\\}"),
          metrics);
      assertEquals(
          0.0,
          DaemonTest.sample(
              metrics,
              "vigie_capture_dropped_packets_total\\{interface=\"" + vethCam + "\",[^}]*\\}"),
          0.0,
          metrics);

      // SIGTERM: the evidence batch is finished and the process exits 0.
      daemon.destroy();
      assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not stop within 30 s");
      assertEquals(0, daemon.exitValue(), Files.readString(daemonLog));
      String log = Files.readString(daemonLog);
      assertTrue(
          log.contains("event=signal_received")
              && log.contains("event=capture_ended source=" + vethCam)
              && log.contains("event=evidence_closed")
              && log.contains("event=stopped"),
          log);

      Path db = dir.resolve("state/evidence.db");
      String verify =
          output(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              "io.vigie.Main",
              "evidence",
              "verify",
              db.toString());
      assertTrue(verify.contains("intact"), verify);
      // The store holds what the daemon saw: both sessions and the notice, committed before the
      // exit.
      String timeline =
          output(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              "io.vigie.Main",
              "evidence",
              "timeline",
              db.toString());
      assertTrue(timeline.contains("vendor_access_outside_window"), timeline);
      assertTrue(timeline.contains(" ssh ") && timeline.contains(" http "), timeline);
    } finally {
      if (daemon != null && daemon.isAlive()) {
        daemon.destroyForcibly();
      }
      for (Process p : servers) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      exec(List.of("ip", "netns", "del", nsCam));
      exec(List.of("ip", "netns", "del", nsVendor));
    }
  }

  private void network() throws Exception {
    run("ip", "netns", "add", nsCam);
    run("ip", "netns", "add", nsVendor);
    run(
        "ip",
        "link",
        "add",
        vethCam,
        "netns",
        nsCam,
        "type",
        "veth",
        "peer",
        "name",
        vethVendor,
        "netns",
        nsVendor);
    run("ip", "-n", nsCam, "addr", "add", CAM + "/24", "dev", vethCam);
    run("ip", "-n", nsVendor, "addr", "add", VENDOR + "/24", "dev", vethVendor);
    run("ip", "-n", nsCam, "link", "set", "lo", "up");
    run("ip", "-n", nsVendor, "link", "set", "lo", "up");
    run("ip", "-n", nsCam, "link", "set", vethCam, "up");
    run("ip", "-n", nsVendor, "link", "set", vethVendor, "up");
    Files.createDirectories(dir.resolve("www"));
  }

  /**
   * An sshd of the test's own: its host key, its authorized key, no PAM, listening on the camera
   * address.
   */
  private Path sshd() throws Exception {
    Path hostKey = dir.resolve("host_key");
    Path clientKey = dir.resolve("client_key");
    run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
    run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(dir.resolve("client_key.pub"), authorized);
    Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
    Path cfg = dir.resolve("sshd_config");
    Files.writeString(
        cfg,
        String.join(
                "\n",
                "ListenAddress " + CAM,
                "Port 22",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorized,
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "")
            + "\n");
    return cfg;
  }

  private Process inCam(List<String> command, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", nsCam));
    cmd.addAll(command);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String awaitHttp(String path, String needle, Process daemon, Path log) throws Exception {
    return awaitHttp(path, needle, daemon, log, body -> true);
  }

  /**
   * Polls the daemon over HTTP (curl in its namespace) until the body matches, for 60 s at most.
   */
  private String awaitHttp(
      String path, String needle, Process daemon, Path log, java.util.function.Predicate<String> ok)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      assertTrue(daemon.isAlive(), () -> "vigie run exited: " + readQuietly(log));
      last =
          output(
              "ip",
              "netns",
              "exec",
              nsCam,
              "/usr/bin/curl",
              "-s",
              "--max-time",
              "5",
              "http://127.0.0.1:" + METRICS_PORT + path);
      if ((needle == null || last.contains(needle)) && !last.isEmpty() && ok.test(last)) {
        return last;
      }
      // A polling interval, not a wait for an event: the daemon has no callback to offer here.
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no matching "
            + path
            + " within 60 s; last answer:\n"
            + last
            + "\nlog:\n"
            + readQuietly(log));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " hangs");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
  }

  private static int exec(List<String> cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
