package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command's contract: exit codes, one-line errors, JSON Lines records and fields. */
class ReplayCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {
    List<JsonNode> records() throws IOException {
      List<JsonNode> r = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          r.add(new ObjectMapper().readTree(line));
        }
      }
      return r;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // JSON goes to System.out in real use; in-process runs capture it the same way.
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(json, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      System.out.flush();
      System.setOut(saved);
    }
    return new Result(
        code, out + json.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
  }

  /** Ethernet + IPv4 + UDP frame with the given payload (checksums are not needed to decode). */
  static byte[] udpFrame(int src, int sport, int dst, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (20 + 8 + payload.length))
        .putInt(0)
        .put((byte) 64)
        .put((byte) 17)
        .putShort((short) 0)
        .putInt(src)
        .putInt(dst);
    b.putShort((short) sport)
        .putShort((short) dport)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0);
    b.put(payload);
    return b.array();
  }

  private Path pcap(String name, byte[]... frames) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream os = Files.newOutputStream(p);
        PcapWriter w = new PcapWriter(os, LinkType.ETHERNET, 65535)) {
      long ts = 1_700_000_000_000_000_000L;
      for (byte[] f : frames) {
        w.write(ts, f, 0, f.length, f.length);
        ts += 1_500_000L;
      }
    }
    return p;
  }

  @Test
  void aMissingFileIsExit2WithOneLineAndNoStackTrace() {
    Result r = run("replay", "--json", dir.resolve("nope.pcap").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("nope.pcap"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void aFileThatIsNotACaptureIsExit2() throws IOException {
    Path p = dir.resolve("notes.txt");
    Files.writeString(p, "these are not packets\n");
    Result r = run("replay", p.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("notes.txt") && r.err().contains("not a pcap"), r.err());
  }

  @Test
  void aBadConfigIsExit2NamingFileLineAndKey() throws IOException {
    Path cfg = dir.resolve("site.yaml");
    Files.writeString(cfg, "networks:\n  - name: cams\n    cidr: 10.20.0.0/16\n    vlan: 3\n");
    Result r = run("replay", "--config", cfg.toString(), pcap("empty.pcap").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("site.yaml:4") && r.err().contains("vlan"), r.err());
  }

  @Test
  void jsonHasOneSessionRecordWithEveryContractFieldThenStats() throws IOException {
    byte[] q = "not a protocol we know".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path p =
        pcap(
            "udp.pcap",
            udpFrame(0x0a140101, 40000, 0x0a140001, 9999, q),
            udpFrame(0x0a140001, 9999, 0x0a140101, 40000, new byte[] {1, 2, 3}));
    Path cfg = dir.resolve("site.yaml");
    Files.writeString(
        cfg,
        "networks:\n  - { name: cams, cidr: 10.20.0.0/16 }\n"
            + "devices:\n  - { name: cam-001, address: 10.20.1.1, role: camera }\n");
    Result r = run("replay", "--json", "--config", cfg.toString(), p.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> recs = r.records();
    assertEquals(2, recs.size(), r.out());
    JsonNode s = recs.get(0);
    assertEquals("session", s.get("type").asText());
    for (String f :
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
            "orig_bytes",
            "resp_bytes",
            "orig_pkts",
            "resp_pkts",
            "direction",
            "vendor",
            "ssh_client",
            "ssh_server",
            "sni",
            "tls_version",
            "http_method",
            "http_host",
            "http_uri",
            "http_content_type",
            "ftp_user",
            "ftp_files",
            "tftp_op",
            "tftp_file",
            "dns_query",
            "parent")) {
      assertTrue(s.has(f), "missing field " + f + " in " + s);
    }
    assertEquals("2023-11-14T22:13:20.000000Z", s.get("ts").asText());
    assertEquals(0.0015, s.get("duration").asDouble(), 1e-9);
    assertEquals("udp", s.get("proto").asText());
    assertEquals("10.20.1.1", s.get("orig_h").asText());
    assertEquals(40000, s.get("orig_p").asInt());
    assertEquals("unknown", s.get("app").asText());
    assertEquals(q.length, s.get("orig_bytes").asInt());
    assertEquals(3, s.get("resp_bytes").asInt());
    assertEquals("internal", s.get("direction").asText());
    assertEquals("cam-001", s.get("orig_name").asText());
    assertFalse(s.get("vendor").asBoolean());
    assertTrue(s.get("community_id").asText().startsWith("1:"));
    JsonNode st = recs.get(1);
    assertEquals("stats", st.get("type").asText());
    assertEquals(2, st.get("packets").asInt());
    assertEquals(1, st.get("sessions").asInt());
    assertTrue(st.get("malformed").isObject());
    assertTrue(st.has("seconds") && st.has("bytes"));
  }

  @Test
  void malformedFramesAreCountedByReasonAndTheReplaySucceeds() throws IOException {
    byte[] good = udpFrame(0x0a000001, 1, 0x0a000002, 2, new byte[] {9});
    byte[] truncated = java.util.Arrays.copyOf(good, 20); // cut inside the IPv4 header
    Result r = run("replay", "--json", pcap("bad.pcap", truncated, good).toString());
    assertEquals(0, r.code(), r.err());
    JsonNode st = r.records().get(r.records().size() - 1);
    assertEquals(2, st.get("packets").asInt());
    assertEquals(1, st.get("malformed_total").asInt(), st.toString());
    assertEquals(1, st.get("malformed").size(), st.toString());
    assertEquals(1, st.get("sessions").asInt());
  }

  @Test
  void aDamagedTailEndsTheReplayCleanlyNamingTheByteOffset() throws IOException {
    Path p = pcap("damaged.pcap", udpFrame(0x0a000001, 1, 0x0a000002, 2, new byte[] {9}));
    long goodSize = Files.size(p);
    ByteBuffer rec = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    rec.putInt(1).putInt(0).putInt(0x7fff0000).putInt(0x7fff0000);
    Files.write(p, rec.array(), java.nio.file.StandardOpenOption.APPEND);
    Result r = run("replay", "--json", p.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode st = r.records().get(r.records().size() - 1);
    assertEquals(1, st.get("sessions").asInt());
    String damage = st.get("damaged").get(0).asText();
    assertTrue(damage.contains("damaged.pcap") && damage.contains("offset " + goodSize), damage);
  }

  @Test
  void anEvidenceStoreThatCannotBeCreatedSaysWhy() throws IOException {
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "a file where a directory should be");
    Result r =
        run(
            "replay",
            "--evidence",
            blocker.resolve("case.db").toString(),
            pcap("udp.pcap", udpFrame(0x0a000001, 1, 0x0a000002, 2, new byte[] {9})).toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(
        r.err().contains("not-a-dir")
            && (r.err().contains("not a directory") || r.err().contains("already exists")),
        r.err());
  }

  @Test
  void theTableForAPersonHasAHeaderAndAClosingLine() throws IOException {
    Result r =
        run(
            "replay",
            pcap("udp.pcap", udpFrame(0x0a000001, 1, 0x0a000002, 2, new byte[] {9})).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("start (UTC)"), r.out());
    assertTrue(r.out().contains("10.0.0.1:1") && r.out().contains("1 packets"), r.out());
  }

  private static long records(Path db) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM record")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @Test
  void aSecondReplayOfTheSameCaptureIntoAStoreIsRefused() throws Exception {
    Path db = dir.resolve("case.db");
    Path p = pcap("udp.pcap", udpFrame(0x0a000001, 1, 0x0a000002, 2, new byte[] {9}));
    Result first = run("replay", "--evidence", db.toString(), p.toString());
    assertEquals(0, first.code(), first.err());
    long after = records(db);
    // The same capture under another name is the same capture.
    Path copy = Files.copy(p, dir.resolve("copy-of-udp.pcap"));
    Result again = run("replay", "--evidence", db.toString(), copy.toString());
    assertEquals(2, again.code(), again.out() + again.err());
    assertEquals(1, again.err().strip().lines().count(), again.err());
    assertTrue(
        again.err().contains("copy-of-udp.pcap") && again.err().contains("already replayed"),
        again.err());
    assertEquals(after, records(db), "nothing added by the refused replay");
    // Another capture goes into the same store.
    Path other = pcap("other.pcap", udpFrame(0x0a000003, 3, 0x0a000004, 4, new byte[] {7}));
    Result third = run("replay", "--evidence", db.toString(), other.toString());
    assertEquals(0, third.code(), third.err());
    assertEquals(0, run("evidence", "verify", db.toString()).code());
  }
}
