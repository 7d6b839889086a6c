package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SMB over NetBIOS session service and direct TCP. */
class SmbRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"smb-direct-445", "smb-netbios-139"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"smb-direct-445", "smb-netbios-139"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aSessionMessageWithoutSmbMagicIsNotSmb() {
    TestFlow flow = TestFlow.tcp(40000, 445);
    new Feeder()
        .run(flow, new boolean[] {true}, new byte[] {0, 0, 0, 8, 'X', 'S', 'M', 'B', 0, 0, 0, 0});
    assertNotEquals(App.SMB, flow.app());
  }
}
