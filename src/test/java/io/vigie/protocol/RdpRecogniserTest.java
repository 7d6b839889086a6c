package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RDP X.224 connection request and its cookie; stays rdp after the switch to TLS. */
class RdpRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"rdp-cookie", "rdp-port443"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rdp-cookie", "rdp-port443"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void leavesTheFlowOnceTheCookieIsRead() {
    Feeder f = Fixture.check("rdp-cookie");
    assertEquals(1, f.calls);
  }

  @Test
  void aMidStreamMcsConnectInitialIsRdp() {
    TestFlow flow = TestFlow.tcp(40000, 3389);
    byte[] mcs = java.util.HexFormat.of().parseHex("0300019402f0807f658201880401010401010101ff");
    new Feeder().run(flow, new boolean[] {true}, mcs);
    assertEquals(App.RDP, flow.app());
  }
}
