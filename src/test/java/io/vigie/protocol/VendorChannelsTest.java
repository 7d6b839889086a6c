package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigie.net.App;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The video-platform, vendor, discovery and telemetry protocols a camera vendor uses, recognised by
 * content on their usual and on other ports. Fixtures built from the public descriptions say so in
 * their first lines; captures of real programs are tested in {@code RealVendorChannelsTest}.
 */
class VendorChannelsTest {
  private static final String[] FIXTURES = {
    "sip-gb28181-register",
    "sip-tcp-uri-password",
    "mqtt-connect-port8443",
    "dahua-dhip-login",
    "dahua-dvrip-login",
    "dahua-p2p-easy4ip",
    "sadp-inquiry",
    "isup-register",
    "ssdp-msearch",
    "ssdp-search-answer-port5000",
    "http-upnp-addportmapping",
    "http-isapi-basic",
  };

  static Stream<String> fixtures() {
    return Arrays.stream(FIXTURES);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void noSecretOfAnyFixtureReachesTheAttributes() {
    for (String name : FIXTURES) {
      Fixture fx = Fixture.load(name);
      Feeder feeder = new Feeder();
      TestFlow flow = fx.newFlow();
      feeder.start(flow);
      for (int i = 0; i < fx.payloads.size(); i++) {
        feeder.feed(flow, fx.fromOrig.get(i), fx.payloads.get(i));
      }
      feeder.end(flow);
      String all = Fixture.describe(flow, feeder);
      for (String secret :
          new String[] {
            "hunter2", "secret", "9f2a2b3b5a3d4b3e", "4AE2B3C1D0E9F8A7", "12345abcde", "YWRtaW46"
          }) {
        assertFalse(all.contains(secret), name + " keeps a secret: " + all);
      }
    }
  }

  @Test
  void garbageIsNoneOfThem() {
    byte[][] garbage = {
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      "REGISTER me please\r\n".getBytes(StandardCharsets.US_ASCII),
      {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 4, 'M', 'Q'},
      {0x20, 0, 0, 0, 'D', 'H', 'I', 'X'},
      dvrip(0xa0, 0, 0x00, 0x00), // a login without the client marker
      dvrip(0xf6, 40, 0, 0), // JSON length not repeated at 16-19
      dvrip(0xb0, 12, 0, 0), // an answer that is neither a realm nor a login result
      dvrip(0xa0, 0x7FFFFFFF, 0xa1, 0xaa), // a length no device sends
      "<Envelope><Probe><Types>dn:NetworkVideoTransmitter</Types></Probe></Envelope>"
          .getBytes(StandardCharsets.US_ASCII),
    };
    for (byte[] g : garbage) {
      Feeder f = new Feeder();
      TestFlow tcp = TestFlow.tcp(40000, 5060);
      f.run(tcp, new boolean[] {true}, g);
      assertNotEquals(App.SIP, tcp.app());
      assertNotEquals(App.MQTT, tcp.app());
      assertNotEquals(App.DAHUA, tcp.app());
      TestFlow udp = TestFlow.udp(40000, 37020);
      new Feeder().run(udp, new boolean[] {true}, g);
      assertNotEquals(App.SADP, udp.app());
      assertNotEquals(App.SIP, udp.app());
    }
  }

  /** A 32-byte DVRIP-like header: command, length at 4-7, marker bytes 30-31, then a body. */
  private static byte[] dvrip(int cmd, int length, int marker0, int marker1) {
    byte[] b = new byte[48];
    b[0] = (byte) cmd;
    b[4] = (byte) length;
    b[5] = (byte) (length >> 8);
    b[6] = (byte) (length >> 16);
    b[7] = (byte) (length >>> 24);
    b[30] = (byte) marker0;
    b[31] = (byte) marker1;
    b[32] = '{';
    return b;
  }

  @Test
  void dvripIsDecidedByItsLoginRealmAnswerOrJsonHeaderAndNothingElse() {
    byte[] login = dvrip(0xa0, 0, 0xa1, 0xaa);
    assertEquals(Verdict.MATCH, DahuaRecogniser.dvrip(login, 0, 32));
    assertEquals(Verdict.MAYBE, DahuaRecogniser.dvrip(login, 0, 31), "header still arriving");
    byte[] json = dvrip(0xf6, 16, 0, 0);
    json[16] = 16;
    assertEquals(Verdict.MATCH, DahuaRecogniser.dvrip(json, 0, 33));
    assertEquals(Verdict.MAYBE, DahuaRecogniser.dvrip(json, 0, 32), "body still arriving");
    json[32] = 'x';
    assertEquals(Verdict.NO, DahuaRecogniser.dvrip(json, 0, 33));
    for (int other : new int[] {0x00, 0x16, 0xa1, 0xb1, 0xff}) {
      assertEquals(
          Verdict.NO, DahuaRecogniser.dvrip(dvrip(other, 0, 0xa1, 0xaa), 0, 48), "" + other);
    }
    // DVRIP is a TCP framing: the same bytes in a datagram are not Dahua.
    TestFlow udp = TestFlow.udp(40000, 37777);
    new Feeder().run(udp, new boolean[] {true}, login);
    assertNotEquals(App.DAHUA, udp.app());
  }

  @Test
  void gbIdsAreTwentyDigitsWithTheirTypeInTheEleventhToThirteenth() {
    assertEquals(132, SipTracker.gbType("34020000001320000001"));
    assertEquals(200, SipTracker.gbType("34020000002000000001"));
    assertEquals(-1, SipTracker.gbType("3402000000132000000"));
    assertEquals(-1, SipTracker.gbType("3402000000132000000x"));
    assertNull(SipTracker.uriUser("<sip:host.example>"));
    assertEquals("sip:alice@pbx", SipTracker.withoutPassword("sip:alice:pw@pbx"));
    assertEquals("sip:pbx", SipTracker.withoutPassword("sip:pbx"));
  }
}
