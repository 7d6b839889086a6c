package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped in the middle of a replay, for real: {@code vigie replay --json --config}
 * (with {@code outputs.kafka}, a process of its own) reads a named pipe that the test feeds with a
 * real capture of the shared corpus in two parts. The replay publishes what the first part gives
 * and waits in {@code read()} for more; the broker stops; the test writes the rest; the replay
 * finishes the capture with the broker down, says it waits for it, and exits 0 once it is back and
 * the spool is drained. A hub consumes the topics throughout: every notice the capture gives
 * ({@code replay --json} of the same file) is in its store exactly once, by id.
 *
 * <p>The capture is {@code dns-ndpi-fragmented.pcap} (DNS over three weeks, 21 sessions); the site
 * makes its servers the site's devices and every other address the vendor's, so that most sessions
 * are vendor accesses outside any window: notices. Sessions and their notices leave the flow table
 * when they time out in packet time, so the first part ends with the first packet after the
 * capture's longest pause: every flow before it has ended, its notices are published before the
 * broker stops; the notices of the flows after it are made while the broker is down.
 */
@Tag("kafka")
class KafkaReplayFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CAPTURE = "dns-ndpi-fragmented.pcap";
  private static final String SITE = "fifo";

  @TempDir Path tmp;

  private static final String SITE_YAML =
      """
      site: { name: fifo }
      networks:
        - { name: any-v4, cidr: 0.0.0.0/0 }
        - { name: any-v6, cidr: "::/0" }
      devices:
        - { name: dns-1, address: 193.24.227.238, role: camera }
        - { name: dns-2, address: "2001:470:765b::a25:53", role: camera }
        - { name: dns-3, address: "2001:470:1f0b:16b0::a26:53", role: camera }
        - { name: dns-4, address: "2606:4700:4700::1111", role: camera }
        - { name: dns-5, address: "2620:fe::fe", role: camera }
        - { name: dns-6, address: 194.247.5.14, role: camera }
      vendor:
        name: Acme
        cidrs: ["0.0.0.0/0", "::/0"]
      """;

  @Test
  void aBrokerStoppedMidReplayLosesNoNoticeAndTheHubHoldsEachOnce() throws Exception {
    Path capture = corpus(CAPTURE);
    Path fifo = tmp.resolve("capture.pcap.fifo");
    mkfifo(fifo);
    byte[] bytes = Files.readAllBytes(capture);
    int split = afterLongestPause(bytes);
    Path plain = tmp.resolve("plain.yaml");
    Files.writeString(plain, SITE_YAML);
    List<String> expected = noticeIds(plain, capture);
    assertTrue(expected.size() >= 4, "the capture gives notices: " + expected);

    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      Path site = tmp.resolve("site.yaml");
      Files.writeString(
          site,
          SITE_YAML
              + "outputs:\n  kafka:\n    bootstrap_servers: [\""
              + broker.bootstrap()
              + "\"]\n    topic_prefix: mid\n    spool_dir: spool\n"
              + "    drain_timeout_seconds: 150\n");
      try (HubUnderTest hub = HubUnderTest.start(tmp.resolve("hub"), broker.bootstrap(), "mid")) {
        Path out = tmp.resolve("replay.json");
        Path err = tmp.resolve("replay.err");
        Process replay =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.vigie.Main",
                    "replay",
                    "--json",
                    "--config",
                    site.toString(),
                    fifo.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        OutputStream pipe = null;
        try {
          pipe = openForWriting(fifo, replay, err);
          // 1. the first part: the replay reads it, publishes what it gives, waits for more
          pipe.write(bytes, 0, split);
          pipe.flush();
          await(
              "notices of the first part in the hub's store",
              () -> hub.storedNotices(SITE) >= 1,
              replay,
              err);
          assertTrue(replay.isAlive(), "the replay waits for the rest of the capture");

          // 2. the broker stops in the middle of the replay; the rest of the capture comes
          broker.stop();
          long atStop = hub.storedNotices(SITE);
          pipe.write(bytes, split, bytes.length - split);
          pipe.close();
          pipe = null;
          await(
              "the replay's progress line: waiting for the broker",
              () -> read(err).contains("kafka: waiting for " + broker.bootstrap()),
              replay,
              err);

          // 3. the broker is back: the replay drains its spool and exits 0
          broker.start();
          assertTrue(
              replay.waitFor(150, TimeUnit.SECONDS), "the replay did not end:\n" + read(err));
          assertEquals(0, replay.exitValue(), read(err));
          assertTrue(read(err).matches("(?s).*kafka: [1-9][0-9]* records published.*"), read(err));
          // The pipe lost nothing: the replay saw the notices a replay of the file gives.
          assertEquals(expected, jsonNoticeIds(read(out)), "replay --json of the pipe");

          Set<String> ids = new HashSet<>(expected);
          await(
              "every notice in the hub's store, its consumer caught up",
              () -> hub.storedNotices(SITE) >= ids.size() && hub.lag() == 0,
              null,
              err);
          Map<String, Integer> n = hub.notices(SITE);
          Set<String> missing = new HashSet<>(ids);
          missing.removeAll(n.keySet());
          assertEquals(Set.of(), missing, "notices missing at the hub");
          assertEquals(Map.of(), KafkaDaemonFaultTest.twice(n), "notices listed twice by the hub");
          assertEquals(ids, n.keySet(), "no other notice at the hub");
          assertTrue(
              atStop < ids.size(), "notices made while the broker was down: " + atStop + " before");
          System.out.printf(
              "replay fault: %d notices (%d distinct ids), %d at the hub before the broker stopped"
                  + " at byte %d of %d, the rest made while it was down; each once in the hub's"
                  + " store, %d records it already held were ignored (resent, or a notice raised again under"
                  + " its id)%n",
              expected.size(), ids.size(), atStop, split, bytes.length, hub.duplicates());
        } finally {
          if (pipe != null) {
            pipe.close();
          }
          replay.destroyForcibly();
          replay.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** A capture of the shared corpus; the test is skipped, saying so, without ../shared. */
  private static Path corpus(String name) {
    Path f = Path.of(System.getProperty("vigie.shared", "../shared"), "corpus", "pcap", name);
    assumeTrue(
        Files.isRegularFile(f), "shared corpus not found at " + f.toAbsolutePath() + "; skipping");
    return f;
  }

  private static void mkfifo(Path fifo) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo not available: " + e.getMessage());
      return;
    }
    assumeTrue(
        p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
        "mkfifo failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * Opens the pipe for writing, which blocks until the replay opens it for reading. If the replay
   * ends without opening it (a bad config: exit 2), the test opens the reading end itself so that
   * nothing stays blocked, and fails with the replay's error output.
   */
  private static OutputStream openForWriting(Path fifo, Process replay, Path err) throws Exception {
    CompletableFuture<FileOutputStream> open =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new FileOutputStream(fifo.toFile());
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        return open.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!replay.isAlive() || System.nanoTime() > deadline) {
          FileInputStream unblock = new FileInputStream(fifo.toFile());
          try {
            open.get(10, TimeUnit.SECONDS).close();
          } finally {
            unblock.close();
          }
          throw new AssertionError("the replay did not open the pipe:\n" + read(err));
        }
      }
    }
  }

  /**
   * The end of the first packet after the capture's longest pause (classic pcap): every flow before
   * the pause has timed out in packet time once that packet is read.
   */
  static int afterLongestPause(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap);
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
    }
    assertTrue(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d, "a classic pcap file");
    double unit = magic == 0xa1b23c4d ? 1e-9 : 1e-6;
    int pos = 24;
    double last = Double.NaN;
    double longest = -1;
    int split = -1;
    while (pos + 16 <= pcap.length) {
      double ts = (b.getInt(pos) & 0xffffffffL) + (b.getInt(pos + 4) & 0xffffffffL) * unit;
      int end = pos + 16 + b.getInt(pos + 8);
      if (!Double.isNaN(last) && ts - last > longest) {
        longest = ts - last;
        split = end;
      }
      last = ts;
      pos = end;
    }
    assertTrue(split > 0 && split < pcap.length, "a pause before the last packet");
    return split;
  }

  /** Notice ids of {@code replay --json} of the file, in order (the same id may come again). */
  private static List<String> noticeIds(Path config, Path capture) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream saved = System.out;
    int code;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      code =
          Main.run(
              new String[] {"replay", "--json", "--config", config.toString(), capture.toString()},
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, err.toString());
    return jsonNoticeIds(json.toString(StandardCharsets.UTF_8));
  }

  private static List<String> jsonNoticeIds(String jsonLines) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (line.contains("\"type\":\"notice\"")) {
        ids.add(JSON.readTree(line).path("id").asText());
      }
    }
    assertFalse(jsonLines.isBlank(), "replay --json printed nothing");
    return ids;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return "(" + f + ": " + e.getMessage() + ")";
    }
  }

  /** Polls {@code done} for 90 s at most; fails at once if {@code replay} ended meanwhile. */
  private static void await(String what, BooleanSupplier done, Process replay, Path err)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!done.getAsBoolean()) {
      if (replay != null && !replay.isAlive()) {
        throw new AssertionError(
            "the replay ended (exit "
                + replay.exitValue()
                + ") before "
                + what
                + ":\n"
                + read(err));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what + "\n" + read(err));
      }
      Thread.sleep(250);
    }
  }
}
