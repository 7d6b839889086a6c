package io.vigie.hub;

import static io.vigie.hub.HubGroupKit.adminProperties;
import static io.vigie.hub.HubGroupKit.freePort;
import static io.vigie.hub.HubGroupKit.producer;
import static io.vigie.hub.HubGroupKit.union;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two live hubs in one consumer group, the deployment docs/HUB.md describes: each hub with its own
 * store (and windows journal), Kafka assigning each partition to one of them. The four topics have
 * four partitions each; two sites publish notices in the sensors' format, keyed by notice id as the
 * sensors key them, so that they spread over the partitions.
 *
 * <ol>
 *   <li>Both hubs hold partitions and both store notices; together they hold every notice id
 *       exactly once (no id in both stores, none missing).
 *   <li>Hub A stops while the sites are publishing (4,000 notices): the group rebalances, hub B
 *       takes every partition from the last committed offsets. No notice is lost, none stored by
 *       both.
 *   <li>Everything published after A's stop arrives at hub B.
 * </ol>
 */
@Tag("kafka")
class HubGroupTest {
  private static final String PREFIX = "city";
  private static final String GROUP = "vigie-hub";
  private static final int PARTITIONS = 4;
  private static final List<String> SITES = List.of("nice-est", "nice-ouest");

  @TempDir Path tmp;

  @Test
  void twoHubsShareThePartitionsAndOneTakesOverWhenTheOtherStops() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      try (Admin admin = Admin.create(adminProperties(broker.bootstrap()))) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : HubConsumer.topics(PREFIX)) {
          topics.add(new NewTopic(t, PARTITIONS, (short) 1));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);

        Hub a = startHub("a", broker.bootstrap());
        Hub b = startHub("b", broker.bootstrap());
        boolean aClosed = false;
        try (KafkaProducer<String, String> producer = producer(broker.bootstrap())) {
          // 1. both hubs in the group, each holding some of the 16 partitions
          // One snapshot of the group, waited for: while the second hub joins, the group is
          // described with two members before the rebalance gives the second its share.
          List<Map<String, Set<TopicPartition>>> seen = new ArrayList<>(List.of(Map.of()));
          waitFor(
              () -> {
                Map<String, Set<TopicPartition>> now = assignments(admin);
                seen.set(0, now);
                return now.size() == 2
                    && allAssigned(now)
                    && now.values().stream().noneMatch(Set::isEmpty);
              },
              "two members sharing all " + PARTITIONS * 4 + " partitions");
          for (Set<TopicPartition> held : seen.get(0).values()) {
            assertTrue(held.size() >= 1 && held.size() < PARTITIONS * 4, "shared: " + held);
          }

          Set<String> published = new HashSet<>(publish(producer, "p1", 200));
          waitFor(
              () -> union(ids(a), ids(b)).equals(published),
              "every notice of the first batch in one of the stores");
          assertTrue(a.consumer().stored() > 0, "hub A consumed some: " + a.consumer().stored());
          assertTrue(b.consumer().stored() > 0, "hub B consumed some: " + b.consumer().stored());
          assertDisjoint(ids(a), ids(b));

          // 2. hub A stops while the sites are publishing: B takes its partitions over
          Thread sites =
              new Thread(
                  () -> {
                    for (int i = 0; i < 40; i++) {
                      published.addAll(publish(producer, "p2-" + i, 50));
                    }
                  },
                  "test-sites");
          sites.start();
          pause(200);
          a.close();
          aClosed = true;
          sites.join();
          waitFor(
              () -> assignments(admin).size() == 1 && allAssigned(assignments(admin)),
              "hub B alone holding every partition");
          // A's store is closed with it: read its file as an operator would
          Set<String> atA = idsIn(tmp.resolve("hub-a.db"));
          Set<String> expected = Set.copyOf(published);
          waitFor(
              () -> union(atA, ids(b)).equals(expected), "every notice published around the stop");
          assertDisjoint(atA, ids(b));

          // 3. after the stop, everything goes to hub B
          List<String> after = publish(producer, "p3", 200);
          waitFor(() -> ids(b).containsAll(after), "the notices published after the stop at hub B");
          assertEquals(atA, idsIn(tmp.resolve("hub-a.db")), "the stopped hub got nothing more");
          published.addAll(after);
          assertEquals(published, union(atA, ids(b)));
          assertDisjoint(atA, ids(b));
          assertEquals(0, b.consumer().malformed());
        } finally {
          if (!aClosed) {
            a.close();
          }
          b.close();
        }
      }
    }
  }

  private static List<String> publish(KafkaProducer<String, String> producer, String tag, int n) {
    return HubGroupKit.publish(producer, PREFIX, SITES, tag, n);
  }

  private static Set<String> ids(Hub hub) {
    return HubGroupKit.ids(hub, SITES);
  }

  private static Set<String> idsIn(Path file) throws Exception {
    return HubGroupKit.idsIn(file, SITES);
  }

  private static void assertDisjoint(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    assertTrue(both.isEmpty(), "stored by both hubs: " + both);
  }

  private static Map<String, Set<TopicPartition>> assignments(Admin admin) {
    return HubGroupKit.assignments(admin, GROUP, PREFIX);
  }

  private static boolean allAssigned(Map<String, Set<TopicPartition>> byMember) {
    return HubGroupKit.allAssigned(byMember, PARTITIONS);
  }

  private Hub startHub(String name, String servers) throws Exception {
    Path f = tmp.resolve("hub-" + name + ".yaml");
    Files.writeString(
        f,
        """
        hub: { name: hub-%s }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: %s
          group_id: %s
          batch_records: 50
        store: hub-%s.db
        state_dir: state-%s
        metrics: { listen: "127.0.0.1:%s" }
        approval:
          quorum: [ { role: town_hall } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: soc, roles: [reviewer], sha256: %s }
        """
            .formatted(name, servers, PREFIX, GROUP, name, name, freePort(), "0".repeat(64)));
    Hub hub = new Hub(f, YamlLoader.load(f, HubConfig.class), Clock.systemUTC());
    hub.start();
    return hub;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 40 s for " + what);
      Thread.sleep(200);
    }
  }
}
