package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.capture.LinkType;
import io.vigie.config.EvidenceConfig;
import io.vigie.flow.PacketRecorder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pcap slices: readable by tcpdump, starting at the SYN, capped, counted, and expired. */
class SliceRecorderTest {
  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);

  /** An Ethernet/IPv4/TCP frame from the vendor to a camera, with these TCP flags and payload. */
  static byte[] frame(int flags, int seq, int payload) {
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
    b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (40 + payload))
        .putShort((short) seq)
        .putShort((short) 0)
        .put((byte) 64)
        .put((byte) 6)
        .putShort((short) 0)
        .put(new byte[] {(byte) 203, 0, 113, 5})
        .put(new byte[] {10, 20, 1, 1});
    b.putShort((short) 40000)
        .putShort((short) 22)
        .putInt(seq)
        .putInt(0)
        .put((byte) 0x50)
        .put((byte) flags)
        .putShort((short) 65535)
        .putShort((short) 0)
        .putShort((short) 0);
    return b.array();
  }

  @Test
  void aSliceIsAPcapThatTcpdumpReadsFromTheSyn() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/tcpdump"))
            || Files.isExecutable(Path.of("/usr/sbin/tcpdump")),
        "tcpdump is not installed");
    Path db = dir.resolve("e.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(1000), clock, rec, rec)) {
      PacketRecorder.Recording r =
          store.recorder().begin("1:flow=", TestStores.T0, LinkType.ETHERNET);
      assertNotNull(r);
      r.packet(TestStores.T0, frame(0x02, 1, 0), 0, 54, 54); // SYN
      for (int i = 0; i < 9; i++) {
        byte[] f = frame(0x18, 2 + i, 100);
        r.packet(TestStores.T0 + (i + 1) * 1_000_000L, f, 0, f.length, f.length);
      }
      r.finish(TestStores.session(0, "cam-1", null));
    }
    List<TimelineEntry> slices =
        Timeline.read(db, new TimelineFilter(null, null, null, "1:flow=", false));
    assertEquals(1, slices.size());
    JsonNode f = slices.get(0).fields();
    assertEquals(10, f.path("packets").asInt());
    assertFalse(f.path("truncated").asBoolean());
    Path pcap = dir.resolve("e.db.slices").resolve(f.path("file").asText());
    assertEquals(Files.size(pcap), f.path("bytes").asLong());
    assertEquals(StoreVerifier.sha256(pcap), f.path("sha256").asText());

    Process p =
        new ProcessBuilder("tcpdump", "-nn", "-r", pcap.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(p.getInputStream().readAllBytes())
            .lines()
            .filter(l -> l.contains(" IP "))
            .toList();
    assertEquals(0, p.waitFor());
    assertEquals(10, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("203.0.113.5.40000 > 10.20.1.1.22: Flags [S]"), lines.get(0));
    assertTrue(
        lines.get(0).startsWith("01:00:00.000000") || lines.get(0).contains("01:00:00.000000"),
        lines.get(0));
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void capsTruncateASliceAndRefuseNewOnes() throws Exception {
    Path db = dir.resolve("e.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, 1000L, 1500L, null);
    try (EvidenceStore store = EvidenceStore.open(db, cfg, clock, rec, rec)) {
      PacketRecorder.Recording r =
          store.recorder().begin("1:big=", TestStores.T0, LinkType.ETHERNET);
      byte[] f = frame(0x18, 1, 200);
      for (int i = 0; i < 20; i++) {
        r.packet(TestStores.T0 + i, f, 0, f.length, f.length);
      }
      r.finish(null);
      PacketRecorder.Recording r2 =
          store.recorder().begin("1:second=", TestStores.T0, LinkType.ETHERNET);
      for (int i = 0; i < 3; i++) {
        r2.packet(TestStores.T0 + i, f, 0, f.length, f.length);
      }
      r2.finish(null);
      assertNull(
          store.recorder().begin("1:third=", TestStores.T0, LinkType.ETHERNET),
          "store cap reached");
    }
    assertTrue(rec.sliceErrors.contains(EvidenceMetrics.SliceError.SLICE_CAP));
    assertTrue(rec.sliceErrors.contains(EvidenceMetrics.SliceError.STORE_CAP));
    assertTrue(rec.noticed("evidence_slice_store_full"));
    JsonNode big =
        Timeline.read(db, new TimelineFilter(null, null, null, "1:big=", false)).get(0).fields();
    assertTrue(big.path("truncated").asBoolean());
    assertTrue(big.path("bytes").asLong() <= 1000, big.toString());
    assertEquals(3, big.path("packets").asInt(), "24 + 3 x (16 + 254) bytes fit in 1000");
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void slicesPastRetentionAreDeletedAndTheDeletionRecorded() throws Exception {
    Path db = dir.resolve("e.db");
    EvidenceConfig cfg = new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, 7);
    TestStores.Recorder rec = new TestStores.Recorder();
    // The slice is from T0; the store runs 10 days later.
    Clock later =
        Clock.fixed(
            Instant.ofEpochSecond(TestStores.T0 / 1_000_000_000L).plusSeconds(10 * 86400),
            ZoneOffset.UTC);
    try (EvidenceStore store = EvidenceStore.open(db, cfg, clock, rec, rec)) {
      PacketRecorder.Recording r =
          store.recorder().begin("1:old=", TestStores.T0, LinkType.ETHERNET);
      r.packet(TestStores.T0, frame(0x02, 1, 0), 0, 54, 54);
      r.finish(null);
    }
    try (EvidenceStore store = EvidenceStore.open(db, cfg, later, rec, rec)) {
      store.flush();
    }
    assertEquals(1, TestStores.count(db, "kind = 'slice_expired'"));
    try (var files = Files.walk(dir.resolve("e.db.slices"))) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(v.intact(), () -> String.valueOf(v.finding()));
    assertTrue(v.summary().contains("1 expired by retention"), v.summary());
  }
}
