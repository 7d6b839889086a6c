package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.api.TokenVerifier;
import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.config.ApprovalConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.SigningKey;
import io.vigie.facts.EvidenceSink;
import io.vigie.kafka.KafkaBroker;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.net.App;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.windowfeed.HubOnlyWindowService;
import io.vigie.windowfeed.KafkaTopicAdmin;
import io.vigie.windowfeed.PublishingWindowService;
import io.vigie.windowfeed.WindowRecords;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie run} with {@code windows.from_hub}, in process, against a real broker: a window
 * approved at the hub (a journalled service behind {@link PublishingWindowService}, signed with the
 * key whose public half is the sensor's {@code hub_public_key}) is what the daemon's API lists, a
 * local request on the daemon's API is refused, and the feed's metrics are on its {@code /metrics}.
 */
@Tag("kafka")
class DaemonHubWindowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Actor VENDOR = new Actor("j.martin@acme", Set.of("vendor"));
  private static final Actor MAYOR = new Actor("m.dupont", Set.of("town_hall"));

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer tok-acme").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code GET url} until its body satisfies {@code done}; the last body either way. */
  private String awaitBody(String url, java.util.function.Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = send(HttpRequest.newBuilder(URI.create(url))).body();
      if (done.test(body)) {
        return body;
      }
      new CountDownLatch(1).await(100, TimeUnit.MILLISECONDS);
    }
    return body;
  }

  private static JsonNode windowIn(String listing, String id) throws Exception {
    JsonNode root = JSON.readTree(listing);
    JsonNode items = root.isArray() ? root : root.path("windows");
    for (JsonNode w : items) {
      if (id.equals(w.path("id").asText())) {
        return w;
      }
    }
    return null;
  }

  @Test
  void theDaemonEnforcesAndServesTheHubsWindowsAndRefusesLocalOnes() throws Exception {
    Path pcap = dir.resolve("empty.pcap");
    // No packets: the daemon only needs a capture to start.
    try (OutputStream os = Files.newOutputStream(pcap)) {
      new PcapWriter(os, LinkType.ETHERNET, 65535).close();
    }
    try (KafkaBroker broker = KafkaBroker.create(dir.resolve("broker"))) {
      broker.start();
      SigningKey hubKey = SigningKey.loadOrCreate(dir.resolve("hub.key"), dir.resolve("hub.pub"));
      Clock clock = Clock.systemUTC();
      Properties kafka =
          KafkaClientPublisher.connection(List.of(broker.bootstrap()), null, null, dir);
      Path cfg = dir.resolve("site.yaml");
      Files.writeString(
          cfg,
          """
          site: { name: east }
          networks:
            - { name: cameras, cidr: 10.20.0.0/16 }
          devices:
            - { name: cam-001, address: 10.20.1.1, role: camera }
          capture: { file: "%s" }
          state_dir: state
          metrics: { listen: "127.0.0.1:%d" }
          api:
            listen: "127.0.0.1:0"
            tokens:
              - { name: acme, roles: [vendor], sha256: %s }
          windows:
            from_hub:
              bootstrap_servers: ["%s"]
              topic_prefix: city
              hub_public_key: hub.pub
          """
              .formatted(
                  pcap, freePort(), TokenVerifier.sha256Hex("tok-acme"), broker.bootstrap()));
      JournaledWindowService journalled =
          new JournaledWindowService(
              ApprovalConfig.DEFAULTS,
              new JsonLinesWindowJournal(dir.resolve("hub-windows.jsonl")),
              EvidenceSink.NONE,
              clock);
      try (PublishingWindowService hub =
          new PublishingWindowService(
              journalled,
              new KafkaClientPublisher(kafka, "vigie-hub-windows"),
              new KafkaTopicAdmin(kafka),
              "city.windows",
              "hub-test",
              hubKey,
              clock,
              Duration.ofMillis(500))) {
        hub.start();
        Instant start = clock.instant().plus(Duration.ofMinutes(5));
        Window w =
            hub.request(
                new WindowRequest(
                    "firmware upgrade",
                    "ACME-9",
                    new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
                    start,
                    start.plus(Duration.ofHours(2)),
                    List.of()),
                VENDOR);
        hub.approve(w.id(), MAYOR, "ok for the upgrade");

        Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), clock);
        try {
          d.start();
          String api = "http://127.0.0.1:" + d.apiAddress().orElseThrow().getPort();

          // The hub's approved window, as the sensor enforces it: approved, not closed for silence.
          String listing =
              awaitBody(
                  api + "/api/v1/windows",
                  b -> {
                    try {
                      JsonNode x = windowIn(b, w.id());
                      return x != null && "approved".equals(x.path("state").asText());
                    } catch (Exception e) {
                      return false;
                    }
                  });
          JsonNode shown = windowIn(listing, w.id());
          assertTrue(shown != null, listing);
          assertEquals("approved", shown.path("state").asText(), listing);

          // A local request: refused, the vendor is sent to the hub.
          String body =
              "{\"reason\":\"Upgrade\",\"ticket\":\"T-1\",\"scope\":{\"devices\":[\"cam-001\"],"
                  + "\"apps\":[\"ssh\"]},\"end\":\""
                  + clock.instant().plus(Duration.ofHours(2))
                  + "\"}";
          HttpResponse<String> refused =
              send(
                  HttpRequest.newBuilder(URI.create(api + "/api/v1/windows"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body)));
          assertEquals(403, refused.statusCode(), refused.body());
          assertTrue(
              refused.body().contains("approved at the city's hub"),
              refused.body() + " does not say: " + HubOnlyWindowService.REFUSAL);

          // Someone other than the hub writes to the topic: counted, by reason.
          SigningKey intruder =
              SigningKey.loadOrCreate(dir.resolve("intruder.key"), dir.resolve("intruder.pub"));
          try (KafkaClientPublisher raw = new KafkaClientPublisher(kafka, "intruder")) {
            raw.send(
                "city.windows",
                w.id(),
                WindowRecords.window(w, "hub-test", clock.instant(), intruder),
                e -> {});
            raw.flush();
          }

          String metrics = "http://127.0.0.1:" + d.metricsAddress().getPort() + "/metrics";
          String scrape =
              awaitBody(
                  metrics,
                  b ->
                      DaemonTest.sample(
                              b, "vigie_hub_windows_ignored_total\\{reason=\"bad_signature\",\\}")
                          == 1.0);
          assertEquals(
              1.0,
              DaemonTest.sample(
                  scrape, "vigie_hub_windows_ignored_total\\{reason=\"bad_signature\",\\}"),
              scrape);
          assertEquals(
              0.0,
              DaemonTest.sample(
                  scrape, "vigie_hub_windows_ignored_total\\{reason=\"unsigned\",\\}"),
              scrape);
          assertEquals(1.0, DaemonTest.sample(scrape, "vigie_hub_windows_published"), scrape);
          assertTrue(
              DaemonTest.sample(scrape, "vigie_hub_windows_accepted_total") >= 1,
              "the window's latest version accepted (the topic is compacted): " + scrape);
          assertTrue(DaemonTest.sample(scrape, "vigie_hub_windows_heartbeats_total") >= 1, scrape);
          assertEquals(0.0, DaemonTest.sample(scrape, "vigie_hub_windows_stale"), scrape);
          double age = DaemonTest.sample(scrape, "vigie_hub_windows_heartbeat_age_seconds");
          assertTrue(age >= 0 && age < 60, "heartbeat age " + age + ": " + scrape);
          assertTrue(
              DaemonTest.sample(scrape, "vigie_hub_windows_last_heartbeat_timestamp_seconds")
                  > 1.7e9,
              scrape);
          assertEquals(
              1.0, DaemonTest.sample(scrape, "vigie_windows\\{state=\"approved\",\\}"), scrape);
        } finally {
          d.close();
        }
      }
    }
  }
}
