package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenVPN opcode and session-id structure over UDP and TCP, incl. tls-crypt. */
class OpenVpnRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"openvpn-udp", "openvpn-tcp-tlscrypt-port443", "openvpn-udp-server-only"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openvpn-udp", "openvpn-tcp-tlscrypt-port443", "openvpn-udp-server-only"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void oneResetAloneIsNotEnough() {
    Fixture fx = Fixture.load("openvpn-udp");
    TestFlow flow = TestFlow.udp(41000, 1194);
    new Feeder().run(flow, new boolean[] {true}, fx.payloads.get(0));
    assertEquals(App.UNKNOWN, flow.app());
  }

  @Test
  void aChangingSessionIdIsNotOpenVpn() {
    Fixture fx = Fixture.load("openvpn-udp");
    byte[] other = fx.payloads.get(0).clone();
    other[3] ^= 0x55;
    TestFlow flow = TestFlow.udp(41000, 1194);
    new Feeder().run(flow, new boolean[] {true, true}, fx.payloads.get(0), other);
    assertNotEquals(App.OPENVPN, flow.app());
  }
}
