package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.config.OutputsConfig;
import io.vigie.output.Exported;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KafkaExport}'s two paths against a real broker: while the cluster answers, sessions go to
 * the producer from memory and never touch the disk, notices go through the spool; while it is
 * away, sessions are spooled too, and everything arrives once it is back.
 */
@Tag("kafka")
class KafkaExportTest {
  @TempDir Path tmp;

  @Test
  void sessionsSkipTheDiskWhileTheClusterAnswersAndWaitInTheSpoolWhileItIsAway() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      OutputsConfig.KafkaOutput cfg =
          new OutputsConfig.KafkaOutput(
              List.of(broker.bootstrap()), "mem", null, null, null, 64L << 20, 60);
      Path spool = tmp.resolve("spool");
      KafkaExport k =
          new KafkaExport(cfg, spool, new KafkaClientPublisher(cfg, tmp, "export-test"));
      try {
        // 1. The cluster answers.
        exportRange(k, 0, 2_000);
        assertEquals(0, k.drain(Duration.ofSeconds(90), n -> {}), "all acknowledged");
        SpoolStats up = k.stats();
        assertEquals(2_000L, up.sentByTopic().get("mem.sessions"), up.toString());
        assertEquals(20L, up.sentByTopic().get("mem.notices"), up.toString());
        assertEquals(0, segmentBytes(spool.resolve("sessions")), "no session on disk");
        assertTrue(segmentBytes(spool.resolve("priority")) > 0, "notices went through the disk");
        assertTrue(up.connected());

        // 2. The broker stops: what is exported meanwhile waits in the spool, sessions too.
        broker.stop();
        exportRange(k, 2_000, 2_600);
        await(
            () -> k.stats().spoolRecords() == 606 && k.stats().unspooled() == 0,
            () -> "everything spooled: " + k.stats());
        assertFalse(k.stats().connected());
        assertTrue(segmentBytes(spool.resolve("sessions")) > 0, "sessions on disk meanwhile");
        assertTrue(k.stats().sendFailures() > 0, k.stats().toString());

        // 3. It is back: the spool drains.
        broker.start();
        assertEquals(0, k.drain(Duration.ofSeconds(120), n -> {}), "the spool drained");
        assertTrue(k.stats().connected());
      } finally {
        k.close();
      }
      Map<String, List<JsonNode>> topics =
          Topics.read(
              broker.bootstrap(),
              List.of("mem.sessions", "mem.notices"),
              t -> t.get("mem.sessions").size() >= 2_600 && t.get("mem.notices").size() >= 26,
              Duration.ofSeconds(60),
              Duration.ofSeconds(2));
      Map<String, Integer> sessions = Topics.countBy(topics.get("mem.sessions"), "community_id");
      Map<String, Integer> notices = Topics.countBy(topics.get("mem.notices"), "id");
      assertEquals(2_600, sessions.size(), "every session arrived (at least once)");
      assertEquals(26, notices.size(), "every notice arrived");
      assertEquals(0, Topics.duplicates(notices), "no notice twice: " + notices);
    }
  }

  /** Sessions {@code from..to}, and a notice every 100th. */
  private static void exportRange(KafkaExport k, int from, int to) {
    for (int i = from; i < to; i++) {
      String cid = "1:session" + i;
      k.export(
          new Exported(
              Exported.Stream.SESSIONS,
              cid,
              ("{\"type\":\"session\",\"community_id\":\"" + cid + "\"}")
                  .getBytes(StandardCharsets.UTF_8)));
      if (i % 100 == 0) {
        String id = "notice" + i;
        k.export(
            new Exported(
                Exported.Stream.NOTICES,
                id,
                ("{\"type\":\"notice\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private static long segmentBytes(Path lane) throws IOException {
    if (!Files.isDirectory(lane)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> s = Files.list(lane)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".seg")).toList()) {
        n += Files.size(p);
      }
    }
    return n;
  }

  private static void await(BooleanSupplier done, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, () -> "not within 90 s: " + what.get());
      Thread.sleep(100);
    }
  }
}
