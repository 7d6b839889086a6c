package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.capture.LinkType;
import io.vigie.flow.PacketRecorder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a pcap slice keeps no credential. Real slices written by the store, read back by
 * tshark, which must still decode the FTP and HTTP exchanges (and find every checksum good).
 */
class SliceRedactionTest {
  private static final String FTP_SECRET = "Tr0ub4dor&3";
  private static final String BASIC =
      java.util.Base64.getEncoder()
          .encodeToString("admin:Sup3rS3cret!".getBytes(StandardCharsets.US_ASCII));
  private static final String TELNET_SECRET = "hunter2";
  private final Clock clock =
      Clock.fixed(Instant.ofEpochSecond(TestStores.T0 / 1_000_000_000L), ZoneOffset.UTC);

  @TempDir Path dir;

  /**
   * One TCP connection's frames (Ethernet/IPv4/TCP), checksums right, sequence numbers advancing.
   */
  static final class Conn {
    final int clientPort;
    final int serverPort;
    int clientSeq = 1000;
    int serverSeq = 5000;
    final List<byte[]> frames = new ArrayList<>();

    Conn(int clientPort, int serverPort) {
      this.clientPort = clientPort;
      this.serverPort = serverPort;
    }

    Conn send(boolean fromClient, String text) {
      byte[] payload = text.getBytes(StandardCharsets.ISO_8859_1);
      frames.add(frame(fromClient, payload));
      if (fromClient) {
        clientSeq += payload.length;
      } else {
        serverSeq += payload.length;
      }
      return this;
    }

    Conn sendBytes(boolean fromClient, byte[] payload) {
      frames.add(frame(fromClient, payload));
      clientSeq += fromClient ? payload.length : 0;
      serverSeq += fromClient ? 0 : payload.length;
      return this;
    }

    private byte[] frame(boolean fromClient, byte[] payload) {
      byte[] client = {(byte) 203, 0, 113, 5};
      byte[] server = {10, 20, 1, 1};
      byte[] src = fromClient ? client : server;
      byte[] dst = fromClient ? server : client;
      ByteBuffer b = ByteBuffer.allocate(54 + payload.length);
      b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
      b.put((byte) 0x45)
          .put((byte) 0)
          .putShort((short) (40 + payload.length))
          .putShort((short) 1)
          .putShort((short) 0)
          .put((byte) 64)
          .put((byte) 6)
          .putShort((short) 0)
          .put(src)
          .put(dst);
      b.putShort(14 + 10, (short) ~sum(b.array(), 14, 20, 0));
      b.putShort((short) (fromClient ? clientPort : serverPort))
          .putShort((short) (fromClient ? serverPort : clientPort))
          .putInt(fromClient ? clientSeq : serverSeq)
          .putInt(fromClient ? serverSeq : clientSeq)
          .put((byte) 0x50)
          .put((byte) 0x18)
          .putShort((short) 65535)
          .putShort((short) 0)
          .putShort((short) 0)
          .put(payload);
      long pseudo =
          ((src[0] & 0xff) << 8 | (src[1] & 0xff))
              + ((src[2] & 0xff) << 8 | (src[3] & 0xff))
              + ((dst[0] & 0xff) << 8 | (dst[1] & 0xff))
              + ((dst[2] & 0xff) << 8 | (dst[3] & 0xff))
              + 6
              + 20
              + payload.length;
      b.putShort(34 + 16, (short) ~sum(b.array(), 34, 20 + payload.length, pseudo));
      return b.array();
    }

    private static int sum(byte[] a, int off, int len, long initial) {
      long s = initial;
      for (int i = 0; i < len; i += 2) {
        s += ((a[off + i] & 0xff) << 8) | (i + 1 < len ? a[off + i + 1] & 0xff : 0);
      }
      while ((s >>> 16) != 0) {
        s = (s & 0xffff) + (s >>> 16);
      }
      return (int) s;
    }
  }

  private JsonNode record(Path db, String flow, Conn c) throws Exception {
    try (EvidenceStore store =
        EvidenceStore.open(
            db,
            TestStores.cfg(1000),
            clock,
            io.vigie.notice.NoticeSink.NONE,
            EvidenceMetrics.NONE)) {
      PacketRecorder.Recording r = store.recorder().begin(flow, TestStores.T0, LinkType.ETHERNET);
      long t = TestStores.T0;
      for (byte[] f : c.frames) {
        r.packet(t += 1_000_000L, f, 0, f.length, f.length);
      }
      r.finish(null);
    }
    return Timeline.read(db, new TimelineFilter(null, null, null, flow, false)).get(0).fields();
  }

  private static List<String> tshark(Path pcap, String filter, String... fields) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "tshark",
                "-n",
                "-r",
                pcap.toString(),
                "-o",
                "tcp.check_checksum:TRUE",
                "-Y",
                filter,
                "-T",
                "fields"));
    for (String f : fields) {
      cmd.add("-e");
      cmd.add(f);
    }
    Path err = Files.createTempFile("tshark", ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    String errors = Files.readString(err);
    Files.delete(err);
    assertEquals(0, rc, errors);
    return out.lines().toList();
  }

  private static boolean contains(byte[] hay, String needle) {
    return new String(hay, StandardCharsets.ISO_8859_1).contains(needle);
  }

  @Test
  @Tag("system")
  void ftpAndHttpSlicesDecodeInTsharkAndHoldNoSecret() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    Path db = dir.resolve("e.db");
    Conn ftp =
        new Conn(40001, 21)
            .send(false, "220 cam-001 FTP ready\r\n")
            .send(true, "USER admin\r\n")
            .send(false, "331 Password required\r\n")
            .send(true, "PASS " + FTP_SECRET + "\r\n")
            .send(false, "230 Logged in\r\n")
            .send(true, "RETR fw.bin\r\n");
    JsonNode f = record(db, "1:ftp=", ftp);
    Conn http =
        new Conn(40002, 80)
            .send(
                true,
                "GET /cgi-bin/admin HTTP/1.1\r\nHost: cam-001\r\nAuthorization: Basic "
                    + BASIC
                    + "\r\nUser-Agent: acme\r\n\r\n")
            .send(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            // a second request whose header is cut across two segments
            .send(true, "GET /x HTTP/1.1\r\nHost: cam-001\r\nAuthorization: Bearer abc.")
            .send(true, "def.ghi\r\n\r\n");
    JsonNode h = record(db, "1:http=", http);

    Path slices = dir.resolve("e.db.slices");
    Path ftpPcap = slices.resolve(f.path("file").asText());
    Path httpPcap = slices.resolve(h.path("file").asText());
    byte[] ftpBytes = Files.readAllBytes(ftpPcap);
    byte[] httpBytes = Files.readAllBytes(httpPcap);
    assertFalse(contains(ftpBytes, FTP_SECRET), "the FTP password is gone");
    assertTrue(
        contains(ftpBytes, "PASS " + "*".repeat(FTP_SECRET.length()) + "\r\n"),
        "same length, same command");
    assertTrue(contains(ftpBytes, "USER admin"), "what is not a secret is kept");
    assertFalse(contains(httpBytes, BASIC), "the Basic credential is gone");
    assertFalse(
        contains(httpBytes, "abc.") || contains(httpBytes, "def.ghi"),
        "the bearer token, both halves");
    assertTrue(contains(httpBytes, "Authorization: Basic " + "*".repeat(BASIC.length())));

    assertEquals(
        List.of("PASS\t" + "*".repeat(FTP_SECRET.length())),
        tshark(
            ftpPcap, "ftp.request.command == \"PASS\"", "ftp.request.command", "ftp.request.arg"));
    assertEquals(6, tshark(ftpPcap, "ftp", "frame.number").size(), "every FTP line still decodes");
    assertEquals(
        List.of(),
        tshark(ftpPcap, "tcp.checksum.status == 0", "frame.number"),
        "checksums recomputed");
    assertEquals(
        List.of("/cgi-bin/admin", "/x"), tshark(httpPcap, "http.request", "http.request.uri"));
    assertEquals(
        List.of("Basic " + "*".repeat(BASIC.length())),
        tshark(httpPcap, "http.request.uri == \"/cgi-bin/admin\"", "http.authorization"));
    assertEquals(List.of(), tshark(httpPcap, "tcp.checksum.status == 0", "frame.number"));

    assertTrue(f.path("redacted").asBoolean(), f.toString());
    assertEquals(FTP_SECRET.length(), f.path("redacted_bytes").asInt());
    assertEquals("[\"ftp_pass\"]", f.path("redacted_kinds").toString());
    assertEquals("[\"authorization\"]", h.path("redacted_kinds").toString());
    assertEquals(
        StoreVerifier.sha256(ftpPcap),
        f.path("sha256").asText(),
        "the record vouches for the redacted file");
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void telnetPasswordTypedOneKeyAPacketAndAnMqttPasswordAreOverwritten() throws Exception {
    Path db = dir.resolve("e.db");
    Conn telnet =
        new Conn(40003, 23)
            .sendBytes(false, new byte[] {(byte) 0xff, (byte) 0xfb, 1})
            .send(false, "login: ")
            .send(true, "root\r\n")
            .send(false, "Password: ");
    for (char c : TELNET_SECRET.toCharArray()) {
      telnet.send(true, String.valueOf(c));
    }
    telnet.send(true, "\r\n").send(false, "# ").send(true, "id\r\n");
    JsonNode t = record(db, "1:telnet=", telnet);
    byte[] telnetBytes =
        Files.readAllBytes(dir.resolve("e.db.slices").resolve(t.path("file").asText()));
    // Typed one key a packet: each key's byte is overwritten, and only those.
    assertEquals(TELNET_SECRET.length(), t.path("redacted_bytes").asInt(), t.toString());
    assertEquals("[\"telnet_password\"]", t.path("redacted_kinds").toString());
    for (char c : TELNET_SECRET.toCharArray()) {
      assertFalse(contains(telnetBytes, "\u0018" + c), "no key of the password is left: " + c);
    }
    assertTrue(
        contains(telnetBytes, "root\r\n") && contains(telnetBytes, "id\r\n"),
        "the rest of the session is kept");

    ByteArrayOutputStream connect = new ByteArrayOutputStream();
    byte[] body = mqttConnectBody("cam-001", "acme", "mq77-pass");
    connect.write(0x10);
    connect.write(body.length);
    connect.write(body);
    JsonNode m =
        record(db, "1:mqtt=", new Conn(40004, 1883).sendBytes(true, connect.toByteArray()));
    byte[] mqttBytes =
        Files.readAllBytes(dir.resolve("e.db.slices").resolve(m.path("file").asText()));
    assertFalse(contains(mqttBytes, "mq77-pass"));
    assertTrue(contains(mqttBytes, "acme"), "the user name is not a secret");
    assertEquals("[\"mqtt_password\"]", m.path("redacted_kinds").toString());

    JsonNode json =
        record(
            db,
            "1:dhip=",
            new Conn(40005, 37777)
                .send(
                    true,
                    "{\"method\":\"global.login\",\"params\":{\"userName\":\"admin\",\"password\" : \"D4hua!x\"}}"));
    byte[] jsonBytes =
        Files.readAllBytes(dir.resolve("e.db.slices").resolve(json.path("file").asText()));
    assertFalse(contains(jsonBytes, "D4hua!x"));
    assertTrue(contains(jsonBytes, "\"password\" : \"*******\""));
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  /** An Ethernet/IPv4/UDP frame, or one fragment of a datagram ({@code data} is its IP payload). */
  private static byte[] ipv4Frame(int proto, int id, int fragOff, boolean more, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(34 + data.length);
    b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (20 + data.length))
        .putShort((short) id)
        .putShort((short) ((more ? 0x2000 : 0) | (fragOff / 8)))
        .put((byte) 64)
        .put((byte) proto)
        .putShort((short) 0)
        .put(new byte[] {(byte) 203, 0, 113, 5})
        .put(new byte[] {10, 20, 1, 1});
    b.putShort(14 + 10, (short) ~Conn.sum(b.array(), 14, 20, 0));
    b.put(data);
    return b.array();
  }

  /** A UDP datagram (checksum 0: none, allowed over IPv4) from port 5060 to 5060. */
  private static byte[] udp(String text) {
    byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(8 + payload.length)
        .putShort((short) 5060)
        .putShort((short) 5060)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0)
        .put(payload)
        .array();
  }

  /**
   * Issue 16: SIP's Authorization over UDP is overwritten like HTTP's; a secret in a fragmented
   * datagram (the classic way past a filter) leaves no byte either: every fragment's data is
   * blanked, the fragments themselves stay in the slice, and tshark still reads it.
   */
  @Test
  @Tag("system")
  void sipDigestAndASecretSplitAcrossIpFragmentsAreGoneAndTsharkReadsTheSlices() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    Path db = dir.resolve("e.db");
    String response = "6629fae49393a05397450978507c4ef1";
    String register =
        "REGISTER sip:vms-1 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK776\r\n"
            + "From: <sip:cam-001@vms-1>;tag=1\r\nTo: <sip:cam-001@vms-1>\r\nCall-ID: 42@cam\r\n"
            + "CSeq: 2 REGISTER\r\nAuthorization: Digest username=\"cam-001\", realm=\"vms\","
            + " nonce=\"abc\", uri=\"sip:vms-1\", response=\""
            + response
            + "\"\r\nContent-Length: 0\r\n\r\n";
    Conn whole = new Conn(5060, 5060);
    whole.frames.add(ipv4Frame(17, 7, 0, false, udp(register)));
    JsonNode w = record(db, "1:sip=", whole);
    Path wholePcap = dir.resolve("e.db.slices").resolve(w.path("file").asText());
    assertFalse(contains(Files.readAllBytes(wholePcap), response), "the digest response is gone");
    assertEquals("[\"authorization\"]", w.path("redacted_kinds").toString());
    assertEquals(List.of("REGISTER"), tshark(wholePcap, "sip.Method", "sip.Method"));

    // The same datagram in two fragments, cut in the middle of the digest response.
    byte[] datagram = udp(register);
    int cut = (register.indexOf(response) + 8 + 16) / 8 * 8;
    Conn frags = new Conn(5060, 5060);
    frags.frames.add(ipv4Frame(17, 8, 0, true, java.util.Arrays.copyOfRange(datagram, 0, cut)));
    frags.frames.add(
        ipv4Frame(17, 8, cut, false, java.util.Arrays.copyOfRange(datagram, cut, datagram.length)));
    JsonNode f = record(db, "1:sipfrag=", frags);
    Path fragPcap = dir.resolve("e.db.slices").resolve(f.path("file").asText());
    byte[] fragBytes = Files.readAllBytes(fragPcap);
    assertFalse(contains(fragBytes, response.substring(0, 16)), "first half of the secret");
    assertFalse(contains(fragBytes, response.substring(16)), "second half of the secret");
    assertFalse(contains(fragBytes, "cam-001"), "nothing of a fragment's data is kept");
    assertEquals(datagram.length - 8, f.path("redacted_bytes").asInt(), "all but the UDP header");
    assertTrue(f.path("redacted_kinds").toString().contains("ip_fragment"), f.toString());
    assertEquals(
        2,
        tshark(fragPcap, "ip.flags.mf == 1 || ip.frag_offset > 0", "frame.number").size(),
        "both fragments are still there, with their sizes and offsets");
    assertEquals(
        List.of("5060"),
        tshark(fragPcap, "udp", "udp.srcport"),
        "tshark reassembles the datagram: its UDP header was kept");
    assertTrue(StoreVerifier.verify(db, VerifyOptions.DEFAULT).intact());
  }

  private static byte[] mqttConnectBody(String clientId, String user, String password) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    field(b, "MQTT");
    b.write(4); // 3.1.1
    b.write(0xc2); // user name, password, clean session
    b.write(0);
    b.write(60);
    field(b, clientId);
    field(b, user);
    field(b, password);
    return b.toByteArray();
  }

  private static void field(ByteArrayOutputStream b, String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    b.write(v.length >>> 8);
    b.write(v.length);
    b.write(v, 0, v.length);
  }
}
