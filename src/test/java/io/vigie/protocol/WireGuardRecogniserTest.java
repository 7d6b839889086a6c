package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WireGuard message types with their fixed sizes. */
class WireGuardRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"wireguard-handshake-5060", "wireguard-transport-only"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"wireguard-handshake-5060", "wireguard-transport-only"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aWrongSizeOrReservedByteIsNotWireGuard() {
    Fixture fx = Fixture.load("wireguard-handshake-5060");
    byte[] init = fx.payloads.get(0);
    byte[] reserved = init.clone();
    reserved[2] = 1;
    TestFlow a = TestFlow.udp(51820, 51820);
    new Feeder().run(a, new boolean[] {true}, java.util.Arrays.copyOf(init, 150));
    TestFlow b = TestFlow.udp(51820, 51820);
    new Feeder().run(b, new boolean[] {true}, reserved);
    assertNotEquals(App.WIREGUARD, a.app());
    assertNotEquals(App.WIREGUARD, b.app());
  }
}
