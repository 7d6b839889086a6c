package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IKEv1 and IKEv2 headers, with the NAT-T non-ESP marker. */
class IkeRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"ike-v1-main-mode", "ike-v2-sa-init", "ike-natt-4500"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ike-v1-main-mode", "ike-v2-sa-init", "ike-natt-4500"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aLengthThatDisagreesWithTheDatagramIsNotIke() {
    Fixture fx = Fixture.load("ike-v1-main-mode");
    byte[] p = java.util.Arrays.copyOf(fx.payloads.get(0), fx.payloads.get(0).length + 4);
    TestFlow flow = TestFlow.udp(500, 500);
    new Feeder().run(flow, new boolean[] {true}, p);
    assertNotEquals(App.IKE, flow.app());
  }
}
