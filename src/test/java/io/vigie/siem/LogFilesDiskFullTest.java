package io.vigie.siem;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.client.CollectorRegistry;
import io.vigie.config.OutputsConfig;
import io.vigie.metrics.VigieMetrics;
import io.vigie.output.Exported;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs.files} on a disk that fills up: a 1 MiB tmpfs the test mounts (root only), nearly
 * filled by a file of the test's. The capture thread never gets an exception; a record the disk
 * refuses is counted ({@code failed()}, {@code vigie_log_file_write_failures_total}) and logged at
 * most once a minute per file; no file holds a torn or glued line, rotation included; once the disk
 * has room, whole lines follow.
 */
@Tag("system")
class LogFilesDiskFullTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Exported.Stream> STREAMS =
      List.of(
          Exported.Stream.SESSIONS,
          Exported.Stream.NOTICES,
          Exported.Stream.WINDOWS,
          Exported.Stream.CAMERAS);

  @TempDir Path tmp;

  /** Lines of uneven length, so that the disk fills in the middle of one. */
  private static Exported rec(int i) {
    Exported.Stream s = STREAMS.get(i % STREAMS.size());
    String json = "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(700 + i % 131) + "\"}";
    return new Exported(s, s.wireName() + i, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFullDiskCostsCountedRecordsNeverATornLine() throws Exception {
    Path mnt = mount("size=1m");
    Instant[] now = {Instant.parse("2026-12-02T00:00:00Z")};
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = capture(logged);
    try {
      Path filler = mnt.resolve("filler");
      fill(filler, 1024 * 1024 - 200 * 1024); // about 200 KiB left
      Path dir = mnt.resolve("logs");
      LogFiles files =
          new LogFiles(dir, new OutputsConfig.FilesOutput("logs", 32L << 10, 60, 10), clock(now));
      CollectorRegistry registry = new CollectorRegistry();
      new VigieMetrics(registry, "test", clock(now)).watchLogFiles(files::failed);
      int n = 0;
      try {
        // About 550 KiB of records: rotated by size on the way, then refused.
        for (; n < 600; n++) {
          Exported r = rec(n);
          assertDoesNotThrow(() -> files.export(r), "record " + n);
        }
        long refused = files.failed();
        assertTrue(refused > 100, "the disk refused records: " + refused);
        assertWhole(dir, n, files.failed());

        // Rotation by age while the disk is full: every file is renamed, nothing is lost or torn.
        Map<String, Integer> before = lineCounts(dir);
        now[0] = now[0].plusSeconds(61);
        for (; n < 800; n++) {
          Exported r = rec(n);
          assertDoesNotThrow(() -> files.export(r), "record " + n);
        }
        assertTrue(files.failed() > refused, "still full: " + files.failed());
        for (Exported.Stream s : STREAMS) {
          String name = s.wireName() + ".json";
          assertTrue(
              Files.exists(dir.resolve(name + ".1")), name + " rotated by age: " + list(dir));
          assertEquals(
              before.get(name),
              lineCounts(dir).get(name + ".1"),
              name + " went whole to .1 on rotation");
        }
        assertWhole(dir, n, files.failed());
        assertEquals(
            (double) files.failed(),
            registry.getSampleValue("vigie_log_file_write_failures_total"),
            "the metric is the count");
        long warnings = count(logged, "event=log_file_write_failed");
        assertTrue(
            warnings >= 1 && warnings <= 2 * STREAMS.size(),
            "at most one warning a minute per file, not one per record: "
                + warnings
                + " for "
                + files.failed());

        // Room again: every record is written, whole, after the last refused one.
        Files.delete(filler);
        long failed = files.failed();
        int resumedAt = n;
        for (; n < 900; n++) {
          files.export(rec(n));
        }
        assertEquals(failed, files.failed(), "nothing refused once the disk has room");
        assertWhole(dir, n, files.failed());
        for (int i = resumedAt; i < n; i++) {
          assertTrue(lines(dir).containsKey(i), "record " + i + " written");
        }
        assertTrue(
            count(logged, "event=log_file_write_resumed") >= 1, "resumption logged: " + logged);
      } finally {
        files.close();
      }
    } finally {
      Logger.getLogger("io.vigie.siem").removeHandler(capture);
      umount(mnt);
    }
  }

  /**
   * A disk out of inodes: rotation renames the full file to {@code .1} but cannot create the new
   * one. Nothing is lost, each refused record is counted, and writing resumes once it can ({@code
   * keep: 1}, so that each later rotation frees the inode it needs).
   */
  @Test
  void aRotationThatCannotCreateTheNewFileKeepsTheOldOneWhole() throws Exception {
    // The root, the directory, notices.json and one more: the fourth inode is taken below.
    Path mnt = mount("size=1m,nr_inodes=4");
    try {
      Path dir = mnt.resolve("logs");
      LogFiles files =
          new LogFiles(
              dir, new OutputsConfig.FilesOutput("logs", 8L << 10, 3600, 1), Clock.systemUTC());
      try {
        int n = 0;
        for (; n < 5; n++) {
          files.export(notice(n));
        }
        // The last inode: a file of the test's (whoever created it, the rotation has none left).
        Path other = mnt.resolve("other");
        boolean made = true;
        try {
          Files.createFile(other);
        } catch (IOException e) {
          made = false;
        }
        assumeTrue(made, "this tmpfs counts inodes differently: " + list(mnt));
        for (; n < 20; n++) {
          Exported r = notice(n);
          assertDoesNotThrow(() -> files.export(r), "record " + n);
        }
        assertTrue(files.failed() > 0, "the new file could not be created");
        assertTrue(Files.exists(dir.resolve("notices.json.1")), "rotated: " + list(dir));
        assertWhole(dir, n, files.failed());
        Files.delete(other);
        long failed = files.failed();
        for (; n < 27; n++) { // under max_bytes: the next rotation is not part of this test
          files.export(notice(n));
        }
        assertEquals(failed, files.failed(), "writes resume once an inode is free");
        assertWhole(dir, n, files.failed());
        assertTrue(lines(dir).containsKey(n - 1), "the last record is written");
      } finally {
        files.close();
      }
    } finally {
      umount(mnt);
    }
  }

  private static Exported notice(int i) {
    String json = "{\"i\":" + i + ",\"pad\":\"" + "n".repeat(1000) + "\"}";
    return new Exported(Exported.Stream.NOTICES, "n" + i, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Every file in dir ends with a newline and each of its lines is one JSON object of a record
   * exported, none twice; written plus refused is what was exported.
   */
  private static void assertWhole(Path dir, int exported, long failed) throws IOException {
    Map<Integer, String> seen = lines(dir);
    assertEquals(
        exported - failed,
        seen.size(),
        "each record written whole or counted as refused: " + list(dir));
  }

  private static Map<Integer, String> lines(Path dir) throws IOException {
    Map<Integer, String> seen = new HashMap<>();
    for (Path f : files(dir)) {
      byte[] all = Files.readAllBytes(f);
      if (all.length == 0) {
        continue;
      }
      assertEquals('\n', all[all.length - 1], f + " ends with a whole line");
      for (String line : new String(all, StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.isEmpty()) {
          continue;
        }
        JsonNode o;
        try {
          o = JSON.readTree(line);
        } catch (IOException e) {
          throw new AssertionError(f + ": not one JSON object: " + abbreviate(line), e);
        }
        assertTrue(o != null && o.isObject() && o.has("i"), f + ": " + abbreviate(line));
        int i = o.get("i").asInt();
        String name = f.getFileName().toString();
        String type = o.has("pad") && o.get("pad").asText().startsWith("n") ? "notices" : null;
        type = type != null ? type : rec(i).stream().wireName();
        assertTrue(
            name.startsWith(type + ".json"), "record " + i + " in " + type + ", not " + name);
        assertEquals(null, seen.put(i, name), "record " + i + " written once");
      }
    }
    return seen;
  }

  private static Map<String, Integer> lineCounts(Path dir) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (Path f : files(dir)) {
      counts.put(f.getFileName().toString(), Files.readAllLines(f).size());
    }
    return counts;
  }

  private static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private static String list(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path f : files(dir)) {
      b.append(f.getFileName()).append('=').append(Files.size(f)).append(' ');
    }
    return b.toString().trim();
  }

  private static String abbreviate(String line) {
    return line.length() <= 80
        ? line
        : line.substring(0, 40) + "..." + line.substring(line.length() - 40);
  }

  private static long count(List<LogRecord> logged, String event) {
    synchronized (logged) {
      return logged.stream().filter(r -> r.getMessage().contains(event)).count();
    }
  }

  private static Handler capture(List<LogRecord> into) {
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (into) {
              into.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger("io.vigie.siem").addHandler(h);
    return h;
  }

  private static Clock clock(Instant[] now) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
  }

  private static void fill(Path file, int bytes) throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(new byte[bytes]);
    }
  }

  private Path mount(String options) throws IOException, InterruptedException {
    assumeTrue(run("id", "-u").equals("0"), "needs root (mounts a tmpfs)");
    Path mnt = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", mnt.toString())
                .inheritIO()
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here");
    return mnt;
  }

  private static void umount(Path mnt) throws IOException, InterruptedException {
    new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    return out;
  }
}
