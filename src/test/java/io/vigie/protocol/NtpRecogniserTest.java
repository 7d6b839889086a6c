package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NTP client/server exchange, and requests alone at flow end. */
class NtpRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"ntp-client-server", "ntp-request-only-port4123"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ntp-client-server", "ntp-request-only-port4123"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aBadVersionIsNotNtp() {
    Fixture fx = Fixture.load("ntp-client-server");
    byte[] p = fx.payloads.get(0).clone();
    p[0] = (byte) 0xFB; // version 7
    TestFlow flow = TestFlow.udp(123, 123);
    new Feeder().run(flow, new boolean[] {true}, p);
    assertEquals(App.UNKNOWN, flow.app());
  }
}
