package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSH banners from either side, on any port. */
class SshRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"ssh-client-first", "ssh-server-first-port80", "ssh-kexinit"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh-client-first", "ssh-server-first-port80", "ssh-kexinit"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void stopsOnceBothKeyExchangeInitsAreKnown() {
    Feeder f = Fixture.check("ssh-kexinit");
    assertEquals(4, f.calls, "the encrypted stream after the KEXINITs must not be inspected");
  }

  @Test
  void aKexinitLongerThanItsBoundIsSkippedWithoutAFingerprint() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(40000, 22);
    f.run(
        flow,
        new boolean[] {true, false, true},
        "SSH-2.0-a\r\n".getBytes(),
        "SSH-2.0-b\r\n".getBytes(),
        new byte[] {0, 1, 0, 0, 4, 20});
    assertEquals(App.SSH, flow.app());
    assertNull(flow.attrs().hassh);
  }

  @Test
  void aBannerLookalikeWithoutVersionIsNotSsh() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(40000, 22);
    f.run(flow, new boolean[] {true}, "SSH-x.y-nope\r\n".getBytes());
    assertNotEquals(App.SSH, flow.app());
  }
}
