package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's store on a real SQLite file: each record once by its key, across reopening. */
class HubStoreTest {
  @TempDir Path tmp;

  private static HubRecord rec(HubRecord.Kind kind, String json) {
    return (HubRecord) HubRecord.parse(kind, json.getBytes(StandardCharsets.UTF_8), 4096);
  }

  private static String reason(HubRecord.Kind kind, String json) {
    return assertInstanceOf(
            Parsed.Malformed.class,
            HubRecord.parse(kind, json.getBytes(StandardCharsets.UTF_8), 64))
        .reason();
  }

  @Test
  void aRecordDeliveredTwiceIsKeptOnceEvenAfterReopening() throws Exception {
    HubRecord a = rec(HubRecord.Kind.NOTICES, "{\"site\":\"a\",\"id\":\"N1\",\"ts\":\"t1\"}");
    HubRecord sameIdOtherSite =
        rec(HubRecord.Kind.NOTICES, "{\"site\":\"b\",\"id\":\"N1\",\"ts\":\"t1\"}");
    HubRecord cp1 =
        rec(
            HubRecord.Kind.CHECKPOINTS,
            "{\"site\":\"a\",\"checkpoint_id\":4,\"checkpoint_hash\":\"h1\",\"ts\":\"t\"}");
    HubRecord cp1Again =
        rec(
            HubRecord.Kind.CHECKPOINTS,
            "{\"site\":\"a\",\"checkpoint_id\":4,\"checkpoint_hash\":\"h1\",\"ts\":\"t\"}");
    HubRecord cpRestartedChain =
        rec(
            HubRecord.Kind.CHECKPOINTS,
            "{\"site\":\"a\",\"checkpoint_id\":4,\"checkpoint_hash\":\"h2\",\"ts\":\"u\"}");
    try (HubStore s = HubStore.open(tmp.resolve("hub.db"), Clock.systemUTC())) {
      HubStore.Outcome o = s.write(List.of(a, sameIdOtherSite, cp1, cp1Again));
      assertEquals(Map.of(HubRecord.Kind.NOTICES, 2, HubRecord.Kind.CHECKPOINTS, 1), o.stored());
      assertEquals(Map.of(HubRecord.Kind.CHECKPOINTS, 1), o.dupes());
    }
    try (HubStore s = HubStore.open(tmp.resolve("hub.db"), Clock.systemUTC())) {
      HubStore.Outcome o = s.write(List.of(a, cp1, cpRestartedChain));
      assertEquals(Map.of(HubRecord.Kind.CHECKPOINTS, 1), o.stored());
      assertEquals(Map.of(HubRecord.Kind.NOTICES, 1, HubRecord.Kind.CHECKPOINTS, 1), o.dupes());
      assertEquals(1, s.count(HubRecord.Kind.NOTICES, "a"));
      assertEquals(1, s.notices("b", null, 10).size());
      assertEquals(2, s.checkpoints("a", 10).size());
    }
  }

  @Test
  void badRecordsAreValuesWithAReason() {
    HubRecord.Kind n = HubRecord.Kind.NOTICES;
    assertEquals("not_json", reason(n, "{nope"));
    assertEquals("not_json", reason(n, "[1]"));
    assertEquals("no_site", reason(n, "{\"id\":\"N1\",\"ts\":\"t\"}"));
    assertEquals("no_key", reason(n, "{\"site\":\"a\",\"ts\":\"t\"}"));
    assertEquals("too_large", reason(n, "{\"site\":\"a\",\"id\":\"" + "x".repeat(80) + "\"}"));
    assertEquals("not_json", reason(n, "[".repeat(40)));
    assertEquals(
        "empty", assertInstanceOf(Parsed.Malformed.class, HubRecord.parse(n, null, 64)).reason());
  }

  @Test
  void factsOfAStoreFromBeforeTheChainAreLinkedOnceAndNewOnesFollow() throws Exception {
    Path db = tmp.resolve("old.db");
    // hub_events as the first hubs created it: no prev, no hash
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE hub_events (kind TEXT NOT NULL, ts_nanos INTEGER NOT NULL,"
              + " subject TEXT, fields TEXT NOT NULL)");
      st.execute(
          "INSERT INTO hub_events VALUES ('window_event', 1, 'W-1', '{\"event\":\"requested\"}')");
    }
    try (HubStore s = HubStore.open(db, Clock.systemUTC())) {
      s.append(
          new io.vigie.facts.EvidenceRecord(
              "window_event", 2, "W-1", Map.of("event", "approval", "n", 7L)));
      EventChain.Witness w = s.witness("window_event");
      assertEquals(2, w.records().size());
      assertEquals(
          true,
          w.holds(
              new io.vigie.facts.EvidenceRecord(
                  "window_event", 2, "W-1", Map.of("n", 7, "event", "approval"))),
          "the same fact, its map built in another order and with an int");
      assertEquals(
          false,
          w.holds(
              new io.vigie.facts.EvidenceRecord(
                  "window_event", 2, "W-1", Map.of("event", "approval", "n", 8))));
    }
    // Reopened: the chain holds as linked; an edit of the first row breaks it.
    try (HubStore s = HubStore.open(db, Clock.systemUTC())) {
      assertEquals(2, s.witness("window_event").records().size());
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE hub_events SET ts_nanos = 3 WHERE rowid = 1");
    }
    try (HubStore s = HubStore.open(db, Clock.systemUTC())) {
      java.io.IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.io.IOException.class, () -> s.witness("window_event"));
      assertEquals(
          true,
          e.getMessage().contains(db + ": hub_events row 1 (window_event W-1)"),
          e.getMessage());
    }
  }
}
