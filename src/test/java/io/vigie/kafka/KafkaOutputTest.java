package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --config} with {@code outputs.kafka} against a real broker (Apache Kafka 4.4, KRaft
 * single node on loopback, from the Maven artifacts): a replay whose broker is down exits 1 saying
 * what its spool keeps; the next run sends it; a broker stopped and restarted while a replay waits
 * loses nothing; every notice and checkpoint is on its topic exactly once, with the site.
 */
@Tag("kafka")
class KafkaOutputTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run replay(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Path site(String name, String kafka) throws Exception {
    String base = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
    base =
        base.replace(
            "site: { name: vigie-golden }", "site: { name: nice-est, tags: { zone: est } }");
    Path f = tmp.resolve(name);
    Files.writeString(f, base + (kafka == null ? "" : kafka));
    return f;
  }

  /** Notice ids a capture gives, from replay --json (deterministic: ids come from packet time). */
  private List<String> noticeIds(Path config, String capture) throws Exception {
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          Main.run(
              new String[] {
                "replay",
                "--json",
                "--config",
                config.toString(),
                GOLDEN.resolve(capture).toString()
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

  @Test
  void recordsReachKafkaOnceThroughOutagesAndRestarts() throws Exception {
    KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"));
    try {
      String outputs =
          "outputs:\n  kafka:\n    bootstrap_servers: [\""
              + broker.bootstrap()
              + "\"]\n    topic_prefix: city\n    spool_dir: spool\n";
      Path quick = site("quick.yaml", outputs + "    drain_timeout_seconds: 2\n");
      Path patient = site("patient.yaml", outputs + "    drain_timeout_seconds: 150\n");
      Path plain = site("plain.yaml", null);
      List<String> expected = new ArrayList<>();
      for (String c :
          List.of("tls-openssl-sni.pcap", "ssh-openssh-exec.pcap", "http-curl-get.pcap")) {
        expected.addAll(noticeIds(plain, c));
      }
      assertFalse(expected.isEmpty(), "the captures give notices, or this test proves nothing");

      // 1. The broker is not running: the replay keeps its records in the spool and says so.
      Run down =
          replay(
              "replay",
              "--config",
              quick.toString(),
              "--evidence",
              tmp.resolve("a.db").toString(),
              GOLDEN.resolve("tls-openssl-sni.pcap").toString());
      assertEquals(1, down.code(), down.err());
      assertTrue(
          down.err().matches("(?s).*kafka: [1-9][0-9]* records left in the spool .*"), down.err());

      // 2. The broker is up: the next run sends its own records and those the first left.
      broker.start();
      Run up =
          replay(
              "replay",
              "--config",
              patient.toString(),
              "--evidence",
              tmp.resolve("b.db").toString(),
              GOLDEN.resolve("ssh-openssh-exec.pcap").toString());
      assertEquals(0, up.code(), up.err());

      // 3. The broker stops; a replay waits for it (its progress line says so); it comes back.
      broker.stop();
      CompletableFuture<Run> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  replay(
                      "replay",
                      "--config",
                      patient.toString(),
                      "--evidence",
                      tmp.resolve("c.db").toString(),
                      GOLDEN.resolve("http-curl-get.pcap").toString()));
      Thread.sleep(4_000); // a few sends fail against the stopped broker first
      assertFalse(waiting.isDone(), "the replay waits for the broker");
      broker.start();
      Run back = waiting.get(150, TimeUnit.SECONDS);
      assertEquals(0, back.code(), back.err());
      assertTrue(back.err().contains("kafka: waiting for"), back.err());

      Map<String, List<JsonNode>> topics = consumeAll(broker.bootstrap(), expected.size(), 3);
      Map<String, Integer> notices = countBy(topics.get("city.notices"), "id");
      for (String id : expected) {
        assertEquals(
            1,
            notices.getOrDefault(id, 0),
            "notice " + id + " on city.notices " + notices + " of " + topicSizes(topics));
      }
      assertEquals(expected.size(), topics.get("city.notices").size(), "no other notice");
      for (JsonNode n : topics.get("city.notices")) {
        assertEquals("nice-est", n.path("site").asText());
        assertEquals("est", n.path("site_tags").path("zone").asText());
      }
      // Each run's store signed at least its closing checkpoint; each is there once.
      List<JsonNode> cps = topics.get("city.checkpoints");
      assertTrue(cps.size() >= 3, "checkpoints of the three runs: " + cps.size());
      Map<String, Integer> byHash = countBy(cps, "checkpoint_hash");
      byHash.forEach((h, n) -> assertEquals(1, n, "checkpoint " + h));
      for (JsonNode cp : cps) {
        assertTrue(cp.path("signature").asText().length() > 40, cp.toString());
      }
      assertFalse(topics.get("city.sessions").isEmpty(), "sessions are published too");
      assertTrue(topics.get("city.sessions").get(0).path("community_id").asText().startsWith("1:"));
    } finally {
      broker.close();
    }
  }

  private static Map<String, Integer> topicSizes(Map<String, List<JsonNode>> topics) {
    Map<String, Integer> n = new HashMap<>();
    topics.forEach((t, l) -> n.put(t, l.size()));
    return n;
  }

  private static Map<String, Integer> countBy(List<JsonNode> records, String field) {
    Map<String, Integer> n = new HashMap<>();
    for (JsonNode r : records) {
      n.merge(r.path(field).asText(), 1, Integer::sum);
    }
    return n;
  }

  /**
   * Reads the topics from the start until at least the records expected are there (60 s at most),
   * then 3 s more, so that a duplicate would be seen too.
   */
  private static Map<String, List<JsonNode>> consumeAll(
      String bootstrap, int notices, int checkpoints) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> topics = List.of("city.sessions", "city.notices", "city.checkpoints");
    Map<String, List<JsonNode>> out = new HashMap<>();
    topics.forEach(t -> out.put(t, new ArrayList<>()));
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(topics);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          out.get(r.topic()).add(JSON.readTree(r.value()));
        }
        if (out.get("city.notices").size() >= notices
            && out.get("city.checkpoints").size() >= checkpoints) {
          deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        }
      }
    }
    return out;
  }
}
