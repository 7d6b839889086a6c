package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.kafka.KafkaBroker;
import io.vigie.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sensors ({@code vigie replay --config} with {@code outputs.kafka}, two sites, two captures)
 * publish to a real broker (Apache Kafka 4.4, KRaft, loopback); a hub consumes both: its API over
 * real HTTP lists both sites' notices and filters by site; bad records are counted and skipped; a
 * second delivery of everything (a sensor replaying again, a hub re-reading the topics from the
 * start) counts nothing twice; a window is requested and approved at the hub by two approvers.
 */
@Tag("kafka")
class HubKafkaTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CAPTURE_A = "tls-openssl-sni.pcap";
  private static final String CAPTURE_B = "ftp-vsftpd-login-stor.pcap";

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void twoSitesOneHubEachRecordOnceWindowsApprovedAtTheHub() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      Path siteA = site("siteA.yaml", "nice-est", broker.bootstrap());
      Path siteB = site("siteB.yaml", "nice-ouest", broker.bootstrap());
      List<String> idsA = noticeIds(siteA, CAPTURE_A);
      List<String> idsB = noticeIds(siteB, CAPTURE_B);
      assertFalse(idsA.isEmpty() || idsB.isEmpty(), "both captures give notices");

      // 1. two sensors publish
      replayTo(siteA, CAPTURE_A, "a1.db");
      replayTo(siteB, CAPTURE_B, "b1.db");
      // 2. and three records no hub can keep: not JSON, no site, over the size cap
      badRecords(broker.bootstrap());

      // 3. the hub consumes both sites
      Path hubYaml = hubConfig("g1", broker.bootstrap());
      Hub hub = startHub(hubYaml);
      try {
        waitFor(
            () -> count(hub, "nice-est") == idsA.size() && count(hub, "nice-ouest") == idsB.size(),
            "both sites' notices in the hub's store");
        waitFor(() -> hub.consumer().malformed() == 3, "the bad records counted");
        String base = "http://" + host(hub.apiAddress());

        JsonNode sites = get(base + "/api/v1/sites", "reader-token", 200);
        List<String> names = new ArrayList<>();
        for (JsonNode s : sites.path("sites")) {
          names.add(s.path("site").asText());
          assertTrue(s.path("last_seen").asText().startsWith("20"), s.toString());
          assertTrue(s.path("checkpoints").asLong() >= 1, "each replay signs a checkpoint: " + s);
          assertTrue(s.path("last_checkpoint").path("head_hash").isTextual(), s.toString());
        }
        assertEquals(List.of("nice-est", "nice-ouest"), names);

        assertEquals(
            Set.copyOf(idsA),
            ids(get(base + "/api/v1/notices?site=nice-est", "reader-token", 200)));
        assertEquals(
            Set.copyOf(idsB),
            ids(get(base + "/api/v1/notices?site=nice-ouest", "reader-token", 200)));
        JsonNode all = get(base + "/api/v1/notices", "reader-token", 200);
        assertEquals(idsA.size() + idsB.size(), all.path("notices").size());
        assertEquals(
            1, get(base + "/api/v1/notices?limit=1", "reader-token", 200).path("notices").size());
        assertTrue(
            get(base + "/api/v1/sessions?site=nice-ouest", "reader-token", 200)
                    .path("sessions")
                    .size()
                >= 1);
        assertTrue(
            get(base + "/api/v1/checkpoints?site=nice-est", "reader-token", 200)
                    .path("checkpoints")
                    .size()
                >= 1);
        // budgets and strictness as on a sensor's API
        get(base + "/api/v1/notices?limit=5000", "reader-token", 400);
        get(base + "/api/v1/notices?sites=x", "reader-token", 400);
        get(base + "/api/v1/notices", null, 401);

        String metrics = body("http://" + host(hub.metricsAddress()) + "/metrics");
        assertTrue(
            metrics.contains(
                "vigie_hub_records_malformed_total{topic=\"city.notices\",reason=\"not_json\",} 1.0"),
            metrics);
        assertTrue(
            metrics.contains(
                "vigie_hub_records_malformed_total{topic=\"city.notices\",reason=\"no_site\",} 1.0"),
            metrics);
        assertTrue(
            metrics.contains(
                "vigie_hub_records_malformed_total{topic=\"city.notices\",reason=\"too_large\",} 1.0"),
            metrics);
        assertTrue(metrics.contains("vigie_hub_records_stored_total{topic=\"notices\",}"), metrics);

        // 4. a window requested and approved once, at the hub, by two approvers
        String request =
            """
            {"reason":"firmware update","ticket":"CHG-42",
             "scope":{"devices":["cam-golden"],"apps":["ssh"]},
             "end":"%s"}
            """
                .formatted(Instant.now().plus(Duration.ofHours(2)));
        JsonNode w = post(base + "/api/v1/windows", "vendor-token", request, 201);
        String id = w.path("id").asText();
        assertEquals("requested", w.path("state").asText());
        JsonNode once = post(base + "/api/v1/windows/" + id + "/approve", "mayor-token", "", 200);
        assertEquals("requested", once.path("state").asText(), "one approval of a quorum of two");
        post(base + "/api/v1/windows/" + id + "/approve", "mayor-token", "", 409);
        JsonNode twice = post(base + "/api/v1/windows/" + id + "/approve", "secu-token", "", 200);
        assertTrue(
            Set.of("approved", "active").contains(twice.path("state").asText()), twice.toString());
        assertTrue(Files.readString(tmp.resolve("hub-state/windows.jsonl")).contains(id));

        // 5. the city page, filtered by site, with the window decided at the hub
        String city = webPage(base, "/ui/city?site=nice-est");
        assertTrue(city.contains("<td>nice-est</td>"), city);
        assertFalse(city.contains("<td>nice-ouest</td>"), "filtered by site: " + city);
        assertTrue(city.contains(id), city);
      } finally {
        hub.close();
      }

      // 6. everything delivered again: site A replays its capture, and a hub of a new group
      // re-reads every topic from the start into the same store.
      replayTo(siteA, CAPTURE_A, "a2.db");
      Path again = hubConfig("g2", broker.bootstrap());
      long before = storedRecords();
      Hub second = startHub(again);
      try {
        waitFor(() -> second.consumer().duplicates() >= before, "every record delivered again");
        waitFor(() -> second.consumer().malformed() == 3, "the bad records read again");
        assertEquals(idsA.size(), count(second, "nice-est"), "no notice counted twice");
        assertEquals(idsB.size(), count(second, "nice-ouest"));
        String base = "http://" + host(second.apiAddress());
        JsonNode all = get(base + "/api/v1/notices", "reader-token", 200);
        Set<String> both = new HashSet<>(idsA);
        both.addAll(idsB);
        assertEquals(both, ids(all));
        assertEquals(both.size(), all.path("notices").size(), "each notice once, by id");
        // the window approved before the restart is still approved
        JsonNode windows = get(base + "/api/v1/windows", "reader-token", 200);
        assertEquals(1, windows.path("windows").size(), windows.toString());
      } finally {
        second.close();
      }
    }
  }

  /**
   * The proof: a window requested and approved once, at the hub (its API, two approvers),
   * reaches two sensors through the signed {@code city.windows} topic and changes both replays'
   * verdicts. The hub's clock is set before the capture so that the window can cover it.
   */
  @Test
  void aWindowApprovedAtTheHubChangesBothSensorsVerdicts() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      // tls-openssl-sni.pcap: cam-golden reaches the vendor by TLS at 04:23:15Z.
      MutableClock clock = new MutableClock(Instant.parse("2026-12-02T04:00:00Z"));
      Path hubYaml = hubConfig("w1", broker.bootstrap());
      Hub hub = new Hub(hubYaml, YamlLoader.load(hubYaml, HubConfig.class), clock);
      hub.start();
      try {
        assertTrue(Files.exists(tmp.resolve("hub-state").resolve(Hub.WINDOWS_PUBLIC_KEY)));
        List<Path> sensors =
            List.of(
                sensor("east.yaml", "nice-est", broker.bootstrap()),
                sensor("west.yaml", "nice-ouest", broker.bootstrap()));
        for (Path sensor : sensors) {
          String before = replayJson(sensor, CAPTURE_A);
          assertTrue(before.contains("\"note\":\"vendor_access_outside_window\""), before);
        }
        String base = "http://" + host(hub.apiAddress());
        String request =
            """
            {"reason":"certificate renewal","ticket":"CHG-43",
             "scope":{"devices":["cam-golden"],"apps":["tls"]},
             "start":"2026-12-02T04:10:00Z","end":"2026-12-02T05:00:00Z"}
            """;
        String id =
            post(base + "/api/v1/windows", "vendor-token", request, 201).path("id").asText();
        post(base + "/api/v1/windows/" + id + "/approve", "mayor-token", "", 200);
        post(base + "/api/v1/windows/" + id + "/approve", "secu-token", "", 200);
        for (Path sensor : sensors) {
          String[] after = new String[1];
          waitFor(
              () -> {
                try {
                  after[0] = replayJson(sensor, CAPTURE_A);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return after[0].contains("\"window\":\"" + id + "\"")
                    && !after[0].contains("vendor_access_outside_window");
              },
              "the window approved at the hub judged by " + sensor.getFileName());
          assertTrue(after[0].contains("\"verdict\":\"authorised\""), after[0]);
        }
      } finally {
        hub.close();
      }
    }
  }

  /** A sensor's site: the golden site, windows taken from the hub (its public key as published). */
  private Path sensor(String file, String name, String bootstrap) throws Exception {
    String base = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
    base = base.replace("site: { name: vigie-golden }", "site: { name: " + name + " }");
    Path f = tmp.resolve(file);
    Files.writeString(
        f,
        base
            + "windows:\n  from_hub:\n    bootstrap_servers: [\""
            + bootstrap
            + "\"]\n    topic_prefix: city\n    hub_public_key: hub-state/"
            + Hub.WINDOWS_PUBLIC_KEY
            + "\n    startup_wait_seconds: 30\n"
            // The sensor checks the hub's decision again under its own quorum: the hub's.
            + "approval:\n  quorum: [ { role: town_hall }, { role: it_security } ]\n");
    return f;
  }

  private static String replayJson(Path config, String capture) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream saved = System.out;
    int code;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      code =
          Main.run(
              new String[] {
                "replay",
                "--json",
                "--config",
                config.toString(),
                GOLDEN.resolve(capture).toString()
              },
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, err.toString());
    return json.toString(StandardCharsets.UTF_8);
  }

  private long storedRecords() throws Exception {
    try (HubStore s = HubStore.open(tmp.resolve("hub.db"), Clock.systemUTC())) {
      long n = 0;
      for (HubRecord.Kind k : HubRecord.Kind.values()) {
        n += s.count(k, null);
      }
      return n;
    }
  }

  private static long count(Hub hub, String site) {
    try {
      return hub.store().count(HubRecord.Kind.NOTICES, site);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> ids(JsonNode answer) {
    Set<String> ids = new HashSet<>();
    for (JsonNode n : answer.path("notices")) {
      ids.add(n.path("id").asText());
    }
    return ids;
  }

  private Hub startHub(Path yaml) throws Exception {
    Hub hub = new Hub(yaml, YamlLoader.load(yaml, HubConfig.class), Clock.systemUTC());
    hub.start();
    return hub;
  }

  private static void waitFor(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 40 s for " + what);
      Thread.sleep(100);
    }
  }

  private Path site(String file, String name, String bootstrap) throws Exception {
    String base = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
    base = base.replace("site: { name: vigie-golden }", "site: { name: " + name + " }");
    Path f = tmp.resolve(file);
    Files.writeString(
        f,
        base
            + "outputs:\n  kafka:\n    bootstrap_servers: [\""
            + bootstrap
            + "\"]\n    topic_prefix: city\n    spool_dir: spool-"
            + name
            + "\n    drain_timeout_seconds: 60\n");
    return f;
  }

  private Path hubConfig(String group, String servers) throws Exception {
    Path f = tmp.resolve("hub-" + group + ".yaml");
    Files.writeString(
        f,
        """
        hub: { name: nice-city }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: city
          group_id: %s
          max_record_bytes: 4096
        store: hub.db
        state_dir: hub-state
        metrics: { listen: "127.0.0.1:%s" }
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: acme, roles: [vendor], sha256: %s }
            - { name: mayor, roles: [town_hall], sha256: %s }
            - { name: secu, roles: [it_security], sha256: %s }
            - { name: soc, roles: [reviewer], sha256: %s }
        """
            .formatted(
                servers,
                group,
                freePort(),
                sha("vendor-token"),
                sha("mayor-token"),
                sha("secu-token"),
                sha("reader-token")));
    return f;
  }

  private void badRecords(String servers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    try (KafkaProducer<String, String> k =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      k.send(new ProducerRecord<>("city.notices", "x", "{not json"));
      k.send(
          new ProducerRecord<>(
              "city.notices",
              "y",
              "{\"type\":\"notice\",\"id\":\"N-1\",\"ts\":\"2026-01-01T00:00:00Z\"}"));
      k.send(
          new ProducerRecord<>(
              "city.notices",
              "z",
              "{\"site\":\"nice-est\",\"id\":\"N-2\",\"ts\":\"2026-01-01T00:00:00Z\",\"msg\":\""
                  + "a".repeat(5000)
                  + "\"}"));
      k.flush();
    }
  }

  private void replayTo(Path config, String capture, String db) {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "replay",
              "--config",
              config.toString(),
              "--evidence",
              tmp.resolve(db).toString(),
              GOLDEN.resolve(capture).toString()
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
  }

  /** Notice ids of a capture from replay --json (deterministic: ids come from packet time). */
  private static List<String> noticeIds(Path config, String capture) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      // --json only: without --evidence and with the spool untouched nothing is published
      String plain = Files.readString(config).replaceAll("(?s)outputs:.*", "");
      Path p = config.resolveSibling("plain-" + config.getFileName());
      Files.writeString(p, plain);
      assertEquals(
          0,
          Main.run(
              new String[] {
                "replay", "--json", "--config", p.toString(), GOLDEN.resolve(capture).toString()
              },
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(new StringWriter(), true)));
    } finally {
      System.setOut(saved);
    }
    List<String> ids = new ArrayList<>();
    for (String line : json.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("\"type\":\"notice\"")) {
        ids.add(JSON.readTree(line).path("id").asText());
      }
    }
    return ids;
  }

  private static String sha(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String host(java.net.InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private String body(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Logs in to the web UI with the reviewer's token, then GETs {@code path}. */
  private String webPage(String base, String path) throws Exception {
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=reader-token"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(303, login.statusCode(), login.body());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    return page.body();
  }

  private JsonNode get(String url, String token, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private JsonNode post(String url, String token, String body, int status) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
