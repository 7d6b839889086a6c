package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.Main;
import io.vigie.config.EvidenceConfig;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 16 on exported bundles and on the store, done as an attacker would (on the
 * real SQLite file and zip, recomputing the manifest), each checked through {@code vigie evidence
 * verify}: exit 1 naming what was changed. Uses only what the store and CLI had before the fix, so
 * it can be run against the old code to see each attack pass there.
 */
class EvidenceAttackTest {
  private static final long T0 = 1_763_859_600_000_000_000L; // 2025-11-23T01:00:00Z
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path db;
  private Path zip;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Notice> notices = new CopyOnWriteArrayList<>();
  private final NoticeSink sink = notices::add;

  private EvidenceConfig cfg() {
    return new EvidenceConfig(null, null, null, 5, 3600, 64, 1024, null, null, null);
  }

  @BeforeEach
  void storeAndBundle() throws Exception {
    // The store in its own folder: its default anchor file is a sibling folder inside this test's.
    db = Files.createDirectories(dir.resolve("store")).resolve("town.db");
    Clock clock = Clock.fixed(Instant.parse("2025-11-23T04:00:00Z"), ZoneOffset.UTC);
    try (EvidenceStore store = EvidenceStore.open(db, cfg(), clock, sink, EvidenceMetrics.NONE)) {
      for (int i = 0; i < 12; i++) {
        store.append(session(i * 60L, "cam-0" + (i % 3), "outside_window"));
        store.onNotice(
            new Notice(
                T0 + i * 60_000_000_000L + 1,
                "vendor_access_outside_window",
                Severity.HIGH,
                "n-" + i,
                "1:ssh-" + i + "=",
                "Vendor SSH to cam-0" + (i % 3) + " with no maintenance window.",
                null,
                "cam-0" + (i % 3)));
        store.flush();
      }
    }
    zip = dir.resolve("case.zip");
    assertEquals(
        0,
        run("evidence", "export", "--device", "cam-01", "--out", zip.toString(), db.toString()),
        err.toString());
    assertEquals(0, run("evidence", "verify", zip.toString()), out.toString() + err);
    // Without --pubkey, verify says whose key it trusted and what dates the chain.
    assertTrue(out.toString().contains("key: the bundle's own"), out.toString());
    assertTrue(
        out.toString().contains("the time-stamp tokens (and anchors kept elsewhere) are what bind"),
        out.toString());
    out.getBuffer().setLength(0);
  }

  private static Session session(long sec, String cam, String verdict) {
    long start = T0 + sec * 1_000_000_000L;
    return new Session(
        start,
        start + 42_000_000_000L,
        "tcp",
        "203.0.113.5",
        51514,
        "10.20.1.7",
        22,
        "1:ssh-" + sec + "=",
        App.SSH,
        1200,
        3400,
        12,
        14,
        Direction.INBOUND,
        true,
        null,
        cam,
        "fin",
        null,
        verdict,
        null);
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String verifyFinding(String... extra) {
    List<String> args = new ArrayList<>(List.of("evidence", "verify"));
    args.addAll(List.of(extra));
    args.add(zip.toString());
    assertEquals(
        1, run(args.toArray(String[]::new)), "verify must find the attack; it said: " + out + err);
    return out.toString();
  }

  // ---- bundles ------------------------------------------------------------------------------

  @Test
  void aRewordedTimelineCsvLine() throws Exception {
    rewrite(
        e -> {
          String csv = new String(e.get("timeline.csv"), StandardCharsets.UTF_8);
          assertTrue(csv.contains("with no maintenance window"), csv);
          e.put(
              "timeline.csv",
              csv.replaceFirst("with no maintenance window", "inside approved window W-FAKE")
                  .getBytes(StandardCharsets.UTF_8));
        });
    String said = verifyFinding();
    assertTrue(said.contains("timeline.csv differs from what chain.jsonl gives"), said);
    assertTrue(said.contains("W-FAKE"), said);
  }

  @Test
  void aReplacedPublicKey() throws Exception {
    var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    rewrite(
        e ->
            e.put(
                "public_key.pem",
                io.vigie.evidence.SigningKey.pem("PUBLIC KEY", other.getEncoded())
                    .getBytes(StandardCharsets.US_ASCII)));
    String said = verifyFinding();
    assertTrue(said.contains("public_key.pem differs from what chain.jsonl gives"), said);
  }

  @Test
  void anEmptiedCheckpointsJson() throws Exception {
    rewrite(e -> e.put("checkpoints.json", "[ ]".getBytes(StandardCharsets.UTF_8)));
    String said = verifyFinding();
    assertTrue(said.contains("checkpoints.json differs from what chain.jsonl gives"), said);
  }

  @Test
  void aDeletedTimelineJson() throws Exception {
    rewrite(e -> e.remove("timeline.json"));
    String said = verifyFinding();
    assertTrue(said.contains("timeline.json is missing from the bundle"), said);
  }

  @Test
  void noticesStrippedToIdPrevHash() throws Exception {
    List<Long> stripped = new ArrayList<>();
    rewrite(e -> strip(e, stripped));
    assertTrue(stripped.size() >= 2, "notices stripped: " + stripped);
    String said = verifyFinding();
    assertTrue(said.contains("record " + stripped.get(0) + ":"), said);
    assertTrue(said.contains("content was stripped from chain.jsonl"), said);
  }

  @Test
  void noticesStrippedWithTheContentListRecomputedToo() throws Exception {
    List<Long> stripped = new ArrayList<>();
    rewrite(
        e -> {
          strip(e, stripped);
          try {
            ObjectNode m = (ObjectNode) JSON.readTree(e.get("manifest.json"));
            if (m.has("content_ids")) {
              StringBuilder ids = new StringBuilder();
              for (String line :
                  new String(e.get("chain.jsonl"), StandardCharsets.UTF_8).split("\n")) {
                JsonNode j = JSON.readTree(line);
                if (j.has("fields_json")) {
                  ids.append(ids.length() == 0 ? "" : ",").append(j.path("id").asLong());
                }
              }
              m.put("content_ids", ids.toString());
              e.put("manifest.json", JSON.writeValueAsBytes(m));
            }
          } catch (IOException x) {
            throw new IllegalStateException(x);
          }
        });
    String said = verifyFinding();
    assertTrue(said.contains("manifest.json does not carry the store's signature"), said);
  }

  /**
   * Strips every vendor_access_outside_window notice to {id, prev, hash}, and drops them from the
   * timelines.
   */
  private static void strip(Map<String, byte[]> e, List<Long> stripped) {
    try {
      StringBuilder chain = new StringBuilder();
      for (String line : new String(e.get("chain.jsonl"), StandardCharsets.UTF_8).split("\n")) {
        JsonNode j = JSON.readTree(line);
        if (j.path("kind").asText().equals("notice")
            && j.path("fields_json").asText().contains("vendor_access_outside")) {
          stripped.add(j.path("id").asLong());
          ObjectNode bare = JSON.createObjectNode();
          bare.put("id", j.path("id").asLong());
          bare.put("prev", j.path("prev").asText());
          bare.put("hash", j.path("hash").asText());
          line = JSON.writeValueAsString(bare);
        }
        chain.append(line).append('\n');
      }
      e.put("chain.jsonl", chain.toString().getBytes(StandardCharsets.UTF_8));
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode t : JSON.readTree(e.get("timeline.json"))) {
        if (!stripped.contains(t.path("id").asLong())) {
          kept.add(t);
        }
      }
      e.put(
          "timeline.json",
          (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(kept) + "\n")
              .getBytes(StandardCharsets.UTF_8));
      StringBuilder csv = new StringBuilder();
      for (String line : new String(e.get("timeline.csv"), StandardCharsets.UTF_8).split("\r\n")) {
        if (!line.contains("maintenance window")) {
          csv.append(line).append("\r\n");
        }
      }
      e.put("timeline.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException x) {
      throw new IllegalStateException(x);
    }
  }

  /** Rewrites the bundle and recomputes the manifest's file list, as a careful forger would. */
  private void rewrite(Consumer<Map<String, byte[]>> edit) throws Exception {
    Map<String, byte[]> e = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry x = en.nextElement();
        e.put(x.getName(), z.getInputStream(x).readAllBytes());
      }
    }
    edit.accept(e);
    ObjectNode m = (ObjectNode) JSON.readTree(e.get("manifest.json"));
    ArrayNode files = m.putArray("files");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, byte[]> x : e.entrySet()) {
      if (!x.getKey().startsWith("manifest.")) {
        files
            .addObject()
            .put("name", x.getKey())
            .put("bytes", x.getValue().length)
            .put("sha256", HexFormat.of().formatHex(sha.digest(x.getValue())));
      }
    }
    e.put("manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream zo = new ZipOutputStream(b)) {
      for (Map.Entry<String, byte[]> x : e.entrySet()) {
        zo.putNextEntry(new ZipEntry(x.getKey()));
        zo.write(x.getValue());
        zo.closeEntry();
      }
    }
    Files.write(zip, b.toByteArray());
  }

  // ---- the store ----------------------------------------------------------------------------

  /** Where the store published its checkpoints by default: a sibling of its folder. */
  private Path defaultAnchors() {
    return dir.resolve("store.anchors").resolve("town.db.anchors");
  }

  private void cutTailAfterFirstCheckpoint() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("DROP TRIGGER record_no_update");
      st.execute("DROP TRIGGER record_no_delete");
      st.execute(
          "DELETE FROM record WHERE id > (SELECT min(id) FROM record WHERE kind = 'checkpoint')");
    }
  }

  @Test
  void aCutTailIsAFindingOfTheMissingTriggers() throws Exception {
    cutTailAfterFirstCheckpoint();
    assertEquals(1, run("evidence", "verify", db.toString()), out.toString() + err);
    assertTrue(
        out.toString()
            .contains("append-only triggers record_no_delete, record_no_update are missing"),
        out.toString());
  }

  @Test
  void aCutTailIsCaughtFromTheAnchorFile() throws Exception {
    Path kept = dir.resolve("anchors-kept-off-the-appliance.log");
    Files.copy(defaultAnchors(), kept);
    cutTailAfterFirstCheckpoint();
    // Even with the triggers put back, the anchors held elsewhere show the cut.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute(
          "CREATE TRIGGER record_no_update BEFORE UPDATE ON record BEGIN SELECT RAISE(ABORT, 'x'); END");
      st.execute(
          "CREATE TRIGGER record_no_delete BEFORE DELETE ON record BEGIN SELECT RAISE(ABORT, 'x'); END");
    }
    assertEquals(
        1,
        run("evidence", "verify", "--anchors", kept.toString(), db.toString()),
        out.toString() + err);
    assertTrue(out.toString().contains("were cut off"), out.toString());
    assertTrue(out.toString().contains("anchor " + kept + ":"), out.toString());
  }

  @Test
  void aCutTailIsCaughtAtDaemonStartAndANewSegmentRecordsTheBreak() throws Exception {
    cutTailAfterFirstCheckpoint();
    notices.clear();
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg(), Clock.systemUTC(), sink, EvidenceMetrics.NONE)) {
      store.flush();
    }
    assertTrue(
        notices.stream()
            .anyMatch(
                n -> n.note().equals("evidence_truncated") && n.severity() == Severity.CRITICAL),
        "notices: " + notices);
    assertEquals(1, run("evidence", "verify", db.toString()), out.toString() + err);
    assertTrue(out.toString().contains("segment_break"), out.toString());
    assertTrue(out.toString().contains("cut short"), out.toString());
  }

  @Test
  void aRewriteWithANewKeyIsCaughtFromTheAnchors() throws Exception {
    Path kept = dir.resolve("anchors-kept-off-the-appliance.log");
    Files.copy(defaultAnchors(), kept);
    for (String f : List.of("town.db", "town.db.key", "town.db.pub")) {
      Files.delete(db.resolveSibling(f));
    }
    Files.delete(defaultAnchors());
    Clock clock = Clock.fixed(Instant.parse("2025-11-23T04:00:00Z"), ZoneOffset.UTC);
    try (EvidenceStore store = EvidenceStore.open(db, cfg(), clock, sink, EvidenceMetrics.NONE)) {
      store.append(session(0, "cam-01", "authorised"));
    }
    assertEquals(0, run("evidence", "verify", db.toString()), out.toString() + err);
    assertTrue(out.toString().contains("not checked against a key you hold"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(
        1,
        run("evidence", "verify", "--anchors", kept.toString(), db.toString()),
        out.toString() + err);
    assertTrue(out.toString().contains("anchor " + kept + ":"), out.toString());
    assertTrue(
        out.toString().contains("with a new key and no hand-over from the anchored key"),
        out.toString());
  }

  @Test
  void badAnchorFilesAreBadInput() throws Exception {
    assertEquals(
        2,
        run("evidence", "verify", "--anchors", dir.resolve("none.log").toString(), db.toString()));
    Path bad = dir.resolve("bad.log");
    Files.writeString(
        bad, "time=2025-11-23T04:00:00Z event=evidence_checkpoint db=x checkpoint_id=zz\n");
    assertEquals(2, run("evidence", "verify", "--anchors", bad.toString(), db.toString()));
    assertTrue(err.toString().contains(bad + ":1"), err.toString());
  }
}
