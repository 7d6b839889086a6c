package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session schema end to end: a credential in a request target reaches no output, and a store
 * written before the one schema still reads, verifies and takes new records.
 */
class OneSessionSchemaTest {
  private static final String FIXTURES = "/io/vigie/cli/schema/";
  private static final String STRIPPED = "http://127.0.0.1:38417/fw.bin";

  @TempDir Path dir;

  @Test
  void aCredentialInAnAbsoluteFormRequestTargetReachesNeitherReplayNorEvidence() throws Exception {
    Path pcap = fixture("http-userinfo.pcap");
    assertTrue(
        new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1)
            .contains("admin:hunter2@"),
        "the capture carries the credential");
    Path db = dir.resolve("case.db");
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--json",
            "--config",
            vendorLoopback().toString(),
            "--evidence",
            db.toString(),
            pcap.toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("hunter2"), r.out());
    JsonNode http =
        r.records().stream()
            .filter(n -> "http".equals(n.path("app").asText()))
            .findFirst()
            .orElseThrow();
    assertEquals(STRIPPED, http.path("http_uri").asText());
    assertEquals("127.0.0.1:38417", http.path("http_host").asText());

    ReplayCommandTest.Result t =
        ReplayCommandTest.run("evidence", "timeline", "--json", db.toString());
    assertEquals(0, t.code(), t.err());
    assertFalse(t.out().contains("hunter2"), t.out());
    assertTrue(t.out().contains("\"http_uri\" : \"" + STRIPPED + "\""), t.out());
    assertFalse(
        new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1).contains("hunter2"),
        "the database file holds no trace of the credential");
  }

  @Test
  void theEvidenceStoreKeepsTheFieldsReplayWritesLeavingOutOnlyNulls() throws Exception {
    Path db = dir.resolve("case.db");
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--json",
            "--config",
            vendorLoopback().toString(),
            "--evidence",
            db.toString(),
            fixture("http-userinfo.pcap").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode replayed =
        r.records().stream()
            .filter(n -> "session".equals(n.path("type").asText()))
            .findFirst()
            .orElseThrow();
    ReplayCommandTest.Result t =
        ReplayCommandTest.run("evidence", "timeline", "--json", db.toString());
    JsonNode stored = sessionFields(t).get(0);
    int compared = 0;
    for (var it = replayed.fields(); it.hasNext(); ) {
      var f = it.next();
      if (f.getKey().equals("type")) {
        continue;
      }
      if (f.getValue().isNull()) {
        assertFalse(stored.has(f.getKey()), f.getKey());
      } else {
        assertEquals(f.getValue(), stored.path(f.getKey()), f.getKey());
        compared++;
      }
    }
    assertTrue(compared >= 20, "compared " + compared + " fields");
    assertEquals(
        replayed.size() - 1 - count(replayed, true), stored.size(), "no field of the store's own");
  }

  @Test
  void aStoreWrittenBeforeTheOneSchemaVerifiesReadsAndTakesNewRecords() throws Exception {
    Path store = dir.resolve("old");
    copyTree(fixture("cc30977-store"), store);
    Files.setPosixFilePermissions(
        store.resolve("cc30977.db.key"), PosixFilePermissions.fromString("rw-------"));
    Path db = store.resolve("cc30977.db");

    ReplayCommandTest.Result v = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().contains("intact"), v.out());
    ReplayCommandTest.Result t = ReplayCommandTest.run("evidence", "timeline", db.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(
        t.out()
            .contains("ftp 141.142.220.235:50003 -> 199.233.217.249:21 38.111438s 180/3146 bytes"),
        t.out());

    // New records in the new form follow the old ones in the same chain.
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--config",
            vendorLoopback().toString(),
            "--evidence",
            db.toString(),
            fixture("http-userinfo.pcap").toString());
    assertEquals(0, r.code(), r.err());
    v = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().contains("intact"), v.out());
    t = ReplayCommandTest.run("evidence", "timeline", db.toString());
    List<String> sessions = t.out().lines().filter(l -> l.contains(" session ")).toList();
    assertTrue(sessions.stream().anyMatch(l -> l.contains("ftp 141.142.220.235:50003")), t.out());
    assertTrue(
        sessions.stream().anyMatch(l -> l.contains("http 127.0.0.1:") && l.contains("vendor")),
        t.out());
    List<JsonNode> both =
        sessionFields(ReplayCommandTest.run("evidence", "timeline", "--json", db.toString()));
    JsonNode old =
        both.stream().filter(f -> f.path("app").asText().equals("ftp")).findFirst().orElseThrow();
    assertTrue(old.path("ts").isNumber(), "the old record as it was written: " + old);
    JsonNode now =
        both.stream().filter(f -> f.path("app").asText().equals("http")).findFirst().orElseThrow();
    assertEquals(
        "2026-12-02T03:50:21.636619Z", now.path("ts").asText(), "the new one as replay writes it");
  }

  private static List<JsonNode> sessionFields(ReplayCommandTest.Result timeline)
      throws IOException {
    assertEquals(0, timeline.code(), timeline.err());
    List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode e : new ObjectMapper().readTree(timeline.out())) {
      if ("session".equals(e.path("kind").asText())) {
        out.add(e.path("fields"));
      }
    }
    assertFalse(out.isEmpty(), timeline.out());
    return out;
  }

  private static int count(JsonNode n, boolean nulls) {
    int c = 0;
    for (var it = n.elements(); it.hasNext(); ) {
      if (it.next().isNull() == nulls) {
        c++;
      }
    }
    return c;
  }

  private Path vendorLoopback() throws IOException {
    Path site = dir.resolve("site.yaml");
    Files.writeString(
        site,
        "networks:\n  - { name: cams, cidr: 127.0.0.0/24 }\n"
            + "vendor:\n  name: Acme\n  cidrs: [127.0.0.1/32]\n");
    return site;
  }

  private Path fixture(String name) throws URISyntaxException {
    return Path.of(getClass().getResource(FIXTURES + name).toURI());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
