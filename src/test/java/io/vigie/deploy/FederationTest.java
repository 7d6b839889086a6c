package io.vigie.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.daemon.Daemon;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The city topology of docs/SCALE.md with real processes on loopback:
 *
 * <pre>
 *   vigie (in this JVM, a capture file with a vendor SSH session, metrics on 127.0.0.1)
 *     │ scrape                              │ scrape
 *   Prometheus "nord"                     Prometheus "sud"
 *   (deploy/prometheus/scrape.example.yml, (external_labels: {site: sud})
 *    target label site: nord)
 *     └──────── /federate ────────┬──────────┘
 *               city Prometheus (deploy/prometheus/federation.example.yml,
 *                 rules/vigie.rules.yml + rules/vigie-city.rules.yml)
 *                         │ alerts
 *               Alertmanager (deploy/alertmanager/route.example.yml)
 * </pre>
 *
 * Both site Prometheuses scrape the same vigie at the same address, as two sites' Prometheuses
 * scrape their own vigie at 127.0.0.1:9108: only {@code site} tells the two apart. The city must
 * fire the vendor alert once per site, each naming its site, and the Alertmanager must receive
 * both. A rule that aggregated without {@code site} fires one alert naming no site, and this test
 * fails.
 */
@Tag("system")
class FederationTest {
  private static final Path FEDERATION = Path.of("deploy/prometheus/federation.example.yml");
  private static final Path SCRAPE = Path.of("deploy/prometheus/scrape.example.yml");
  private static final Path ROUTE = Path.of("deploy/alertmanager/route.example.yml");
  private static final Path RULES_DIR = Path.of("rules").toAbsolutePath();

  /** An SSH session from 127.0.0.1 to 127.0.0.1:22, recorded for the golden replays. */
  private static final Path PCAP =
      Path.of("src/test/resources/io/vigie/golden/ssh-openssh-exec.pcap").toAbsolutePath();

  private static final Duration PATIENCE = Duration.ofSeconds(40);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dir;

  private static Path tool(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code text} with each key replaced by its value; a key the file lacks fails the test. */
  private static String substitute(Path file, Map<String, String> replacements) throws Exception {
    String text = Files.readString(file);
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      assertTrue(text.contains(r.getKey()), file + " no longer contains " + r.getKey());
      text = text.replace(r.getKey(), r.getValue());
    }
    return text;
  }

  private Map<String, String> cityReplacements(String nord, String sud, String alertmanager) {
    Map<String, String> r = new TreeMap<>();
    r.put("/etc/prometheus/rules/", RULES_DIR + "/");
    r.put("alertmanager.ville.example:9093", alertmanager);
    r.put("prometheus.nord.ville.example:9090", nord);
    r.put("prometheus.sud.ville.example:9090", sud);
    r.put("30s", "1s");
    r.put("25s", "1s");
    return r;
  }

  @Test
  void federationExampleIsValidPrometheusConfig() throws Exception {
    Path promtool = tool("promtool");
    assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
    Path config = dir.resolve("city.yml");
    Files.writeString(
        config,
        substitute(
            FEDERATION,
            Map.of(
                "/etc/prometheus/rules/vigie.rules.yml", RULES_DIR + "/vigie.rules.yml",
                "/etc/prometheus/rules/vigie-city.rules.yml",
                    RULES_DIR + "/vigie-city.rules.yml")));
    String out = run(List.of(promtool.toString(), "check", "config", config.toString()));
    // Both rule files are loaded from the federation config: as many rules as each file holds.
    assertTrue(
        out.contains(alerts(RULES_DIR + "/vigie.rules.yml") + " rules found")
            && out.contains(alerts(RULES_DIR + "/vigie-city.rules.yml") + " rules found"),
        out);
  }

  private static long alerts(String rulesFile) throws java.io.IOException {
    return Files.readAllLines(Path.of(rulesFile)).stream()
        .filter(l -> l.strip().startsWith("- alert:") || l.strip().startsWith("- record:"))
        .count();
  }

  @Test
  void aCityPrometheusFederatingTwoSitesFiresTheVendorAlertOncePerSite() throws Exception {
    Path prometheus = tool("prometheus");
    assumeTrue(prometheus != null, "prometheus is not installed (Debian package prometheus)");
    Path alertmanager = tool("prometheus-alertmanager");
    assumeTrue(
        alertmanager != null,
        "prometheus-alertmanager is not installed (Debian package prometheus-alertmanager)");

    // The pcap's session goes from 127.0.0.1 to 127.0.0.1:22: the vendor's range and the camera
    // are the same address here, which is enough for the policy to see a vendor session to a
    // camera with no window.
    Path site = dir.resolve("site.yaml");
    Files.writeString(
        site,
        """
        site: { name: federation-test }
        networks:
          - { name: video, cidr: 127.0.0.1/32 }
        devices:
          - { name: cam-7, address: 127.0.0.1, role: camera }
        vendor:
          name: Acme
          cidrs: [127.0.0.1/32]
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        """
            .formatted(PCAP, freePort()));
    List<Proc> procs = new ArrayList<>();
    Daemon vigie = new Daemon(site, YamlLoader.load(site, SiteConfig.class), Clock.systemUTC());
    try {
      vigie.start();
      assertTrue(vigie.awaitCaptureFinished(Duration.ofSeconds(30)), "the file was read");
      String target = "127.0.0.1:" + vigie.metricsAddress().getPort();

      // Site nord: the shipped scrape example, its site as the target label.
      String nord = "127.0.0.1:" + freePort();
      Path nordConfig = dir.resolve("nord.yml");
      Files.writeString(
          nordConfig,
          substitute(
              SCRAPE,
              Map.of(
                  "/etc/prometheus/rules/",
                  RULES_DIR + "/",
                  "127.0.0.1:9108",
                  target,
                  "site: ville-de-demo",
                  "site: nord",
                  "15s",
                  "1s")));
      // Site sud: the other documented way, the site as an external label of its Prometheus.
      String sud = "127.0.0.1:" + freePort();
      Path sudConfig = dir.resolve("sud.yml");
      Files.writeString(
          sudConfig,
          """
          global:
            scrape_interval: 1s
            external_labels: { site: sud }
          scrape_configs:
            - job_name: vigie
              static_configs:
                - targets: ["%s"]
          """
              .formatted(target));
      String am = "127.0.0.1:" + freePort();
      String city = "127.0.0.1:" + freePort();
      Path cityConfig = dir.resolve("city.yml");
      Files.writeString(cityConfig, substitute(FEDERATION, cityReplacements(nord, sud, am)));

      procs.add(prometheus(prometheus, "nord", nordConfig, nord));
      procs.add(prometheus(prometheus, "sud", sudConfig, sud));
      procs.add(
          Proc.start(
              dir,
              "alertmanager",
              List.of(
                  alertmanager.toString(),
                  "--config.file=" + ROUTE.toAbsolutePath(),
                  "--storage.path=" + dir.resolve("alertmanager-data"),
                  "--web.listen-address=" + am,
                  "--cluster.listen-address=")));
      procs.add(prometheus(prometheus, "city", cityConfig, city));

      // The city fires the vendor alert once per site, each naming its site.
      JsonNode firing =
          await(
              procs,
              "http://" + city + "/api/v1/alerts",
              body -> sitesOf(vendorAlerts(body.path("data").path("alerts"))).size() == 2);
      List<JsonNode> alerts = vendorAlerts(firing.path("data").path("alerts"));
      assertEquals(2, alerts.size(), firing.toPrettyString());
      for (JsonNode a : alerts) {
        JsonNode labels = a.path("labels");
        assertEquals("firing", a.path("state").asText(), a.toPrettyString());
        assertEquals(
            "vendor_access_outside_window", labels.path("type").asText(), a.toPrettyString());
        assertEquals(target, labels.path("instance").asText(), a.toPrettyString());
        assertEquals("vigie", labels.path("job").asText(), a.toPrettyString());
        assertEquals("critical", labels.path("severity").asText(), a.toPrettyString());
        assertTrue(
            a.path("annotations")
                .path("summary")
                .asText()
                .endsWith("(site " + labels.path("site").asText() + ")"),
            a.toPrettyString());
      }
      assertEquals(List.of("nord", "sud"), sitesOf(alerts));

      // The federated series carry the site, and the original job and instance (honor_labels).
      JsonNode up =
          get(
              "http://"
                  + city
                  + "/api/v1/query?query="
                  + URLEncoder.encode("up{job=\"vigie\"}", StandardCharsets.UTF_8));
      List<String> upSites = new ArrayList<>();
      for (JsonNode s : up.path("data").path("result")) {
        assertEquals(target, s.path("metric").path("instance").asText(), s.toPrettyString());
        assertEquals("1", s.path("value").path(1).asText(), s.toPrettyString());
        upSites.add(s.path("metric").path("site").asText());
      }
      assertEquals(List.of("nord", "sud"), upSites.stream().sorted().toList(), up.toString());

      // What one site costs the city (docs/SCALE.md): series federated for one vigie.
      JsonNode count =
          get(
              "http://"
                  + city
                  + "/api/v1/query?query="
                  + URLEncoder.encode(
                      "count({job=\"vigie\",site=\"nord\"})", StandardCharsets.UTF_8));
      System.out.println(
          "federated series of one site: "
              + count.path("data").path("result").path(0).path("value").path(1).asText());

      // The Alertmanager receives both, and routes them to the security team.
      JsonNode received =
          await(
              procs,
              "http://"
                  + am
                  + "/api/v2/alerts?filter="
                  + URLEncoder.encode(
                      "alertname=\"VigieVendorAccessOutsideWindow\"", StandardCharsets.UTF_8),
              body -> body.size() == 2);
      TreeSet<String> amSites = new TreeSet<>();
      for (JsonNode a : received) {
        amSites.add(a.path("labels").path("site").asText());
        assertEquals(
            "security-team", a.path("receivers").path(0).path("name").asText(), a.toString());
      }
      assertEquals(List.of("nord", "sud"), List.copyOf(amSites));
    } finally {
      for (int i = procs.size() - 1; i >= 0; i--) {
        procs.get(i).stop();
      }
      vigie.close();
    }
  }

  private static List<JsonNode> vendorAlerts(JsonNode alerts) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : alerts) {
      if ("VigieVendorAccessOutsideWindow".equals(a.path("labels").path("alertname").asText())
          && "firing".equals(a.path("state").asText())) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<String> sitesOf(List<JsonNode> alerts) {
    TreeSet<String> sites = new TreeSet<>();
    for (JsonNode a : alerts) {
      sites.add(a.path("labels").path("site").asText(""));
    }
    return List.copyOf(sites);
  }

  private Proc prometheus(Path binary, String name, Path config, String listen) throws Exception {
    return Proc.start(
        dir,
        "prometheus-" + name,
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data-" + name),
            "--web.listen-address=" + listen));
  }

  private HttpResponse<String> send(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> r = send(url);
    assertEquals(200, r.statusCode(), url + "\n" + r.body());
    return json.readTree(r.body());
  }

  /**
   * Polls {@code url} until its JSON satisfies {@code done}; fails with the last answer and the
   * logs of any process that died.
   */
  private JsonNode await(List<Proc> procs, String url, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    JsonNode last = null;
    Exception error = null;
    while (System.nanoTime() < deadline) {
      for (Proc p : procs) {
        assertTrue(p.process.isAlive(), p.name + " exited:\n" + p.log());
      }
      try {
        HttpResponse<String> r = send(url);
        if (r.statusCode() == 200) { // 503 while starting
          last = json.readTree(r.body());
          if (done.test(last)) {
            return last;
          }
        }
      } catch (java.io.IOException e) {
        error = e; // not listening yet
      }
      Thread.sleep(200); // polling interval of the check, not a wait for an event
    }
    StringBuilder logs = new StringBuilder();
    for (Proc p : procs) {
      logs.append("--- ").append(p.name).append('\n').append(p.log());
    }
    throw new AssertionError(
        url
            + " never satisfied the test; last answer: "
            + last
            + ", error: "
            + error
            + "\n"
            + logs);
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    return out;
  }

  /** A process of the test, its output in a log file, stopped with SIGTERM. */
  private record Proc(String name, Process process, Path logFile) {
    static Proc start(Path dir, String name, List<String> cmd) throws Exception {
      Path log = dir.resolve(name + ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Proc(name, p, log);
    }

    String log() {
      try {
        String text = Files.readString(logFile);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
      } catch (java.io.IOException e) {
        return "(no log: " + e + ")";
      }
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
