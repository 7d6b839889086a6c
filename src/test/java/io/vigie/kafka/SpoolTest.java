package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.output.Exported;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk spool: over budget only sessions go, oldest first; a reopened spool resumes. */
class SpoolTest {
  @TempDir Path dir;

  private static Exported rec(Exported.Stream s, int i) {
    String json = "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(500) + "\"}";
    return new Exported(s, s.wireName() + i, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void overBudgetTheOldestSessionsGoNeverANoticeOrACheckpoint() throws Exception {
    Spool spool = new Spool(dir, 65_536);
    List<Exported> batch = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      batch.add(rec(Exported.Stream.SESSIONS, i));
      if (i % 8 == 0) {
        batch.add(rec(i % 16 == 0 ? Exported.Stream.NOTICES : Exported.Stream.CHECKPOINTS, i));
      }
      if (batch.size() >= 10) {
        spool.append(batch);
        batch.clear();
      }
    }
    spool.append(batch);
    assertTrue(spool.dropped() > 0, "the budget was exceeded, sessions were dropped");
    List<Exported> all = new ArrayList<>();
    Spool.Batch b;
    while (!(b = spool.peek(1000)).records().isEmpty()) {
      all.addAll(b.records());
      spool.commit(b);
    }
    long notices = all.stream().filter(r -> r.stream() == Exported.Stream.NOTICES).count();
    long checkpoints = all.stream().filter(r -> r.stream() == Exported.Stream.CHECKPOINTS).count();
    List<Exported> sessions =
        all.stream().filter(r -> r.stream() == Exported.Stream.SESSIONS).toList();
    assertEquals(25, notices, "every notice kept");
    assertEquals(25, checkpoints, "every checkpoint kept");
    assertEquals(400 - spool.dropped(), sessions.size(), "dropped sessions are counted");
    assertEquals("sessions399", sessions.get(sessions.size() - 1).key(), "the newest is kept");
    assertTrue(!sessions.get(0).key().equals("sessions0"), "the oldest went");
    assertEquals(0, spool.records());
  }

  @Test
  void aReopenedSpoolGivesWhatWasNotAcknowledgedAndNothingElse() throws Exception {
    Spool spool = new Spool(dir, 1 << 20);
    List<Exported> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(rec(i % 2 == 0 ? Exported.Stream.NOTICES : Exported.Stream.SESSIONS, i));
    }
    spool.append(batch);
    Spool.Batch first = spool.peek(4); // notices 0, 2, 4, 6: acknowledged
    spool.commit(first);
    spool.peek(100); // read but never acknowledged (a crash before the broker answered)
    spool.close();

    Spool again = new Spool(dir, 1 << 20);
    assertEquals(6, again.records());
    List<String> keys = new ArrayList<>();
    again.peek(100).records().forEach(r -> keys.add(r.key()));
    assertEquals(
        List.of("notices8", "sessions1", "sessions3", "sessions5", "sessions7", "sessions9"), keys);
  }
}
