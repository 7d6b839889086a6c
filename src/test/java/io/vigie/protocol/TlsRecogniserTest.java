package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vigie.net.App;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** TLS ClientHello and ServerHello, produced by the JDK's own TLS stack, split over segments. */
class TlsRecogniserTest {
  /** A ServerHello selecting TLS 1.3 through supported_versions (RFC 8446 4.1.3). */
  private static final String SERVER_HELLO_13 =
      "1603030032"
          + "0200002e"
          + "0303"
          + "11".repeat(32)
          + "00"
          + "1301"
          + "00"
          + "0006"
          + "002b00020304";

  private static final String SERVER_HELLO_12 =
      "160303002c" + "02000028" + "0303" + "22".repeat(32) + "00" + "c02f" + "00" + "0000";

  static byte[] clientHello(String sni, String... alpn) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    SSLEngine engine = ctx.createSSLEngine(sni, 443);
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName(sni)));
    p.setApplicationProtocols(alpn);
    engine.setSSLParameters(p);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.beginHandshake();
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }

  private static TestFlow feedSplit(byte[] stream, int segment, String serverHello) {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(50000, 10443);
    f.start(flow);
    for (int i = 0; i < stream.length; i += segment) {
      f.feed(flow, true, Arrays.copyOfRange(stream, i, Math.min(stream.length, i + segment)));
    }
    if (serverHello != null) {
      f.feed(flow, false, HexFormat.of().parseHex(serverHello));
    }
    f.end(flow);
    return flow;
  }

  @Test
  void readsSniAlpnAndVersionFromAClientHelloSplitOverSmallSegments() throws Exception {
    byte[] hello = clientHello("cam-07.vendor.example", "h2", "http/1.1");
    TestFlow flow = feedSplit(hello, 40, null);
    assertEquals(App.TLS, flow.app());
    assertEquals("cam-07.vendor.example", flow.attrs().sni);
    assertEquals("h2,http/1.1", flow.attrs().alpn);
    assertEquals("TLSv1.3", flow.attrs().tlsVersion, "highest of supported_versions");
  }

  @Test
  void theServersSelectedVersionWins() throws Exception {
    byte[] hello = clientHello("nvr.local");
    assertEquals("TLSv1.2", feedSplit(hello, 1000, SERVER_HELLO_12).attrs().tlsVersion);
    assertEquals("TLSv1.3", feedSplit(hello, 7, SERVER_HELLO_13).attrs().tlsVersion);
  }

  @Test
  void anSslv2CompatibleHelloIsTls() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        HexFormat.of().parseHex("802b0100020012000000100300800100800700c0060040020080040080"));
    b.writeBytes(new byte[16]);
    TestFlow flow = feedSplit(b.toByteArray(), 1000, null);
    assertEquals(App.TLS, flow.app());
    assertEquals("SSLv2", flow.attrs().tlsVersion);
  }

  @Test
  void truncatedHellosDoNotThrow() throws Exception {
    byte[] hello = clientHello("a.example", "h2");
    for (int cut = 0; cut < hello.length; cut += 3) {
      TestFlow flow = feedSplit(Arrays.copyOf(hello, cut), 50, null);
      assertNotEquals(null, flow.app());
    }
  }

  @Test
  void aHandshakeRecordOfAnotherTypeIsNotTls() {
    TestFlow flow = feedSplit(HexFormat.of().parseHex("1603010010" + "0b00000c030300"), 100, null);
    assertNotEquals(App.TLS, flow.app());
  }
}
