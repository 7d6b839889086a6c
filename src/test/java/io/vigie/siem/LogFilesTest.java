package io.vigie.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.OutputsConfig;
import io.vigie.output.Exported;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outputs.files}: one file per type, whole lines only, rotation by size and by age; a failed
 * rotation or a torn tail costs no line. The full disk is in {@link LogFilesDiskFullTest}.
 */
class LogFilesTest {
  @TempDir Path dir;

  private static Exported record(Exported.Stream s, int i) {
    String json = "{\"type\":\"x\",\"i\":" + i + ",\"pad\":\"" + "p".repeat(200) + "\"}";
    return new Exported(s, "k" + i, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rotatesBySizeKeepingWholeLinesAndTheNewestFiles() throws Exception {
    LogFiles files =
        new LogFiles(dir, new OutputsConfig.FilesOutput("x", 4096L, 3600, 2), Clock.systemUTC());
    for (int i = 0; i < 100; i++) {
      files.export(record(Exported.Stream.NOTICES, i));
    }
    files.export(record(Exported.Stream.SESSIONS, 1000));
    files.export(record(Exported.Stream.CHECKPOINTS, 2000));
    files.close();
    List<String> all = new ArrayList<>();
    for (String name : List.of("notices.json.2", "notices.json.1", "notices.json")) {
      Path f = dir.resolve(name);
      assertTrue(Files.exists(f), name);
      assertTrue(Files.size(f) <= 4096, name + " stays under max_bytes");
      String text = Files.readString(f);
      assertTrue(text.endsWith("\n"), name + " ends with a whole line");
      all.addAll(List.of(text.split("\n")));
    }
    assertFalse(Files.exists(dir.resolve("notices.json.3")), "keep: 2 rotated files");
    // The kept lines are the newest, in order, each whole.
    int last = 99;
    for (int i = all.size() - 1; i >= 0; i--) {
      assertTrue(all.get(i).startsWith("{\"type\":\"x\",\"i\":" + last + ","), all.get(i));
      assertTrue(all.get(i).endsWith("\"}"), all.get(i));
      last--;
    }
    assertEquals(1, Files.readAllLines(dir.resolve("sessions.json")).size());
    assertFalse(Files.exists(dir.resolve("checkpoints.json")), "checkpoints go to Kafka only");
  }

  @Test
  void rotatesByAge() throws Exception {
    Instant[] now = {Instant.parse("2026-12-02T00:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    LogFiles files = new LogFiles(dir, new OutputsConfig.FilesOutput("x", 1L << 20, 60, 5), clock);
    files.export(record(Exported.Stream.WINDOWS, 1));
    now[0] = now[0].plusSeconds(61);
    files.export(record(Exported.Stream.WINDOWS, 2));
    files.close();
    assertTrue(Files.readString(dir.resolve("windows.json.1")).contains("\"i\":1,"));
    assertTrue(Files.readString(dir.resolve("windows.json")).contains("\"i\":2,"));
  }

  @Test
  void aRotationThatFailsKeepsWritingTheCurrentFileWhole() throws Exception {
    // A non-empty directory where the oldest rotated file goes: it cannot be deleted.
    Files.createDirectories(dir.resolve("notices.json.2")).resolve("x").toFile().createNewFile();
    LogFiles files =
        new LogFiles(dir, new OutputsConfig.FilesOutput("x", 4096L, 3600, 2), Clock.systemUTC());
    for (int i = 0; i < 40; i++) {
      files.export(record(Exported.Stream.NOTICES, i));
    }
    files.close();
    assertEquals(0, files.failed(), "no record lost to a rotation that failed");
    List<String> lines = Files.readAllLines(dir.resolve("notices.json"));
    assertEquals(40, lines.size(), "all in the current file, past max_bytes");
    for (int i = 0; i < 40; i++) {
      assertTrue(lines.get(i).startsWith("{\"type\":\"x\",\"i\":" + i + ","), lines.get(i));
    }
    assertFalse(Files.exists(dir.resolve("notices.json.1")));
  }

  @Test
  void aTornLastLineIsCutBeforeTheNextIsAppended() throws Exception {
    // As a crash (or a write cut short that could not be cut back) leaves it.
    Files.writeString(dir.resolve("windows.json"), "{\"i\":1}\n{\"i\":2,\"pa");
    LogFiles files =
        new LogFiles(dir, new OutputsConfig.FilesOutput("x", 1L << 20, 3600, 2), Clock.systemUTC());
    files.export(record(Exported.Stream.WINDOWS, 3));
    files.close();
    List<String> lines = Files.readAllLines(dir.resolve("windows.json"));
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("{\"i\":1}", lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"type\":\"x\",\"i\":3,"), lines.get(1));
  }
}
