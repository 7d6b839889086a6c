package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.OutputsConfig;
import io.vigie.output.Exported;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a disk that fills up: a 1 MiB tmpfs the test mounts (root only), filled by a file of
 * the test's, Kafka unreachable (nothing listens on its port). vigie keeps running; sessions the
 * disk refuses are dropped and counted ({@code spool_unwritable}); notices wait in memory, counted,
 * and reach the spool once the disk has room, whole: no torn line in any segment.
 */
@Tag("system")
class SpoolDiskFullTest {
  @TempDir Path tmp;

  private static Exported rec(Exported.Stream s, int i) {
    String json = "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(900) + "\"}";
    return new Exported(s, s.wireName() + i, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFullDiskDropsCountedSessionsAndKeepsEveryNotice() throws Exception {
    assumeTrue(run("id", "-u").equals("0"), "needs root (mounts a tmpfs)");
    Path mnt = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
                .inheritIO()
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here");
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    OutputsConfig.KafkaOutput cfg =
        new OutputsConfig.KafkaOutput(
            List.of("127.0.0.1:" + deadPort), "full", null, null, null, 64L << 20, 5);
    Path spoolDir = mnt.resolve("spool");
    try {
      // Leave about 150 KiB free.
      Path filler = mnt.resolve("filler");
      try (OutputStream o = Files.newOutputStream(filler)) {
        o.write(new byte[1024 * 1024 - 150 * 1024]);
      }
      KafkaExport k =
          new KafkaExport(cfg, spoolDir, new KafkaClientPublisher(cfg, tmp, "disk-full-test"));
      List<String> notices = new ArrayList<>();
      try {
        for (int i = 0; i < 600; i++) {
          k.export(rec(Exported.Stream.SESSIONS, i));
          if (i % 20 == 0) {
            k.export(rec(Exported.Stream.NOTICES, i));
            notices.add("notices" + i);
          }
        }
        await(() -> k.stats().unspooled() == k.stats().heldInMemory());
        SpoolStats full = k.stats();
        assertTrue(full.spoolWriteFailures() > 0, "the disk refused writes: " + full);
        assertTrue(full.droppedUnwritable() > 0, "sessions dropped, counted: " + full);
        assertEquals(
            600 + notices.size(),
            full.spoolRecords() + full.heldInMemory() + full.droppedUnwritable(),
            "every record is spooled, held or counted as dropped: " + full);
        // The disk has room again: what was held goes to the spool.
        Files.delete(filler);
        k.export(rec(Exported.Stream.NOTICES, 9999));
        notices.add("notices9999");
        await(() -> k.stats().heldInMemory() == 0 && k.stats().unspooled() == 0);
      } finally {
        k.close();
      }
      // Reopened as at the next start: every notice is there, every line whole.
      Spool again = new Spool(spoolDir, 64L << 20);
      List<String> keys = new ArrayList<>();
      Spool.Batch b;
      while (!(b = again.peek(1000)).records().isEmpty()) {
        b.records().forEach(r -> keys.add(r.key()));
        again.commit(b);
      }
      again.close();
      assertTrue(
          keys.containsAll(notices), "every notice in the spool: " + notices + " in " + keys);
    } finally {
      new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
    }
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 30 s");
      Thread.sleep(50);
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    return out;
  }
}
