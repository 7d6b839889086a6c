package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VNC RFB version handshake. */
class VncRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"vnc-handshake", "vnc-old-client-port8080"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vnc-handshake", "vnc-old-client-port8080"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aBrokenVersionStringIsNotVnc() {
    TestFlow flow = TestFlow.tcp(40000, 5900);
    new Feeder().run(flow, new boolean[] {false}, "RFB 3.8\n\n\n\n\n".getBytes());
    assertNotEquals(App.VNC, flow.app());
  }
}
