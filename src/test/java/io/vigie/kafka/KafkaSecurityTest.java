package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs.kafka} with {@code tls.ca_file} and {@code sasl} against a real broker's SASL_SSL
 * listener (Apache Kafka 4.4, SCRAM-SHA-512, a certificate made by keytool for this test). A wrong
 * password, then a certificate the configured CA did not sign: each replay exits 1 with its records
 * in the spool and one clear logged error naming the output, no stack trace, no password; the next
 * replay with the right settings sends what the refused ones left, each notice exactly once.
 */
@Tag("kafka")
class KafkaSecurityTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "nice-est";
  private static final String PASSWORD = "Right-pw-of-nice-est-4417";
  private static final String WRONG = "Wrong-pw-of-nice-est-9923";

  @TempDir Path tmp;

  private final List<LogRecord> logs = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logs) {
            logs.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    capture.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void releaseLogs() {
    Logger.getLogger("").removeHandler(capture);
  }

  record Run(int code, String err) {}

  private static Run replay(Path config, Path evidence, String capture) {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "replay",
              "--config",
              config.toString(),
              "--evidence",
              evidence.toString(),
              GOLDEN.resolve(capture).toString()
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    return new Run(code, err.toString());
  }

  private Path site(String name, String outputs) throws Exception {
    String base = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
    base = base.replace("site: { name: vigie-golden }", "site: { name: " + USER + " }");
    Path f = tmp.resolve(name);
    Files.writeString(f, base + (outputs == null ? "" : outputs));
    return f;
  }

  private String kafka(KafkaBroker broker, Path ca, String passwordFile, int drainSeconds) {
    return "outputs:\n  kafka:\n    bootstrap_servers: [\""
        + broker.secureBootstrap()
        + "\"]\n    topic_prefix: city\n    spool_dir: spool\n"
        + "    drain_timeout_seconds: "
        + drainSeconds
        + "\n    tls: { ca_file: "
        + ca
        + " }\n    sasl: { mechanism: SCRAM-SHA-512, username: "
        + USER
        + ", password_file: "
        + passwordFile
        + " }\n";
  }

  @Test
  void publishesThroughSaslSslAndKeepsRefusedRecordsInTheSpool() throws Exception {
    KafkaBroker broker = KafkaBroker.createSecure(tmp.resolve("broker"), USER, PASSWORD);
    try {
      broker.start(Duration.ofSeconds(240)); // a 2-core machine shared with other builds
      Files.writeString(tmp.resolve("right.pw"), PASSWORD + "\n");
      Files.writeString(tmp.resolve("wrong.pw"), WRONG + "\n");
      Path otherCa = tmp.resolve("other-ca.pem");
      KafkaBroker.selfSignedCertificate(tmp.resolve("other.p12"), otherCa, "not-the-broker-ca");
      Path plain = site("plain.yaml", null);
      List<String> captures =
          List.of("tls-openssl-sni.pcap", "ssh-openssh-exec.pcap", "http-curl-get.pcap");
      List<String> expected = new ArrayList<>();
      for (String c : captures) {
        expected.addAll(noticeIds(plain, c));
      }
      assertFalse(expected.isEmpty(), "the captures give notices, or this test proves nothing");

      // 1. The broker refuses the password: records stay in the spool; one clear error.
      Path wrongPw = site("wrong-pw.yaml", kafka(broker, broker.caFile(), "wrong.pw", 20));
      // Records logged before are the broker's start-up, waited for by this test's admin client.
      int firstReplay = logCount();
      int before = firstReplay;
      Run refused = replay(wrongPw, tmp.resolve("a.db"), captures.get(0));
      assertEquals(1, refused.code(), refused.err());
      assertTrue(
          refused.err().matches("(?s).*kafka: [1-9][0-9]* records left in the spool .*"),
          refused.err());
      String authError = vigieErrors(before);
      assertTrue(authError.contains("outputs.kafka"), authError);
      assertTrue(authError.contains(broker.secureBootstrap()), authError);
      assertTrue(authError.contains("invalid credentials"), authError);
      assertTrue(authError.contains("user=" + USER), authError);
      long spooled = spooled();
      assertTrue(spooled > 0, "the refused records are in the spool");

      // 2. The broker's certificate does not lead to the configured CA: the same, said so.
      Path untrusted = site("untrusted.yaml", kafka(broker, otherCa, "right.pw", 20));
      before = logCount();
      Run distrusted = replay(untrusted, tmp.resolve("b.db"), captures.get(1));
      assertEquals(1, distrusted.code(), distrusted.err());
      String tlsError = vigieErrors(before);
      assertTrue(tlsError.contains("outputs.kafka"), tlsError);
      assertTrue(tlsError.contains("certificate"), tlsError);
      assertTrue(spooled() > spooled, "the second run's records joined the spool");

      // Neither the log nor standard error shows a password or a stack trace.
      String everything = allLogs(firstReplay) + refused.err() + distrusted.err();
      assertFalse(everything.contains(PASSWORD), "the password is in the logs");
      assertFalse(everything.contains(WRONG), "the wrong password is in the logs");
      assertFalse(everything.contains("\tat "), "a stack trace in the logs:\n" + everything);
      synchronized (logs) {
        for (LogRecord r : logs.subList(firstReplay, logs.size())) {
          assertEquals(
              null,
              r.getThrown(),
              "a log record carries an exception (a stack trace): " + r.getMessage());
        }
      }
      assertTrue(
          everything.lines().filter(l -> l.contains("event=kafka_auth_failed")).count() <= 2,
          "one error per refused run, not one per retry:\n" + everything);

      // 3. The right settings: this run's records and those the refused runs left arrive once.
      Path right = site("right.yaml", kafka(broker, broker.caFile(), "right.pw", 120));
      Run sent = replay(right, tmp.resolve("c.db"), captures.get(2));
      assertEquals(0, sent.code(), sent.err());
      assertEquals(0, spooled(), "the spool is empty");
      assertFalse(
          (allLogs(firstReplay) + sent.err()).contains(PASSWORD), "the password is in the logs");

      List<String> notices = consumeNotices(broker.bootstrap(), expected.size());
      Map<String, Integer> byId = new HashMap<>();
      notices.forEach(id -> byId.merge(id, 1, Integer::sum));
      for (String id : expected) {
        assertEquals(1, byId.getOrDefault(id, 0), "notice " + id + " in " + byId);
      }
      assertEquals(expected.size(), notices.size(), "no other notice: " + byId);
    } finally {
      broker.close();
    }
  }

  private long spooled() throws Exception {
    Spool s = new Spool(tmp.resolve("spool"), 1L << 30);
    try {
      return s.records();
    } finally {
      s.close();
    }
  }

  private int logCount() {
    synchronized (logs) {
      return logs.size();
    }
  }

  /** vigie's own warnings and errors logged since record {@code from}, one a line. */
  private String vigieErrors(int from) {
    SimpleFormatter f = new SimpleFormatter();
    synchronized (logs) {
      return logs.subList(from, logs.size()).stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("io.vigie"))
          .map(f::formatMessage)
          .collect(Collectors.joining("\n"));
    }
  }

  /** Records captured from {@code from} on, as a handler writes them (with any stack trace). */
  private String allLogs(int from) {
    SimpleFormatter f = new SimpleFormatter();
    synchronized (logs) {
      return logs.subList(from, logs.size()).stream().map(f::format).collect(Collectors.joining());
    }
  }

  /** Notice ids a capture gives, from replay --json (deterministic: ids come from packet time). */
  private static List<String> noticeIds(Path config, String capture) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
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

  /** The ids on city.notices: read until the count expected, then 3 s more for duplicates. */
  private static List<String> consumeNotices(String bootstrap, int expected) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of("city.notices"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          ids.add(JSON.readTree(r.value()).path("id").asText());
        }
        if (ids.size() >= expected) {
          deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        }
      }
    }
    return ids;
  }
}
