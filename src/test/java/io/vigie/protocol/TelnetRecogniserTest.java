package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Telnet option negotiation from either side; credentials never kept. */
class TelnetRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"telnet-negotiation", "telnet-subneg-port21"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"telnet-negotiation", "telnet-subneg-port21"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void decidesOnTheNegotiationThenFollowsTheLogin() {
    Feeder f = Fixture.check("telnet-negotiation");
    assertEquals(6, f.calls, "decided on the negotiation, then followed up to the password line");
    Fixture fx = Fixture.load("telnet-negotiation");
    Feeder g = new Feeder();
    TestFlow flow = fx.newFlow();
    g.start(flow);
    for (int i = 0; i < fx.payloads.size(); i++) {
      g.feed(flow, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    g.end(flow);
    assertFalse(Fixture.describe(flow, g).contains("secret"), "the typed password is never kept");
  }

  @Test
  void anUnknownOptionCodeIsNotTelnet() {
    TestFlow flow = TestFlow.tcp(40000, 23);
    new Feeder()
        .run(flow, new boolean[] {false}, new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x99});
    assertEquals(App.UNKNOWN, flow.app());
  }
}
