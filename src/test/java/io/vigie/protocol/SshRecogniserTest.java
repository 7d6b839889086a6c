package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSH banners from either side, on any port. */
class SshRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"ssh-client-first", "ssh-server-first-port80"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh-client-first", "ssh-server-first-port80"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void stopsOnceBothBannersAreKnown() {
    Feeder f = Fixture.check("ssh-client-first");
    assertEquals(2, f.calls, "the encrypted stream after the banners must not be inspected");
  }

  @Test
  void aBannerLookalikeWithoutVersionIsNotSsh() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(40000, 22);
    f.run(flow, new boolean[] {true}, "SSH-x.y-nope\r\n".getBytes());
    assertNotEquals(App.SSH, flow.app());
  }
}
