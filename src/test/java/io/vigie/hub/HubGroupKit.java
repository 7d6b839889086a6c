package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the hub's group tests share: notices published in the sensors' format, the ids a hub's store
 * holds (each asserted there once), the consumer group's assignment, Kafka clients for the test.
 */
final class HubGroupKit {
  private HubGroupKit() {}

  /** A notice in the sensors' format. */
  static String notice(String site, String id) {
    return "{\"type\":\"notice\",\"site\":\""
        + site
        + "\",\"id\":\""
        + id
        + "\",\"ts\":\"2026-12-02T04:23:15Z\",\"note\":\"vendor_access_outside_window\""
        + ",\"severity\":\"high\"}";
  }

  /** Publishes {@code n} notices per site on {@code <prefix>.notices}, keyed by notice id. */
  static List<String> publish(
      KafkaProducer<String, String> producer,
      String prefix,
      List<String> sites,
      String tag,
      int n) {
    List<String> ids = new ArrayList<>();
    for (String site : sites) {
      for (int i = 0; i < n; i++) {
        String id = "N-" + tag + "-" + i;
        producer.send(new ProducerRecord<>(prefix + ".notices", id, notice(site, id)));
        ids.add(site + "/" + id);
      }
    }
    producer.flush();
    return ids;
  }

  /** Site-qualified notice ids in a running hub's store; each also asserted to be there once. */
  static Set<String> ids(Hub hub, List<String> sites) {
    try {
      return ids(hub.store(), sites);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #ids(Hub, List)}, of a stopped hub's store file. */
  static Set<String> idsIn(Path file, List<String> sites) throws Exception {
    try (HubStore s = HubStore.open(file, Clock.systemUTC())) {
      return ids(s, sites);
    }
  }

  private static Set<String> ids(HubStore store, List<String> sites) throws SQLException {
    Set<String> ids = new HashSet<>();
    for (String site : sites) {
      for (JsonNode n : store.notices(site, null, 100_000)) {
        String id = site + "/" + n.path("id").asText();
        assertTrue(ids.add(id), id + " twice in one store");
      }
    }
    return ids;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Each member's partitions of the topics under {@code prefix}, by member id; empty on error. */
  static Map<String, Set<TopicPartition>> assignments(Admin admin, String group, String prefix) {
    try {
      ConsumerGroupDescription g =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      Map<String, Set<TopicPartition>> out = new HashMap<>();
      for (MemberDescription m : g.members()) {
        Set<TopicPartition> held = new HashSet<>();
        for (TopicPartition tp : m.assignment().topicPartitions()) {
          if (tp.topic().startsWith(prefix + ".")) {
            held.add(tp);
          }
        }
        out.put(m.consumerId(), held);
      }
      return out;
    } catch (Exception e) {
      return Map.of();
    }
  }

  /** Whether the hub's four topics' {@code partitions} each are held by exactly one member. */
  static boolean allAssigned(Map<String, Set<TopicPartition>> byMember, int partitions) {
    Set<TopicPartition> all = new HashSet<>();
    int total = 0;
    for (Set<TopicPartition> held : byMember.values()) {
      all.addAll(held);
      total += held.size();
    }
    return all.size() == partitions * 4 && total == all.size();
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Properties adminProperties(String servers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    return p;
  }

  static KafkaProducer<String, String> producer(String servers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }
}
