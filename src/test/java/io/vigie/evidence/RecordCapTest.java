package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.EvidenceConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.NoticeSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 3 (records had no size cap): every record is kept under record_max_bytes in a
 * real SQLite store, its longest texts cut with a marker and counted; over db_max_bytes the abuse
 * summaries are no longer kept, while everything else still is.
 */
@Tag("abuse")
class RecordCapTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);

  private static final class Counting implements EvidenceMetrics {
    final AtomicLong truncated = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    @Override
    public void truncated() {
      truncated.incrementAndGet();
    }

    @Override
    public void dropped(long records) {
      dropped.addAndGet(records);
    }
  }

  private static EvidenceConfig cfg(Integer recordMax, Long dbMax) {
    return new EvidenceConfig(
        null, null, null, 1000, 3600, 256, 4096, null, null, null, null, null, recordMax, dbMax);
  }

  @Test
  void aHugeRecordIsCutUnderTheCapWithAMarker() throws Exception {
    Path db = dir.resolve("evidence.db");
    Counting m = new Counting();
    try (EvidenceStore store = EvidenceStore.open(db, cfg(4096, null), clock, NoticeSink.NONE, m)) {
      store.append(
          new EvidenceRecord(
              "window_event",
              1,
              "W-1",
              Map.of(
                  "reason",
                  "r".repeat(1_000_000),
                  "ticket",
                  "t".repeat(30_000),
                  "who",
                  "acme",
                  "terms",
                  Map.of("devices", List.of("cam-001")))));
      store.append(new EvidenceRecord("window_event", 2, "W-2", Map.of("reason", "small")));
      store.flush();
    }
    List<TimelineEntry> rows =
        Timeline.read(db, TimelineFilter.ALL).stream()
            .filter(e -> e.kind().equals("window_event"))
            .toList();
    assertEquals(2, rows.size());
    TimelineEntry big = rows.get(0);
    int bytes = big.fields().toString().getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= 4096, "record of " + bytes + " bytes");
    assertTrue(
        big.fields().path("reason").asText().contains("…[truncated "), big.fields().toString());
    assertEquals(2, big.fields().path("truncated_fields").asInt(), "both long texts were cut");
    assertEquals("acme", big.fields().path("who").asText(), "short values are kept whole");
    assertEquals("small", rows.get(1).fields().path("reason").asText());
    assertEquals(1, m.truncated.get());
    assertEquals(0, m.dropped.get());
  }

  @Test
  void overTheDatabaseCapAbuseSummariesAreDroppedAndTheRestKept() throws Exception {
    Path db = dir.resolve("evidence.db");
    Counting m = new Counting();
    // A cap the fresh database is already over.
    try (EvidenceStore store = EvidenceStore.open(db, cfg(null, 1L), clock, NoticeSink.NONE, m)) {
      store.flush();
      assertTrue(store.dbBytes() > store.dbMaxBytes());
      store.append(
          new EvidenceRecord("refused_requests", 1, "203.0.113.9", Map.of("refused", 500)));
      store.append(new EvidenceRecord("window_event", 2, "W-1", Map.of("reason", "kept")));
      store.flush();
    }
    List<String> kinds =
        Timeline.read(db, TimelineFilter.ALL).stream().map(TimelineEntry::kind).toList();
    assertTrue(kinds.contains("window_event"), kinds.toString());
    assertTrue(!kinds.contains("refused_requests"), kinds.toString());
    assertEquals(1, m.dropped.get());
  }
}
