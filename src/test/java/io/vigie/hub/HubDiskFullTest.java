package io.vigie.hub;

import static io.vigie.hub.HubGroupKit.adminProperties;
import static io.vigie.hub.HubGroupKit.freePort;
import static io.vigie.hub.HubGroupKit.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.kafka.KafkaBroker;
import io.vigie.testkit.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's store on a disk that fills up: a 4 MiB tmpfs the test mounts (root only, skipped
 * otherwise, as {@code kafka.SpoolDiskFullTest}), filled by a file of the test's while the sites
 * publish. The hub keeps running (its API answers), stores nothing, commits no offset past what it
 * stored, logs the outage once and counts each refused attempt; when the disk has room again every
 * record is stored, once, and the offsets move on.
 */
@Tag("kafka")
@Tag("system")
class HubDiskFullTest {
  private static final String PREFIX = "city";
  private static final String GROUP = "vigie-hub";
  private static final TopicPartition NOTICES = new TopicPartition(PREFIX + ".notices", 0);

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aFullDiskStopsTheStoreNotTheHubAndEverythingIsStoredOnceWhenSpaceReturns() throws Exception {
    assumeTrue(run("id", "-u").equals("0"), "needs root (mounts a tmpfs)");
    Path mnt = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString())
                .inheritIO()
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here");
    try (LogCapture logs = new LogCapture();
        KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      try (Admin admin = Admin.create(adminProperties(broker.bootstrap()));
          KafkaProducer<String, String> producer = producer(broker.bootstrap())) {
        List<NewTopic> topics =
            HubConsumer.topics(PREFIX).stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        Path yaml = hubConfig(broker.bootstrap(), mnt.resolve("hub.db"));
        Hub hub = new Hub(yaml, YamlLoader.load(yaml, HubConfig.class), Clock.systemUTC());
        hub.start();
        try {
          String metrics = "http://127.0.0.1:" + hub.metricsAddress().getPort() + "/metrics";
          String sites = "http://127.0.0.1:" + hub.apiAddress().getPort() + "/api/v1/sites";

          // 1. room on the disk: stored and committed
          publish(producer, "a", 50);
          waitFor(() -> hub.consumer().stored() == 50, "the first 50 stored");
          waitFor(() -> committed(admin) == 50, "their offsets committed");
          assertEquals(200, get(sites).statusCode());

          // 2. the disk fills up, the sites go on publishing (1 KiB notices: more than the WAL
          // already holds, so SQLite must grow a file)
          Path filler = mnt.resolve("filler");
          fill(filler);
          publish(producer, "b", 300);
          waitFor(() -> scrape(metrics, "vigie_hub_store_failures_total") >= 3, "refusals counted");
          assertEquals(1.0, scrape(metrics, "vigie_hub_store_failing"));
          assertEquals(50, hub.consumer().stored(), "nothing more stored");
          assertEquals(50, committed(admin), "no offset committed past what is stored");
          assertTrue(hub.consumer().running(), "the consumer waits, it did not die");
          HttpResponse<String> api = get(sites);
          assertEquals(200, api.statusCode(), "the hub still serves its API: " + api.body());
          assertEquals(
              1,
              logs.count("event=hub_store_failed"),
              "logged once, not per retry: " + logs.text());

          // 3. room again: the batch in hand and everything after it, stored once, committed
          Files.delete(filler);
          waitFor(() -> hub.consumer().stored() == 350, "all 350 stored");
          waitFor(() -> committed(admin) == 350, "the offsets committed up to the end");
          assertEquals(350, hub.store().count(HubRecord.Kind.NOTICES, "nice-est"));
          assertEquals(0, hub.consumer().duplicates(), "nothing stored twice, nothing resent");
          assertEquals(0.0, scrape(metrics, "vigie_hub_store_failing"));
          assertEquals(1, logs.count("event=hub_store_recovered"), logs.text());
          assertEquals(1, logs.count("event=hub_store_failed"), logs.text());
        } finally {
          hub.close();
        }
      }
    } finally {
      new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer reader-token")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Writes {@code filler} until the disk refuses. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[16 * 1024];
    try (OutputStream o = Files.newOutputStream(filler)) {
      while (true) {
        o.write(block);
        o.flush();
      }
    } catch (IOException full) {
      // No space left on device: the disk is full, as intended.
    }
    assertTrue(Files.size(filler) > 0, "the filler took the room");
  }

  private static long committed(Admin admin) {
    try {
      Map<TopicPartition, OffsetAndMetadata> o =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      OffsetAndMetadata m = o.get(NOTICES);
      return m == null ? 0 : m.offset();
    } catch (Exception e) {
      return -1;
    }
  }

  private double scrape(String url, String series) {
    try {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.E+-]+)$").matcher(text);
      return m.find() ? Double.parseDouble(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static void publish(KafkaProducer<String, String> producer, String tag, int n) {
    String pad = "x".repeat(1000);
    for (int i = 0; i < n; i++) {
      String id = "N-" + tag + "-" + i;
      producer.send(
          new ProducerRecord<>(
              PREFIX + ".notices",
              id,
              "{\"type\":\"notice\",\"site\":\"nice-est\",\"id\":\""
                  + id
                  + "\",\"ts\":\"2026-12-02T04:23:15Z\",\"note\":\"vendor_access_outside_window\""
                  + ",\"severity\":\"high\",\"msg\":\""
                  + pad
                  + "\"}"));
    }
    producer.flush();
  }

  private Path hubConfig(String servers, Path store) throws Exception {
    Path f = tmp.resolve("hub.yaml");
    Files.writeString(
        f,
        """
        hub: { name: nice-city }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: %s
          group_id: %s
          batch_records: 100
        store: "%s"
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum: [ { role: town_hall } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: soc, roles: [reviewer], sha256: %s }
        """
            .formatted(servers, PREFIX, GROUP, store, freePort(), sha("reader-token")));
    return f;
  }

  private static String sha(String token) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static void waitFor(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 60 s for " + what);
      Thread.sleep(200);
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    return out;
  }
}
