package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.SessionDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceStoreTest {
  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);

  @Test
  void storesChainsSignsAndVerifies() throws Exception {
    Path db = dir.resolve("e.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(50), clock, rec, rec)) {
      for (int i = 0; i < 120; i++) {
        store.append(TestStores.session(i, "cam-" + (i % 3), "W-" + (i % 2)));
        if (i % 60 == 59) {
          store.flush(); // a checkpoint is due at the end of the batch that reaches 50 records
        }
      }
      store.onNotice(
          new Notice(
              TestStores.T0,
              "vendor_access_outside_window",
              Severity.HIGH,
              "n1",
              "1:sess1=",
              "Vendor SSH to cam-1 outside any window.",
              null,
              "cam-1"));
      long head = store.flush();
      assertTrue(head >= 123, "head " + head);
    }
    assertEquals(Boolean.TRUE, rec.chainIntact);
    assertEquals(
        4,
        rec.checkpoints.size(),
        "at open, after each 60-record batch, and at close: " + rec.checkpoints);
    assertEquals(120, TestStores.count(db, "kind = 'session'"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("e.db.key"))));
    assertTrue(Files.readString(dir.resolve("e.db.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));

    VerifyResult r = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNull(r.finding(), () -> "finding: " + r.finding());
    assertTrue(r.summary().contains("records"), r.summary());

    // The published checkpoint and the independently kept key both match.
    VerifyResult strict =
        StoreVerifier.verify(
            db,
            new VerifyOptions(
                SigningKey.readPublicKey(dir.resolve("e.db.pub")),
                rec.checkpoints.get(rec.checkpoints.size() - 1),
                false,
                null));
    assertTrue(strict.intact(), () -> String.valueOf(strict.finding()));
  }

  @Test
  void reopeningContinuesTheChainWithTheSameKey() throws Exception {
    Path db = dir.resolve("e.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(1000), clock, rec, rec)) {
      store.append(TestStores.session(1, "cam-1", null));
    }
    String key1 = Files.readString(dir.resolve("e.db.key"));
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(1000), clock, rec, rec)) {
      store.append(TestStores.session(2, "cam-1", null));
    }
    assertEquals(key1, Files.readString(dir.resolve("e.db.key")));
    assertEquals(1, TestStores.count(db, "kind = 'key'"), "no new key record for the same key");
    assertEquals(2, TestStores.count(db, "kind = 'store_opened'"));
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void aRecordThatCannotBeKeptIsCountedAndTheStoreGoesOn() throws Exception {
    Path db = dir.resolve("e.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(1000), clock, rec, rec)) {
      store.append(
          new EvidenceRecord(
              "camera_snapshot", TestStores.T0, "cam-1", Map.of("score", Double.NaN)));
      store.append(TestStores.session(1, "cam-1", null));
      store.flush();
    }
    assertEquals(1, rec.dropped.get());
    assertEquals(1, TestStores.count(db, "kind = 'session'"));
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void sessionsOfInterest() {
    assertTrue(SessionRecords.ofInterest(TestStores.session(1, "cam-1", null)), "vendor SSH");
    io.vigie.flow.Session internalRtsp =
        new io.vigie.flow.Session(
            1,
            2,
            "tcp",
            "10.20.0.2",
            5000,
            "10.20.1.1",
            554,
            "1:x=",
            io.vigie.net.App.RTSP,
            1,
            1,
            1,
            1,
            io.vigie.flow.Direction.INTERNAL,
            false,
            "vms",
            "cam-1",
            "fin",
            null,
            null,
            null);
    assertFalse(SessionRecords.ofInterest(internalRtsp), "the VMS pulling video is routine");
    assertTrue(
        SessionRecords.ofInterest(
            internalRtsp.withSite(io.vigie.flow.Direction.OUTBOUND, false, "cam-1", null)),
        "a camera talking to the internet is egress");
    io.vigie.flow.Session internalTelnet =
        new io.vigie.flow.Session(
            1,
            2,
            "tcp",
            "10.20.0.2",
            5000,
            "10.20.1.1",
            23,
            "1:y=",
            io.vigie.net.App.TELNET,
            1,
            1,
            1,
            1,
            io.vigie.flow.Direction.INTERNAL,
            false,
            null,
            null,
            "fin",
            null,
            null,
            null);
    assertTrue(SessionRecords.ofInterest(internalTelnet), "a maintenance protocol, even inside");
  }

  @Test
  void triggersRefuseUpdateAndDelete() throws Exception {
    Path db = dir.resolve("e.db");
    try (EvidenceStore store =
        EvidenceStore.open(
            db, TestStores.cfg(1000), clock, new TestStores.Recorder(), EvidenceMetrics.NONE)) {
      store.append(TestStores.session(1, "cam-1", null));
    }
    SQLException up =
        assertThrows(SQLException.class, () -> TestStores.sql(db, "UPDATE record SET kind = 'x'"));
    assertTrue(up.getMessage().contains("append-only"), up.getMessage());
    SQLException del =
        assertThrows(SQLException.class, () -> TestStores.sql(db, "DELETE FROM record"));
    assertTrue(del.getMessage().contains("append-only"), del.getMessage());
  }

  @Test
  void sessionRecordsUseReplayNamesAndKeepNoCredentials() throws Exception {
    EvidenceRecord r = SessionRecords.of(TestStores.session(7, "cam-7", "W-1"));
    assertEquals("session", r.kind());
    assertEquals("1:sess7=", r.subject());
    for (String k :
        List.of(
            "ts",
            "duration",
            "proto",
            "orig_h",
            "orig_p",
            "resp_h",
            "resp_p",
            "community_id",
            "app",
            "verdict",
            "window",
            "resp_name",
            "ssh_client")) {
      assertTrue(r.fields().containsKey(k), k);
    }
    assertEquals("ssh", r.fields().get("app"));
    Session withUri = TestStores.session(8, "cam-8", null);
    withUri =
        new Session(
            withUri.startNanos(),
            withUri.endNanos(),
            "tcp",
            withUri.origH(),
            withUri.origP(),
            withUri.respH(),
            80,
            withUri.communityId(),
            App.HTTP,
            1,
            1,
            1,
            1,
            Direction.INBOUND,
            true,
            null,
            null,
            "fin",
            SessionDetails.of(
                new HttpDetails("GET", "cam-8", "ftp://admin:hunter2@host/fw.bin", null, null)),
            null,
            null);
    assertEquals("ftp://host/fw.bin", SessionRecords.of(withUri).fields().get("http_uri"));

    // Whatever a caller passes, a credential-named field never reaches the store.
    String json =
        CanonicalJson.write(
            Map.of(
                "user",
                "admin",
                "password",
                "hunter2",
                "http",
                Map.of("Authorization", "Basic YWRtaW46aHVudGVyMg==")));
    assertFalse(json.contains("hunter2"), json);
    assertFalse(json.contains("YWRtaW46"), json);
    assertEquals(
        "{\"http\":{\"Authorization\":\"[redacted]\"},\"password\":\"[redacted]\",\"user\":\"admin\"}",
        json);
  }

  @Test
  void timelineFiltersByWindowDeviceAndTime() throws Exception {
    Path db = dir.resolve("e.db");
    try (EvidenceStore store =
        EvidenceStore.open(
            db, TestStores.cfg(1000), clock, new TestStores.Recorder(), EvidenceMetrics.NONE)) {
      for (int i = 0; i < 10; i++) {
        store.append(TestStores.session(i, "cam-" + (i % 2), i < 5 ? "W-A" : "W-B"));
      }
      store.append(
          new EvidenceRecord(
              "window_event",
              TestStores.T0 + 3_500_000_000L,
              "W-A",
              Map.of("action", "approved", "by", "mairie")));
    }
    List<TimelineEntry> all = Timeline.read(db, TimelineFilter.ALL);
    assertEquals(11, all.size());
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).tsNanos() <= all.get(i).tsNanos(), "time ordered");
    }
    List<TimelineEntry> wa = Timeline.read(db, new TimelineFilter(null, null, "W-A", null, false));
    assertEquals(6, wa.size(), "5 sessions carrying W-A and the window event about it");
    List<TimelineEntry> cam1 =
        Timeline.read(db, new TimelineFilter(null, null, null, "cam-1", false));
    assertEquals(5, cam1.size());
    assertTrue(cam1.stream().allMatch(e -> e.fields().path("resp_name").asText().equals("cam-1")));
    List<TimelineEntry> slot =
        Timeline.read(
            db,
            new TimelineFilter(
                TestStores.T0 + 2_000_000_000L, TestStores.T0 + 4_000_000_000L, null, null, false));
    assertEquals(3, slot.size(), "sessions 2 and 3 and the window event");
    JsonNode f = wa.get(0).fields();
    assertEquals("W-A", f.path("window").asText());
    assertTrue(
        wa.get(0).summary().contains("203.0.113.5:40000 -> 10.20.1.1:22 (cam-0)"),
        wa.get(0).summary());
  }
}
