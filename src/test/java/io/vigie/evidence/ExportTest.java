package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.capture.LinkType;
import io.vigie.flow.PacketRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case bundle verifies on its own, keeps other cases private, and betrays any edit. */
class ExportTest {
  @TempDir Path dir;

  private Path db;
  private Path zip;
  private final Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void makeBundle() throws Exception {
    db = dir.resolve("store.db");
    TestStores.Recorder rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(15), clock, rec, rec)) {
      for (int i = 0; i < 40; i++) {
        String window = i % 2 == 0 ? "W-A" : "W-B";
        PacketRecorder.Recording r =
            store.recorder().begin("1:sess" + i + "=", TestStores.T0 + i, LinkType.ETHERNET);
        byte[] f = SliceRecorderTest.frame(0x02, i, 0);
        r.packet(TestStores.T0 + i * 1_000_000_000L, f, 0, f.length, f.length);
        r.finish(null);
        store.append(TestStores.session(i, "cam-" + i, window));
        if (i % 10 == 9) {
          store.flush();
        }
      }
    }
    zip = dir.resolve("case.zip");
    Exporter.Result r =
        Exporter.export(db, null, new TimelineFilter(null, null, "W-A", null, false), zip, clock);
    assertEquals(20, r.slices());
  }

  private Map<String, byte[]> entries() throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        m.put(e.getName(), z.getInputStream(e).readAllBytes());
      }
    }
    return m;
  }

  @Test
  void theBundleVerifiesAndHoldsOnlyTheCase() throws Exception {
    VerifyResult v = BundleVerifier.verify(zip, VerifyOptions.DEFAULT);
    assertTrue(v.intact(), () -> String.valueOf(v.finding()));
    assertTrue(v.summary().contains("20 pcap slices match"), v.summary());
    Map<String, byte[]> e = entries();
    for (String name :
        new String[] {
          "manifest.json",
          "chain.jsonl",
          "timeline.json",
          "timeline.csv",
          "checkpoints.json",
          "public_key.pem"
        }) {
      assertTrue(e.containsKey(name), name);
    }
    JsonNode timeline = Json.MAPPER.readTree(e.get("timeline.json"));
    assertEquals(40, timeline.size(), "20 sessions of W-A and their 20 slices");
    for (JsonNode t : timeline) {
      assertTrue(
          t.path("kind").asText().equals("slice")
              || t.path("fields").path("window").asText().equals("W-A"),
          t.toString());
    }
    String chain = new String(e.get("chain.jsonl"), StandardCharsets.UTF_8);
    assertFalse(chain.contains("W-B"), "records of other windows keep only their hashes");
    assertEquals(
        TestStores.count(db, "1"), chain.lines().count(), "the whole chain of hashes is there");
    assertEquals(
        Files.readString(dir.resolve("store.db.pub")),
        new String(e.get("public_key.pem"), StandardCharsets.US_ASCII));
    // The reviewer's own copy of the key is accepted.
    Path pub = dir.resolve("kept.pub");
    Files.copy(dir.resolve("store.db.pub"), pub);
    assertTrue(
        BundleVerifier.verify(
                zip, new VerifyOptions(SigningKey.readPublicKey(pub), null, false, null))
            .intact());
  }

  @Test
  void aFileChangedWithoutTheManifestIsNamed() throws Exception {
    rewrite(e -> e.put("timeline.csv", "id,time\r\n".getBytes(StandardCharsets.UTF_8)), false);
    Finding f = BundleVerifier.verify(zip, VerifyOptions.DEFAULT).finding();
    assertNotNull(f);
    assertTrue(f.what().contains("timeline.csv was altered"), f.toString());
  }

  @Test
  void anAddedFileIsNamed() throws Exception {
    rewrite(e -> e.put("slices/extra.pcap", new byte[24]), false);
    Finding f = BundleVerifier.verify(zip, VerifyOptions.DEFAULT).finding();
    assertTrue(f.what().contains("slices/extra.pcap is not listed"), f.toString());
  }

  @Test
  void anEditedTimelineWithARecomputedManifestIsNamed() throws Exception {
    rewrite(
        e -> {
          try {
            JsonNode t = Json.MAPPER.readTree(e.get("timeline.json"));
            ((ObjectNode) t.get(0).get("fields")).put("verdict", "authorised");
            e.put("timeline.json", Json.MAPPER.writeValueAsBytes(t));
          } catch (IOException x) {
            throw new IllegalStateException(x);
          }
        },
        true);
    Finding f = BundleVerifier.verify(zip, VerifyOptions.DEFAULT).finding();
    assertNotNull(f);
    assertTrue(
        f.what().contains("timeline.json differs from what chain.jsonl gives"), f.toString());
  }

  @Test
  void anEditedChainRecordWithARecomputedManifestIsNamed() throws Exception {
    long[] victim = new long[1];
    rewrite(
        e -> {
          StringBuilder sb = new StringBuilder();
          for (String line : new String(e.get("chain.jsonl"), StandardCharsets.UTF_8).split("\n")) {
            if (victim[0] == 0 && line.contains("W-A") && line.contains("outside_window")) {
              line = line.replace("outside_window", "authorised");
              victim[0] = Json.readTree(line).path("id").asLong();
            }
            sb.append(line).append('\n');
          }
          e.put("chain.jsonl", sb.toString().getBytes(StandardCharsets.UTF_8));
        },
        true);
    Finding f = BundleVerifier.verify(zip, VerifyOptions.DEFAULT).finding();
    assertNotNull(f);
    assertEquals(victim[0], f.id(), f.toString());
    assertTrue(f.what().contains("edited"), f.toString());
  }

  @Test
  void aSwappedSliceWithARecomputedManifestIsNamed() throws Exception {
    rewrite(
        e -> {
          String[] names =
              e.keySet().stream()
                  .filter(n -> n.startsWith("slices/"))
                  .sorted()
                  .limit(2)
                  .toArray(String[]::new);
          byte[] a = e.get(names[0]);
          e.put(names[0], e.get(names[1]));
          e.put(names[1], a);
        },
        true);
    Finding f = BundleVerifier.verify(zip, VerifyOptions.DEFAULT).finding();
    assertNotNull(f);
    assertEquals("slice", f.kind(), f.toString());
    assertTrue(f.what().contains("was altered"), f.toString());
  }

  /** Rewrites the bundle, optionally recomputing the manifest as a careful forger would. */
  private void rewrite(Consumer<Map<String, byte[]>> edit, boolean fixManifest) throws IOException {
    Map<String, byte[]> e = entries();
    edit.accept(e);
    if (fixManifest) {
      ObjectNode m = (ObjectNode) Json.MAPPER.readTree(e.get("manifest.json"));
      var files = m.putArray("files");
      for (Map.Entry<String, byte[]> x : e.entrySet()) {
        if (!x.getKey().startsWith("manifest.")) {
          files
              .addObject()
              .put("name", x.getKey())
              .put("bytes", x.getValue().length)
              .put("sha256", ChainHash.sha256Hex(x.getValue()));
        }
      }
      e.put("manifest.json", Json.MAPPER.writeValueAsBytes(m));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(b)) {
      for (Map.Entry<String, byte[]> x : e.entrySet()) {
        out.putNextEntry(new ZipEntry(x.getKey()));
        out.write(x.getValue());
        out.closeEntry();
      }
    }
    Files.write(zip, b.toByteArray());
  }
}
