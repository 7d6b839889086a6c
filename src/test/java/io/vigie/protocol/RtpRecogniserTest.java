package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.net.App;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RTP by header consistency over a few packets, RTCP compounds, RTP over TCP (RFC 4571). */
class RtpRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"rtcp-sender-report"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rtcp-sender-report"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  static byte[] rtp(int seq, long ts, int ssrc, int payloadLen) {
    ByteBuffer b = ByteBuffer.allocate(12 + payloadLen);
    b.put((byte) 0x80).put((byte) 96).putShort((short) seq).putInt((int) ts).putInt(ssrc);
    return b.array();
  }

  @Test
  void aVideoStreamIsDecidedOnItsThirdPacketAndLeavesTheInspector() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.udp(6970, 50220);
    f.start(flow);
    assertTrue(f.feed(flow, true, rtp(65534, 1000, 0x1234, 1200)));
    assertTrue(f.feed(flow, true, rtp(65535, 4000, 0x1234, 1200)));
    assertFalse(f.feed(flow, true, rtp(0, 7000, 0x1234, 1200)), "sequence wraps");
    assertEquals(App.RTP, flow.app());
  }

  @Test
  void twoPacketsAreEnoughAtFlowEnd() {
    TestFlow flow = TestFlow.udp(6970, 50220);
    new Feeder().run(flow, new boolean[] {true, true}, rtp(10, 0, 7, 100), rtp(11, 0, 7, 100));
    assertEquals(App.RTP, flow.app());
  }

  @Test
  void aChangingSsrcIsNotRtp() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.udp(6970, 50220);
    f.start(flow);
    for (int i = 0; i < 10; i++) {
      f.feed(flow, true, rtp(i, 0, i, 100));
    }
    f.end(flow);
    assertEquals(App.UNKNOWN, flow.app());
  }

  @Test
  void rtpOverTcpUsesTheTwoByteFraming() {
    ByteBuffer stream = ByteBuffer.allocate(3 * (2 + 12 + 400));
    for (int i = 0; i < 3; i++) {
      stream.putShort((short) (12 + 400)).put(rtp(100 + i, i * 3000L, 0, 400));
    }
    TestFlow flow = TestFlow.tcp(40252, 5000);
    new Feeder().run(flow, new boolean[] {true}, stream.array());
    assertEquals(App.RTP, flow.app());
  }

  @Test
  void rtpInterleavedOverTcpIsRecognisedWithoutItsRtspSession() {
    ByteBuffer stream = ByteBuffer.allocate(3 * (4 + 12 + 100));
    for (int i = 0; i < 3; i++) {
      stream.put((byte) '$').put((byte) 0).putShort((short) (12 + 100)).put(rtp(7 + i, 0, 99, 100));
    }
    TestFlow flow = TestFlow.tcp(40000, 554);
    new Feeder().run(flow, new boolean[] {false}, stream.array());
    assertEquals(App.RTP, flow.app());
  }
}
