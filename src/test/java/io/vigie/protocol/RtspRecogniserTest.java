package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vigie.net.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RTSP requests and replies, mid-stream too; SETUP announces the RTP and RTCP flows. */
class RtspRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"rtsp-setup-play", "rtsp-midstream-setup"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rtsp-setup-play", "rtsp-midstream-setup"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void aReplyAloneIsRtsp() {
    TestFlow flow = TestFlow.tcp(50000, 554);
    new Feeder().run(flow, new boolean[] {false}, "RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n".getBytes());
    assertEquals(App.RTSP, flow.app());
  }

  @Test
  void interleavedMediaAfterPlayLeavesTheInspector() {
    Feeder f = new Feeder();
    TestFlow flow = TestFlow.tcp(50000, 554);
    f.start(flow);
    f.feed(
        flow,
        true,
        ("SETUP rtsp://cam/s RTSP/1.0\r\nCSeq: 1\r\n"
                + "Transport: RTP/AVP/TCP;interleaved=0-1\r\n\r\n")
            .getBytes());
    f.feed(flow, false, "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n".getBytes());
    f.feed(flow, true, "PLAY rtsp://cam/s RTSP/1.0\r\nCSeq: 2\r\n\r\n".getBytes());
    f.feed(flow, false, "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n".getBytes());
    boolean more = f.feed(flow, false, new byte[] {'$', 0, 0, 4, (byte) 0x80, 96, 0, 1});
    assertFalse(more);
    assertEquals(0, f.expected.size(), "RTP over the TCP connection announces no UDP flow");
  }
}
