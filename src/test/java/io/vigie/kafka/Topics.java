package io.vigie.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real consumer of the fault tests: reads topics from their start (a fresh group each time) until
 * a condition holds, then a few seconds more so that a late duplicate is seen too.
 */
final class Topics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Topics() {}

  /**
   * Every record of {@code topics} by topic, read until {@code enough} holds (at most {@code max}),
   * then {@code linger} more.
   */
  static Map<String, List<JsonNode>> read(
      String bootstrap,
      List<String> topics,
      Predicate<Map<String, List<JsonNode>>> enough,
      Duration max,
      Duration linger)
      throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, List<JsonNode>> out = new HashMap<>();
    topics.forEach(t -> out.put(t, new ArrayList<>()));
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(topics);
      long deadline = System.nanoTime() + max.toNanos();
      boolean lingering = false;
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
          out.get(r.topic()).add(JSON.readTree(r.value()));
        }
        if (!lingering && enough.test(out)) {
          lingering = true;
          deadline = Math.min(deadline, System.nanoTime() + linger.toNanos());
        }
      }
    }
    return out;
  }

  /** How many times each value of {@code field} arrived. */
  static Map<String, Integer> countBy(List<JsonNode> records, String field) {
    Map<String, Integer> n = new HashMap<>();
    for (JsonNode r : records) {
      n.merge(r.path(field).asText(), 1, Integer::sum);
    }
    return n;
  }

  /** Records that arrived more than once (the copies beyond the first). */
  static int duplicates(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(v -> v - 1).sum();
  }
}
