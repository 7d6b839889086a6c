package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.api.TokenVerifier;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.journal.BaselineFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's baseline review: approved through its API, kept in the state dir, used again at the
 * next start unless the configured baseline is newer.
 */
class DaemonBaselineTest {
  private static final String PCAP = "corpus/pcap/ssh-zeek-single-conn.pcap";
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private Path site(String extra) throws Exception {
    int metrics;
    try (ServerSocket s = new ServerSocket(0)) {
      metrics = s.getLocalPort();
    }
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
        approval:
          quorum:
            - { role: town_hall, count: 1 }
            - { role: it_security, count: 1 }
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: mayor, roles: [town_hall], sha256: %s }
            - { name: deputy, roles: [town_hall], sha256: %s }
            - { name: secu, roles: [it_security], sha256: %s }
        """
                .formatted(
                    pcap,
                    metrics,
                    TokenVerifier.sha256Hex("tok-mayor"),
                    TokenVerifier.sha256Hex("tok-deputy"),
                    TokenVerifier.sha256Hex("tok-secu"))
            + extra);
    return f;
  }

  private static Baseline baseline(String firmware) {
    CameraState st =
        new CameraState(
            new DeviceIdentity("ACME", "AC-2040", firmware, "SN-0007", "hw-1"),
            List.of(),
            Map.of(),
            List.of("admin:Administrator"),
            "",
            List.of(),
            "Discoverable");
    return new Baseline(1_763_863_200_000_000_000L, Map.of("cam-7", st));
  }

  private JsonNode call(Daemon d, String who, String method, String path, String body, int status)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.apiAddress().orElseThrow().getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer tok-" + who)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void anApprovedBaselineIsInEffectAndStaysSoAfterARestartUnlessTheConfiguredOneIsNewer()
      throws Exception {
    Baseline approved = baseline("V5.5.3");
    String digest = approved.digest();
    Path cfg = site("");
    String id;
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      id =
          call(d, "mayor", "POST", "/api/v1/baselines", BaselineFile.toJson(approved), 201)
              .path("id")
              .asText();
      String approval = "{\"digest\":\"" + digest + "\"}";
      assertFalse(
          call(d, "secu", "POST", "/api/v1/baselines/" + id + "/approve", approval, 200)
              .path("in_effect")
              .asBoolean(true));
      assertTrue(
          call(d, "deputy", "POST", "/api/v1/baselines/" + id + "/approve", approval, 200)
              .path("in_effect")
              .asBoolean());
    } finally {
      d.close();
    }
    Path accepted = dir.resolve("state/baseline.accepted.json");
    assertEquals(digest, BaselineFile.read(accepted).digest());

    // Restart: the accepted baseline is the one in effect, the proposal and its approvals are back.
    cfg = site("");
    d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      JsonNode p = call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200);
      assertTrue(p.path("in_effect").asBoolean(), p.toString());
      assertEquals(2, p.path("approvals").size());
    } finally {
      d.close();
    }

    // Issue 16: 'vigie cameras certify' wrote a newer file straight over the one the config names,
    // and nobody accepted it: it is refused with a critical notice, the accepted one stays.
    Path configured = dir.resolve("baseline.json");
    BaselineFile.write(baseline("V5.6.0"), configured);
    Instant now = Instant.now();
    Files.setLastModifiedTime(accepted, FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(configured, FileTime.from(now));
    cfg = site("baseline: baseline.json\n");
    d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertTrue(
          call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200)
              .path("in_effect")
              .asBoolean(false),
          "the last accepted baseline stays in effect");
      assertTrue(
          DaemonTest.sample(
                  metrics(d),
                  "vigie_notices_total\\{type=\"baseline_not_accepted\",severity=\"critical\",\\}")
              >= 1,
          "a critical notice says so");
    } finally {
      d.close();
    }

    // The same written over baseline.accepted.json itself while the daemon is stopped.
    BaselineFile.write(baseline("V6.0.0"), accepted);
    cfg = site("");
    d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertTrue(
          call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200)
              .path("in_effect")
              .asBoolean(false),
          "found again in the baseline journal by the digest the chain accepted");
      assertTrue(
          DaemonTest.sample(
                  metrics(d),
                  "vigie_notices_total\\{type=\"baseline_not_accepted\",severity=\"critical\",\\}")
              >= 1);
    } finally {
      d.close();
    }
  }

  /**
   * A baseline certified and configured but never reviewed is not in effect from the first start.
   */
  @Test
  void aCertifiedFileWithoutAcceptanceIsNotInEffect() throws Exception {
    BaselineFile.write(baseline("V5.5.3"), dir.resolve("baseline.json"));
    Path cfg = site("baseline: baseline.json\n");
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      // Proposed for review: the review shows that it is not (yet) the baseline in effect.
      String id =
          call(
                  d,
                  "mayor",
                  "POST",
                  "/api/v1/baselines",
                  BaselineFile.toJson(baseline("V5.5.3")),
                  201)
              .path("id")
              .asText();
      assertFalse(
          call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200)
              .path("in_effect")
              .asBoolean(true),
          "not in effect before two approvers accept it");
      assertTrue(
          DaemonTest.sample(
                  metrics(d),
                  "vigie_notices_total\\{type=\"baseline_not_accepted\",severity=\"critical\",\\}")
              >= 1);
    } finally {
      d.close();
    }
  }

  /**
   * Issue 16: a line forged into the baseline journal while the daemon is stopped (an approval by
   * someone who never gave it) is not in the chain: refused with a critical notice, its proposal is
   * closed, and it never counts as one of the two approvals.
   */
  @Test
  void aForgedBaselineJournalLineIsRefusedAndNeverCounts() throws Exception {
    Baseline proposed = baseline("V5.5.3");
    String digest = proposed.digest();
    Path cfg = site("");
    String id;
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      id =
          call(d, "mayor", "POST", "/api/v1/baselines", BaselineFile.toJson(proposed), 201)
              .path("id")
              .asText();
      call(
          d,
          "secu",
          "POST",
          "/api/v1/baselines/" + id + "/approve",
          "{\"digest\":\"" + digest + "\"}",
          200);
    } finally {
      d.close();
    }
    Path journal = dir.resolve("state/baselines.jsonl");
    List<String> lines = Files.readAllLines(journal);
    assertEquals(2, lines.size(), "proposed, approved");
    // Genuine lines replay without a refusal: restart, the one approval is back.
    d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertEquals(
          1, call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200).path("approvals").size());
      assertTrue(
          DaemonTest.sample(
                  metrics(d),
                  "vigie_notices_total\\{type=\"journal_tampered\",severity=\"critical\",\\}")
              <= 0,
          "no refusal (-1: no such sample)");
    } finally {
      d.close();
    }

    // The forger copies secu's line as deputy's: a second approval that would put it in effect.
    Files.writeString(
        journal,
        lines.get(1).replace("\"approver\":\"secu\"", "\"approver\":\"deputy\"") + "\n",
        StandardOpenOption.APPEND);
    d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      assertTrue(
          DaemonTest.sample(
                  metrics(d),
                  "vigie_notices_total\\{type=\"journal_tampered\",severity=\"critical\",\\}")
              >= 1,
          "a critical notice says so");
      JsonNode p = call(d, "secu", "GET", "/api/v1/baselines/" + id, null, 200);
      assertEquals(1, p.path("approvals").size(), "the forged approval does not count: " + p);
      assertFalse(p.path("in_effect").asBoolean(true), p.toString());
      JsonNode refused =
          call(
              d,
              "deputy",
              "POST",
              "/api/v1/baselines/" + id + "/approve",
              "{\"digest\":\"" + digest + "\"}",
              409);
      assertTrue(refused.path("error").asText().contains("refused at start"), refused.toString());
    } finally {
      d.close();
    }
    assertFalse(
        Files.exists(dir.resolve("state/baseline.accepted.json")), "nothing was ever accepted");
  }

  private String metrics(Daemon d) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + d.metricsAddress().getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
