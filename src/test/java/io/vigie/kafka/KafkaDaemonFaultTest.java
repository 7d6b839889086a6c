package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.abuse.DaemonUnderTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie run} (a real process capturing on {@code lo}) against a real broker that stops and
 * comes back. The daemon is made to raise notices the cheapest real way: the vendor's address
 * (127.0.0.2) opens an SSH exchange to a camera of the site (127.0.1.N, a loopback server sending
 * an OpenSSH banner), one camera per notice so that suppression keeps none back; many short UDP
 * flows from another address make sessions; {@code evidence.checkpoint_records: 3} makes
 * checkpoints. What should arrive is what the daemon itself wrote: {@code outputs.files}'
 * notices.json and sessions.json, and the evidence store's anchor file (every checkpoint). Where it
 * should arrive: the first test counts it in a hub's store ({@link HubUnderTest}, consuming the
 * topics through the outage), the second on the topics themselves (the sessions dropped from a full
 * spool are counted there, and no hub is needed for that).
 */
@Tag("kafka")
class KafkaDaemonFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAMERAS = 20;
  private static final int SSH_PORT = 2222;
  private static final int UDP_BASE = 41_000;

  @TempDir Path tmp;
  private final List<ServerSocket> cameras = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void camerasAnswerSsh() throws IOException {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    for (int i = 1; i <= CAMERAS; i++) {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("127.0.1." + i, SSH_PORT));
      cameras.add(s);
      Thread t = new Thread(() -> serve(s), "fault-camera-" + i);
      t.setDaemon(true);
      t.start();
    }
  }

  @AfterEach
  void closeCameras() throws IOException {
    for (ServerSocket s : cameras) {
      s.close();
    }
  }

  private static void serve(ServerSocket s) {
    while (!s.isClosed()) {
      try (Socket c = s.accept()) {
        c.setSoTimeout(5_000);
        c.getOutputStream()
            .write("SSH-2.0-OpenSSH_9.2 cam\r\n".getBytes(StandardCharsets.US_ASCII));
        readLine(c.getInputStream());
      } catch (IOException e) {
        // closed by the test, or the vendor went away
      }
    }
  }

  private static void readLine(InputStream in) throws IOException {
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      // the peer's banner
    }
  }

  /** The vendor opens an SSH exchange to camera {@code n} outside any window: one notice. */
  private static void vendorVisits(int n) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress("127.0.0.2", 0));
      s.connect(new InetSocketAddress("127.0.1." + n, SSH_PORT), 5_000);
      s.setSoTimeout(5_000);
      readLine(s.getInputStream());
      s.getOutputStream()
          .write("SSH-2.0-OpenSSH_9.6 vendor\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.shutdownOutput();
      while (s.getInputStream().read() >= 0) {
        // until the camera closes
      }
    }
  }

  /** {@code count} one-datagram UDP flows from 127.0.0.3: sessions, no notice. */
  private static void udpSessions(int from, int count) throws IOException {
    try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
      byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
      for (int i = from; i < from + count; i++) {
        d.send(
            new DatagramPacket(
                b, b.length, InetAddress.getByName("127.0.1.200"), UDP_BASE + (i % 1000)));
      }
    }
  }

  private String site(int metricsPort, String bootstrap, String prefix, long spoolMax) {
    StringBuilder devices = new StringBuilder();
    for (int i = 1; i <= CAMERAS; i++) {
      devices.append("  - { name: cam-%d, address: 127.0.1.%d, role: camera }\n".formatted(i, i));
    }
    return """
        site: { name: fault }
        networks:
          - { name: cameras, cidr: 127.0.1.0/24 }
        devices:
        %svendor:
          name: Acme
          cidrs: [127.0.0.2/32]
        capture:
          interfaces: [lo]
          filter: "tcp port %d or udp portrange %d-%d"
          buffer_bytes: 4194304
        flows: { tcp_idle_seconds: 1, udp_idle_seconds: 1 }
        state_dir: state
        evidence: { checkpoint_records: 3 }
        metrics: { listen: "127.0.0.1:%d" }
        outputs:
          files: { dir: logs }
          kafka: { bootstrap_servers: ["%s"], topic_prefix: %s, spool_dir: spool, spool_max_bytes: %d }
        """
        .formatted(
            devices, SSH_PORT, UDP_BASE, UDP_BASE + 999, metricsPort, bootstrap, prefix, spoolMax);
  }

  @Test
  void noticesAndCheckpointsMadeWhileTheBrokerIsDownArriveOnceInTheHubsStore() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      // The hub consumes run.* through the whole outage, as a city's hub would.
      try (HubUnderTest hub = HubUnderTest.start(tmp.resolve("hub"), broker.bootstrap(), "run")) {
        Path dir = tmp.resolve("sensor");
        Sensor sensor = Sensor.start(dir, port -> site(port, broker.bootstrap(), "run", 1L << 30));
        try {
          for (int i = 1; i <= 4; i++) {
            vendorVisits(i);
          }
          await(
              "the first notices published and in the hub's store",
              () ->
                  metric(sensor, "vigie_kafka_records_sent_total\\{topic=\"run.notices\",?\\}") >= 4
                      && hub.storedNotices("fault") >= 4);
          assertEquals(1.0, metric(sensor, "vigie_kafka_connected"));

          broker.stop();
          long noticesBefore = hub.storedNotices("fault");
          long checkpointsBefore = checkpointIds(dir).size();
          for (int i = 5; i <= CAMERAS; i++) {
            vendorVisits(i);
            udpSessions(i * 10, 10);
          }
          await(
              "every notice raised and the broker seen down",
              () ->
                  metric(sensor, "vigie_notices_total\\{[^}]*\\}") >= CAMERAS
                      && metric(sensor, "vigie_kafka_connected") == 0
                      && metric(sensor, "vigie_kafka_spool_records") > 0);
          long madeWhileDown = checkpointIds(dir).size() - checkpointsBefore;
          assertTrue(madeWhileDown >= 1, "checkpoints signed while the broker was down");
          double spooled = metric(sensor, "vigie_kafka_spool_records");
          assertEquals(noticesBefore, hub.storedNotices("fault"), "nothing reached the hub");

          broker.start();
          await(
              "the spool emptied",
              () ->
                  metric(sensor, "vigie_kafka_spool_records") == 0
                      && metric(sensor, "vigie_kafka_queued_records") == 0
                      && metric(sensor, "vigie_kafka_connected") == 1);
          assertTrue(
              metric(sensor, "vigie_kafka_send_failures_total") > 0, "sends failed meanwhile");

          // What should arrive is what the daemon wrote itself: its notices.json and anchors.
          Set<String> notices = ids(dir.resolve("logs/notices.json"), "id");
          Set<String> checkpoints = checkpointIds(dir);
          assertTrue(notices.size() >= CAMERAS, "one notice per camera: " + notices);
          await(
              "every notice and checkpoint in the hub's store, its consumer caught up",
              () ->
                  hub.storedNotices("fault") >= notices.size()
                      && hub.storedCheckpoints("fault") >= checkpoints.size()
                      && hub.lag() == 0);
          Map<String, Integer> n = hub.notices("fault");
          Map<String, Integer> c = hub.checkpoints("fault");
          assertEquals(Set.of(), missing(notices, n.keySet()), "notices missing at the hub");
          assertEquals(
              Set.of(), missing(checkpoints, c.keySet()), "checkpoints missing at the hub");
          assertEquals(Map.of(), twice(n), "notices listed more than once by the hub");
          assertEquals(Map.of(), twice(c), "checkpoints listed more than once by the hub");
          assertEquals(Set.of(), missing(n.keySet(), notices), "notices the daemon never wrote");
          System.out.printf(
              "daemon fault: %d notices (%d at the hub before the stop), %d checkpoints (%d signed"
                  + " while the broker was down), %.0f records spooled; each once in the hub's"
                  + " store, %d records delivered again and ignored by it%n",
              notices.size(),
              noticesBefore,
              checkpoints.size(),
              madeWhileDown,
              spooled,
              hub.duplicates());
          sensor.assertStopsCleanly();
        } finally {
          sensor.close();
        }
      }
    }
  }

  /** The ids listed more than once, with their counts. */
  static Map<String, Integer> twice(Map<String, Integer> byId) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    byId.forEach(
        (id, k) -> {
          if (k != 1) {
            out.put(id, k);
          }
        });
    return out;
  }

  @Test
  void aSensorRestartedWithAFullSpoolLosesNoNoticeOrCheckpointOnlyTheOldestSessions()
      throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      Path dir = tmp.resolve("sensor");
      // The broker is not running: everything waits in a spool of 64 KiB.
      Sensor first = Sensor.start(dir, port -> site(port, broker.bootstrap(), "full", 65_536));
      double dropped;
      try {
        for (int i = 1; i <= CAMERAS; i++) {
          udpSessions(i * 40, 40);
          vendorVisits(i);
        }
        await(
            "every notice and session through, the spool over its budget",
            () ->
                metric(first, "vigie_notices_total\\{[^}]*\\}") >= CAMERAS
                    && metric(first, "vigie_sessions_total\\{[^}]*\\}") >= CAMERAS * 41
                    && metric(
                            first, "vigie_kafka_records_dropped_total\\{reason=\"spool_full\",?\\}")
                        > 0
                    && metric(first, "vigie_kafka_queued_records") == 0);
        dropped = metric(first, "vigie_kafka_records_dropped_total\\{reason=\"spool_full\",?\\}");
        assertEquals(
            0.0, metric(first, "vigie_kafka_records_dropped_total\\{reason=\"queue_full\",?\\}"));
        first.assertStopsCleanly();
      } finally {
        first.close();
      }

      broker.start();
      Sensor second = Sensor.start(dir, port -> site(port, broker.bootstrap(), "full", 65_536));
      try {
        await(
            "the restarted sensor emptied its spool",
            () ->
                metric(second, "vigie_kafka_spool_records") == 0
                    && metric(second, "vigie_kafka_queued_records") == 0
                    && metric(
                            second, "vigie_kafka_records_sent_total\\{topic=\"full.notices\",?\\}")
                        >= CAMERAS);
        Set<String> notices = ids(dir.resolve("logs/notices.json"), "id");
        Set<String> checkpoints = checkpointIds(dir);
        List<String> sessions = lines(dir.resolve("logs/sessions.json"), "community_id");
        Map<String, List<JsonNode>> got =
            Topics.read(
                broker.bootstrap(),
                List.of("full.notices", "full.checkpoints", "full.sessions"),
                t ->
                    Topics.countBy(t.get("full.notices"), "id").keySet().containsAll(notices)
                        && Topics.countBy(t.get("full.checkpoints"), "checkpoint_id")
                            .keySet()
                            .containsAll(checkpoints),
                Duration.ofSeconds(60),
                Duration.ofSeconds(3));
        Map<String, Integer> n = Topics.countBy(got.get("full.notices"), "id");
        Map<String, Integer> c = Topics.countBy(got.get("full.checkpoints"), "checkpoint_id");
        Map<String, Integer> s = Topics.countBy(got.get("full.sessions"), "community_id");
        assertEquals(Set.of(), missing(notices, n.keySet()), "notices missing from full.notices");
        assertEquals(
            Set.of(),
            missing(checkpoints, c.keySet()),
            "checkpoints missing from full.checkpoints");
        // The sessions that did not arrive are exactly those counted, and the oldest.
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
          if (!s.containsKey(sessions.get(i))) {
            lost.add(i);
          }
        }
        assertEquals((long) dropped, lost.size(), "sessions lost = sessions counted as dropped");
        for (int i = 0; i < lost.size(); i++) {
          assertEquals(i, lost.get(i), "the lost sessions are the oldest: " + lost);
        }
        System.out.printf(
            "full spool: %d sessions written, %d dropped (oldest, counted), %d notices and %d"
                + " checkpoints all arrived; duplicates: %d notices, %d checkpoints, %d sessions%n",
            sessions.size(),
            lost.size(),
            notices.size(),
            checkpoints.size(),
            Topics.duplicates(n),
            Topics.duplicates(c),
            Topics.duplicates(s));
        second.assertStopsCleanly();
      } finally {
        second.close();
      }
    }
  }

  private static Set<String> missing(Set<String> expected, Set<String> got) {
    Set<String> m = new HashSet<>(expected);
    m.removeAll(got);
    return m;
  }

  private static Set<String> ids(Path jsonl, String field) throws IOException {
    return new HashSet<>(lines(jsonl, field));
  }

  private static List<String> lines(Path jsonl, String field) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line).path(field).asText());
      }
    }
    return out;
  }

  /** Every checkpoint the store signed, from its anchor file(s). */
  private static Set<String> checkpointIds(Path dir) throws IOException {
    Set<String> out = new HashSet<>();
    Pattern id = Pattern.compile("checkpoint_id=([0-9]+)");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".anchors")).toList()) {
        if (Files.isRegularFile(f)) {
          Matcher m = id.matcher(Files.readString(f));
          while (m.find()) {
            out.add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  private double metric(Sensor s, String regex) {
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + s.metricsPort + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = Pattern.compile("(?m)^" + regex + " ([0-9.eE+-]+)$").matcher(body);
      double sum = 0;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what);
      }
      Thread.sleep(250); // polling the daemon's metrics: it offers no other signal
    }
  }

  /** {@code vigie run} in a process of its own, as the unit file runs it. */
  private static final class Sensor implements AutoCloseable {
    final Process process;
    final int metricsPort;
    final Path log;

    private Sensor(Process process, int metricsPort, Path log) {
      this.process = process;
      this.metricsPort = metricsPort;
      this.log = log;
    }

    interface SiteText {
      String forMetricsPort(int port);
    }

    static Sensor start(Path dir, SiteText site) throws Exception {
      Files.createDirectories(dir);
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path yaml = dir.resolve("site.yaml");
      Files.writeString(yaml, site.forMetricsPort(port));
      Path log = dir.resolve("daemon-" + System.nanoTime() + ".log");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.vigie.Main",
                  "run",
                  "--config",
                  yaml.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Sensor s = new Sensor(p, port, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(log).contains("event=ready")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          s.close();
          throw new AssertionError("vigie run not ready:\n" + Files.readString(log));
        }
        Thread.sleep(200);
      }
      return s;
    }

    void assertStopsCleanly() throws Exception {
      process.destroy();
      assertTrue(
          process.waitFor(DaemonUnderTest.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          "SIGTERM did not stop vigie within the unit's stop timeout");
      assertEquals(0, process.exitValue(), Files.readString(log));
    }

    @Override
    public void close() throws IOException {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
