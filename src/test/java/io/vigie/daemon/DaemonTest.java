package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.Main;
import io.vigie.cli.ExitCodes;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in process on a real capture (an SSH connection recorded by Zeek's test suite): real
 * HTTP scrapes on loopback, a real SQLite evidence store, a real control socket.
 */
class DaemonTest {
  private static final String PCAP = "corpus/pcap/ssh-zeek-single-conn.pcap";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path pcap;

  @TempDir Path dir;

  @BeforeEach
  void corpus() {
    String shared = System.getProperty("vigie.shared");
    assumeTrue(
        shared != null && Files.exists(Path.of(shared, PCAP)),
        "shared corpus absent (system property vigie.shared): " + PCAP);
    pcap = Path.of(shared, PCAP).toAbsolutePath();
  }

  /** 131.159.14.23 is a camera in the video network; 192.150.186.169 the vendor, with no window. */
  private Path site(int metricsPort, String extra) throws Exception {
    Path f = dir.resolve("site.yaml");
    Files.writeString(
        f,
        """
        site: { name: test }
        networks:
          - { name: cameras, cidr: 131.159.14.0/24 }
        devices:
          - { name: cam-7, address: 131.159.14.23, role: camera }
        vendor:
          name: Acme
          cidrs: [192.150.186.0/24]
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        api: { listen: "127.0.0.1:0" }
        """
                .formatted(pcap, metricsPort)
            + extra);
    return f;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of the samples whose name and labels match {@code regex}; -1 when none does. */
  static double sample(String metrics, String regex) {
    Matcher m = Pattern.compile("(?m)^" + regex + " ([0-9.eE+-]+)$").matcher(metrics);
    double sum = -1;
    while (m.find()) {
      sum = Math.max(sum, 0) + Double.parseDouble(m.group(1));
    }
    return sum;
  }

  @Test
  void replaysAFileThenKeepsServingMetricsHealthAndApiAndStopsCleanly() throws Exception {
    Path cfg = site(freePort(), "");
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertTrue(d.awaitCaptureFinished(Duration.ofSeconds(30)), "the file was read to its end");
      String base = "http://127.0.0.1:" + d.metricsAddress().getPort();
      HttpResponse<String> m = get(base + "/metrics");
      assertEquals(200, m.statusCode());
      String body = m.body();
      assertEquals(
          94.0,
          sample(body, "vigie_capture_packets_total\\{interface=\"ssh-zeek-single-conn.pcap\",\\}"),
          body);
      assertTrue(
          sample(body, "vigie_sessions_total\\{app=\"ssh\",verdict=\"[^\"]*\",\\}") >= 1, body);
      assertTrue(
          sample(
                  body,
                  "vigie_notices_total\\{type=\"vendor_access_outside_window\",severity=\"[^\"]*\",\\}")
              >= 1,
          body);
      HttpResponse<String> h = get(base + "/healthz");
      assertEquals(200, h.statusCode(), h.body());
      assertTrue(
          h.body().contains("\"state\":\"done\"") && h.body().contains("\"chain_ok\":true"),
          h.body());
      // The API answers on its own port while the daemon runs.
      HttpResponse<String> a =
          get("http://127.0.0.1:" + d.apiAddress().orElseThrow().getPort() + "/api/v1/health");
      assertEquals(200, a.statusCode());
      // So does the web page for approvers and reviewers, on the same port.
      HttpResponse<String> ui =
          get("http://127.0.0.1:" + d.apiAddress().orElseThrow().getPort() + "/ui/login");
      assertEquals(200, ui.statusCode(), ui.body());
      assertTrue(ui.body().contains("<form") && ui.body().contains("token"), ui.body());
    } finally {
      d.close();
    }
    // Stopped: the metrics port is released and the evidence store verifies.
    assertFalse(canConnect(d.metricsAddress().getPort()), "metrics port still open after close");
    StringWriter out = new StringWriter();
    int rc =
        Main.run(
            new String[] {"evidence", "verify", dir.resolve("state/evidence.db").toString()},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertEquals(0, rc, out.toString());
    assertTrue(
        Files.exists(dir.resolve("state/windows.jsonl"))
            || Files.isDirectory(dir.resolve("state")));
  }

  private static boolean canConnect(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aBadReloadIsRefusedWithItsReasonAndTheRunningConfigStays() throws Exception {
    Path cfg = site(freePort(), "");
    String good = Files.readString(cfg);
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      SiteConfig before = d.config();

      // A typo in a device address: refused, naming file, line and field.
      Files.writeString(cfg, good.replace("address: 131.159.14.23", "address: 131.159.14.999"));
      ConfigReload.Result r = d.reload();
      assertFalse(r.applied());
      assertTrue(r.message().contains("site.yaml") && r.message().contains("devices"), r.message());
      assertEquals(before, d.config());

      // A valid file that changes a section only a restart can apply: refused too, section named.
      Files.writeString(cfg, good.replace("state_dir: state", "state_dir: elsewhere"));
      r = d.reload();
      assertFalse(r.applied());
      assertTrue(r.message().contains("state_dir"), r.message());
      assertEquals(before, d.config());

      // Through the control socket, as `vigie reload` does: a good site change is applied whole.
      Files.writeString(
          cfg,
          good.replace(
              "- { name: cam-7, address: 131.159.14.23, role: camera }",
              "- { name: cam-7, address: 131.159.14.23, role: camera }\n  - { name: cam-8, address: 131.159.14.24, role: camera }"));
      StringWriter out = new StringWriter();
      int rc =
          Main.run(
              new String[] {"reload", "--config", cfg.toString()},
              new PrintWriter(out),
              new PrintWriter(new StringWriter()));
      assertEquals(0, rc, out.toString());
      assertTrue(out.toString().startsWith("ok reloaded"), out.toString());
      assertEquals(2, d.config().devices().size());

      HttpResponse<String> h = get("http://127.0.0.1:" + d.metricsAddress().getPort() + "/healthz");
      assertTrue(h.body().contains("\"reloads\":1,\"refused\":2"), h.body());
    } finally {
      d.close();
    }
  }

  @Test
  void watchesCamerasOnItsOwnThreadAndExportsTheirState() throws Exception {
    try (io.vigie.firmware.sim.OnvifSimulator sim = io.vigie.firmware.sim.OnvifSimulator.start(2)) {
      sim.set("cam-7", io.vigie.firmware.sim.SimCamera.ordinary("s3cret", "SN-0007"));
      Files.writeString(dir.resolve("cam-7.pw"), "s3cret\n");
      // The synthetic CSAF fixture, its Hikvision family renamed to the simulator's ACME model
      // (firmware V5.5.3 build 200101 is in its >=5.5.0|<5.6.2), and one file that is not JSON.
      Path adv = Files.createDirectories(dir.resolve("advisories"));
      Path fixtures = Path.of("src/test/resources/io/vigie/firmware/csaf");
      Files.writeString(
          adv.resolve("acme.json"),
          Files.readString(fixtures.resolve("synthetic/vigie-test-2026-001.json"))
              .replace("\"Hikvision\"", "\"ACME\"")
              .replace("DS-2CD2xx2FWD Series", "AC-2040"));
      Files.copy(fixtures.resolve("broken/truncated.json"), adv.resolve("truncated.json"));
      Path cfg =
          site(
              freePort(),
              """
          cameras:
            - { name: cam-7, address: 131.159.14.23, onvif_url: "%s", username: vigie-audit, password_file: cam-7.pw }
          onvif: { poll_interval_seconds: 1, timeout_millis: 2000 }
          advisories: { csaf_dir: advisories }
          """
                  .formatted(sim.deviceUrl("cam-7")));
      Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
      try {
        d.start();
        String base = "http://127.0.0.1:" + d.metricsAddress().getPort();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
          body = get(base + "/metrics").body();
          if (sample(body, "vigie_camera_up\\{camera=\"cam-7\",\\}") == 1.0
              && sample(body, "vigie_camera_known_vulnerabilities\\{camera=\"cam-7\",\\}") == 1.0
              && body.contains("type=\"known_vulnerability\"")) {
            break;
          }
          Thread.sleep(100); // polling interval of the check, not a wait for an event
        }
        assertEquals(1.0, sample(body, "vigie_camera_up\\{camera=\"cam-7\",\\}"), body);
        assertTrue(body.contains("AC-2040") && body.contains("V5.5.3"), body);
        assertTrue(body.contains("vendor=\"ACME\""), body);
        assertEquals(
            1.0, sample(body, "vigie_camera_known_vulnerabilities\\{camera=\"cam-7\",\\}"), body);
        assertEquals(1.0, sample(body, "vigie_camera_advisories\\{state=\"loaded\",\\}"), body);
        assertEquals(1.0, sample(body, "vigie_camera_advisories\\{state=\"failed\",\\}"), body);
        // The notice reached the metrics with its camera, so an alert can name it.
        assertTrue(
            sample(
                    body,
                    "vigie_notice_last_timestamp_seconds\\{type=\"known_vulnerability\",severity=\"high\",camera=\"cam-7\",window=\"\",\\}")
                > 0,
            body);
        // The JVM and process metrics, in vigie's registry.
        assertTrue(sample(body, "jvm_threads_current") > 0, body);
        assertTrue(sample(body, "process_cpu_seconds_total") >= 0, body);
        String health = get(base + "/healthz").body();
        assertTrue(
            health.matches("(?s).*\"cameras\":\\{\"rounds\":[1-9][0-9]*,\"failures\":0}.*"),
            health);
      } finally {
        d.close();
      }
    }
  }

  @Test
  void startsTheGateAndCountsWhatItRefuses() throws Exception {
    Path cfg =
        site(
            freePort(),
            """
        gate:
          address: 127.0.0.1
          identities:
            - { name: j.martin@acme, token_sha256: %s }
          listeners:
            - name: ssh
              listen: 127.0.0.1:0
              app: ssh
              auth: token
              targets:
                - { name: cam-7, address: 131.159.14.23, port: 22 }
        """
                .formatted(io.vigie.gate.Identities.hashOf("the-right-token")));
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      int port = d.gateAddress("ssh").orElseThrow().getPort();
      // A caller with a wrong token: the gate closes the connection and raises gate_refused.
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                "VIGIE1 wrong-token cam-7\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        while (s.getInputStream().read() >= 0) {
          // drain until the gate closes
        }
      }
      String base = "http://127.0.0.1:" + d.metricsAddress().getPort();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String body = "";
      while (System.nanoTime() < deadline) {
        body = get(base + "/metrics").body();
        if (sample(body, "vigie_notices_total\\{type=\"gate_refused\",severity=\"[^\"]*\",\\}")
            >= 1) {
          break;
        }
        Thread.sleep(50); // polling interval of the check, not a wait for an event
      }
      assertEquals(
          1.0,
          sample(body, "vigie_notices_total\\{type=\"gate_refused\",severity=\"[^\"]*\",\\}"),
          body);
    } finally {
      d.close();
    }
    assertFalse(canConnect(d.metricsAddress().getPort()));
  }

  @Test
  void reloadWithoutARunningDaemonSaysSo() throws Exception {
    Path cfg = site(freePort(), "");
    StringWriter err = new StringWriter();
    int rc =
        Main.run(
            new String[] {"reload", "--config", cfg.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(ExitCodes.USAGE, rc);
    assertTrue(err.toString().contains("no control socket"), err.toString());
  }

  @Test
  void aConfigWithoutCaptureOrStateDirIsRefusedAtStart() throws Exception {
    Path cfg = dir.resolve("bare.yaml");
    Files.writeString(cfg, "site: { name: x }\n");
    StringWriter err = new StringWriter();
    int rc =
        Main.run(
            new String[] {"run", "--config", cfg.toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertEquals(ExitCodes.USAGE, rc);
    assertTrue(err.toString().contains("'capture' is missing"), err.toString());
  }
}
