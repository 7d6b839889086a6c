package io.vigie.hub;

import static io.vigie.hub.HubGroupKit.adminProperties;
import static io.vigie.hub.HubGroupKit.freePort;
import static io.vigie.hub.HubGroupKit.notice;
import static io.vigie.hub.HubGroupKit.producer;
import static io.vigie.hub.HubGroupKit.union;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub killed with SIGKILL while it consumes: {@code vigie hub} as its own JVM ({@code java -cp
 * ... io.vigie.Main hub --config}), sharing a group with a second hub, is killed while two sites
 * publish. It cannot leave the group or commit its batch in hand: the group waits for its session
 * to time out ({@code kafka.session_timeout_seconds: 6}), then the second hub takes every partition
 * from the last committed offsets.
 *
 * <ul>
 *   <li>every notice published is in the union of the two stores; each store holds each id once;
 *   <li>the only notices in both stores are those the killed hub stored but had not committed: one
 *       batch at most ({@code batch_records});
 *   <li>the killed hub's SQLite file is whole (integrity check) and opens;
 *   <li>records delivered again (a sensor resending its spool) are counted once, as duplicates.
 * </ul>
 */
@Tag("kafka")
class HubKillTest {
  private static final String PREFIX = "city";
  private static final String GROUP = "vigie-hub";
  private static final int PARTITIONS = 4;
  private static final int BATCH = 50;
  private static final int SESSION_SECONDS = 6;
  private static final List<String> SITES = List.of("nice-est", "nice-ouest");
  private static final Pattern NOTICES_STORED =
      Pattern.compile("vigie_hub_records_stored_total\\{topic=\"notices\",?\\} ([0-9.E]+)");

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aHubKilledWhileConsumingIsReplacedAfterItsSessionAndNothingIsLost() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      try (Admin admin = Admin.create(adminProperties(broker.bootstrap()))) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : HubConsumer.topics(PREFIX)) {
          topics.add(new NewTopic(t, PARTITIONS, (short) 1));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);

        int metricsA = freePort();
        Path log = tmp.resolve("hub-a.log");
        Process a =
            new ProcessBuilder(
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.vigie.Main",
                        "hub",
                        "--config",
                        hubConfig("a", broker.bootstrap(), metricsA).toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Hub b = null;
        try (KafkaProducer<String, String> producer = producer(broker.bootstrap())) {
          waitFor(() -> logHas(log, "event=hub_started"), "hub A (a process) started", log);
          Path yamlB = hubConfig("b", broker.bootstrap(), freePort());
          b = new Hub(yamlB, YamlLoader.load(yamlB, HubConfig.class), Clock.systemUTC());
          b.start();
          waitFor(
              () -> {
                Map<String, Set<TopicPartition>> now = assignments(admin);
                return now.size() == 2
                    && allAssigned(now)
                    && now.values().stream().noneMatch(Set::isEmpty);
              },
              "both hubs sharing the " + PARTITIONS * 4 + " partitions",
              log);
          Set<String> published = new HashSet<>(publish(producer, "p1", 200));
          Hub hubB = b;
          waitFor(() -> storedAt(metricsA) > 0, "hub A storing notices", log);
          double before = storedAt(metricsA);

          // Kill A while it consumes: the sites publish, A's count is rising.
          Thread sites =
              new Thread(
                  () -> {
                    for (int i = 0; i < 40; i++) {
                      published.addAll(publish(producer, "p2-" + i, 50));
                    }
                  },
                  "test-sites");
          sites.start();
          waitFor(() -> storedAt(metricsA) > before, "hub A consuming the second wave", log);
          a.destroyForcibly(); // SIGKILL: no shutdown hook, no leave-group, no last commit
          assertTrue(a.waitFor(30, TimeUnit.SECONDS), "hub A died");
          assertEquals(137, a.exitValue(), "killed by SIGKILL (128 + 9)");
          long killedAt = System.nanoTime();
          sites.join();

          // The group still lists A until its session times out, then hands B every partition.
          waitFor(
              () -> assignments(admin).size() == 1 && allAssigned(assignments(admin)),
              "hub B alone holding every partition",
              log);
          long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
          assertTrue(
              tookOver >= (SESSION_SECONDS - 1) * 1000L,
              "A's partitions stayed with it until its session ran out: " + tookOver + " ms");

          // A's store, as the kill left it: whole, and each id once.
          Path storeA = tmp.resolve("hub-a.db");
          assertEquals("ok", integrity(storeA));
          Set<String> atA = idsIn(storeA);
          Set<String> expected = Set.copyOf(published);
          waitFor(
              () -> union(atA, ids(hubB)).equals(expected),
              "every notice published around the kill in one of the stores",
              log);
          Set<String> both = new HashSet<>(atA);
          both.retainAll(ids(hubB));
          assertTrue(
              both.size() <= BATCH,
              "only A's last batch, stored but not committed, is in both stores: " + both.size());

          // Delivered again (a sensor resending its spool): counted once, as duplicates.
          long dupesBefore = hubB.consumer().duplicates();
          List<String> again = new ArrayList<>(ids(hubB)).subList(0, 400);
          for (String siteId : again) {
            String[] parts = siteId.split("/", 2);
            producer.send(
                new ProducerRecord<>(PREFIX + ".notices", parts[1], notice(parts[0], parts[1])));
          }
          producer.flush();
          waitFor(
              () -> hubB.consumer().duplicates() >= dupesBefore + again.size(),
              "the resent notices ignored as duplicates",
              log);
          List<String> after = publish(producer, "p3", 100);
          waitFor(() -> ids(hubB).containsAll(after), "later notices at hub B", log);
          published.addAll(after);
          Set<String> atB = ids(hubB); // asserts each id once in B's store
          assertEquals(published, union(atA, atB));
          assertEquals(0, hubB.consumer().malformed());
        } finally {
          a.destroyForcibly();
          a.waitFor(30, TimeUnit.SECONDS);
          if (b != null) {
            b.close();
          }
        }
      }
    }
  }

  private double storedAt(int port) {
    try {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = NOTICES_STORED.matcher(text);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private static boolean logHas(Path log, String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "no answer";
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

  private static Map<String, Set<TopicPartition>> assignments(Admin admin) {
    return HubGroupKit.assignments(admin, GROUP, PREFIX);
  }

  private static boolean allAssigned(Map<String, Set<TopicPartition>> byMember) {
    return HubGroupKit.allAssigned(byMember, PARTITIONS);
  }

  private Path hubConfig(String name, String servers, int metricsPort) throws Exception {
    Path f = tmp.resolve("hub-" + name + ".yaml");
    Files.writeString(
        f,
        """
        hub: { name: hub-%s }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: %s
          group_id: %s
          batch_records: %d
          session_timeout_seconds: %d
        store: hub-%s.db
        state_dir: state-%s
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum: [ { role: town_hall } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: soc, roles: [reviewer], sha256: %s }
        """
            .formatted(
                name,
                servers,
                PREFIX,
                GROUP,
                BATCH,
                SESSION_SECONDS,
                name,
                name,
                metricsPort,
                "0".repeat(64)));
    return f;
  }

  private static void waitFor(BooleanSupplier done, String what, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String tail = Files.exists(log) ? Files.readString(log) : "";
        tail = tail.substring(Math.max(0, tail.length() - 4000));
        assertFalse(true, "waited 60 s for " + what + "; hub A's log ends:\n" + tail);
      }
      Thread.sleep(200);
    }
  }
}
