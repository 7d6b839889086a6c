package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops in the middle of a {@code vigie replay --config} with {@code outputs.kafka} and
 * comes back while the replay waits for it: every notice of the capture arrives (counted by id).
 * The capture is copies of a golden one an hour apart (each copy's notices have their own ids); the
 * broker stops once the first notices are on the topic, while the rest are still to be sent.
 */
@Tag("kafka")
class KafkaReplayFaultTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int COPIES = 150;

  @TempDir Path tmp;

  @Test
  void aBrokerStoppedMidReplayLosesNoNotice() throws Exception {
    PcapCopies pcap = new PcapCopies(GOLDEN.resolve("tls-openssl-sni.pcap"));
    Path whole = tmp.resolve("whole.pcap");
    try (OutputStream o = Files.newOutputStream(whole)) {
      pcap.header(o);
      for (int i = 0; i < COPIES; i++) {
        pcap.copy(o, i);
      }
    }
    String base = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
    Path plain = tmp.resolve("plain.yaml");
    Files.writeString(plain, base);
    List<String> expected = noticeIds(plain, whole);
    assertTrue(expected.size() >= COPIES, "each copy gives its notices: " + expected);

    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      Path site = tmp.resolve("site.yaml");
      Files.writeString(
          site,
          base
              + "outputs:\n  kafka:\n    bootstrap_servers: [\""
              + broker.bootstrap()
              + "\"]\n    topic_prefix: mid\n    spool_dir: spool\n"
              + "    drain_timeout_seconds: 150\n");
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> replay =
          CompletableFuture.supplyAsync(
              () ->
                  Main.run(
                      new String[] {"replay", "--config", site.toString(), whole.toString()},
                      new PrintWriter(new StringWriter(), true),
                      new PrintWriter(err, true)));
      // The first copies' notices are on the topic: the replay is publishing. The broker stops.
      Map<String, List<JsonNode>> early =
          Topics.read(
              broker.bootstrap(),
              List.of("mid.notices"),
              t -> !t.get("mid.notices").isEmpty(),
              Duration.ofSeconds(60),
              Duration.ZERO);
      assertFalse(early.get("mid.notices").isEmpty(), "published before the broker stops");
      broker.stop();
      int before = early.get("mid.notices").size();
      assertTrue(before < expected.size(), "the broker stopped mid-stream: " + before);
      // The capture is read to its end; the replay waits for the broker, saying so.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!err.toString().contains("kafka: waiting for") && System.nanoTime() < deadline) {
        assertFalse(replay.isDone(), "the replay ended without the broker: " + err);
        Thread.sleep(200);
      }
      assertTrue(err.toString().contains("kafka: waiting for"), err.toString());
      assertFalse(replay.isDone(), err.toString());
      broker.start();
      assertEquals(0, replay.get(150, TimeUnit.SECONDS), err.toString());

      Map<String, List<JsonNode>> topics =
          Topics.read(
              broker.bootstrap(),
              List.of("mid.notices"),
              t -> t.get("mid.notices").size() >= expected.size(),
              Duration.ofSeconds(60),
              Duration.ofSeconds(3));
      Map<String, Integer> got = Topics.countBy(topics.get("mid.notices"), "id");
      List<String> missing = new ArrayList<>();
      for (String id : expected) {
        if (!got.containsKey(id)) {
          missing.add(id);
        }
      }
      assertEquals(List.of(), missing, "notices missing from mid.notices; got " + got);
      assertEquals(expected.size(), got.size(), "no notice that the capture does not give");
      System.out.printf(
          "replay fault: %d notices expected, %d arrived, %d duplicates (at-least-once)%n",
          expected.size(), topics.get("mid.notices").size(), Topics.duplicates(got));
    }
  }

  /** Notice ids of a capture, from replay --json (deterministic: ids come from packet time). */
  private static List<String> noticeIds(Path config, Path capture) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          Main.run(
              new String[] {"replay", "--json", "--config", config.toString(), capture.toString()},
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
}
