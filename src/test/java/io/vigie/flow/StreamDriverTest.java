package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.decode.DecodedPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamDriverTest {
  private final FlowTableTest.Recorder inspector = new FlowTableTest.Recorder();
  private final List<Flow> decided = new java.util.ArrayList<>();
  private final SliceBudget slices =
      new SliceBudget(
          (id, ts, lt) -> null,
          f -> {
            decided.add((Flow) f);
            return false;
          },
          1 << 20);
  private final StreamDriver driver = new StreamDriver(inspector, slices);

  private static Flow tcpFlow() {
    Flow f = new Flow();
    f.ipProto = DecodedPacket.PROTO_TCP;
    f.communityId = "1:t";
    return f;
  }

  private static DecodedPacket segment(int flags, long seq, String payload) {
    DecodedPacket p = new DecodedPacket();
    p.ipProto = DecodedPacket.PROTO_TCP;
    p.tcpFlags = flags;
    p.seq = seq & 0xffffffffL;
    byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
    p.payload = b;
    p.payloadLen = b.length;
    return p;
  }

  @Test
  void segmentsOutOfOrderAreDeliveredInStreamOrder() {
    Flow f = tcpFlow();
    driver.tcp(f, segment(DecodedPacket.TCP_SYN, 99, ""), true);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 106, "world"), true);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 100, "hello "), true);
    assertEquals("hello world", inspector.stream("1:t", true));
    assertTrue(f.synSeen);
    assertEquals(List.of(), inspector.gaps);
  }

  @Test
  void aRetransmittedSynDoesNotRewindTheStream() {
    Flow f = tcpFlow();
    driver.tcp(f, segment(DecodedPacket.TCP_SYN, 99, ""), true);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 100, "abc"), true);
    driver.tcp(f, segment(DecodedPacket.TCP_SYN, 99, ""), true);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 100, "abc"), true);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 103, "def"), true);
    assertEquals("abcdef", inspector.stream("1:t", true), "each byte delivered once");
  }

  @Test
  void aHoleTooFarAheadIsAGapAndTheStreamResumesAfterIt() {
    Flow f = tcpFlow();
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 1000, "ab"), true);
    driver.tcp(
        f, segment(DecodedPacket.TCP_ACK, 1002 + StreamDriver.MAX_REORDER_DISTANCE, "cd"), true);
    assertEquals("abcd", inspector.stream("1:t", true));
    assertEquals(List.of((long) StreamDriver.MAX_REORDER_DISTANCE), inspector.gaps);
  }

  @Test
  void finAndRstAreRecordedPerSide() {
    Flow f = tcpFlow();
    driver.tcp(f, segment(DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK, 1, ""), true);
    assertTrue(f.origFin);
    assertFalse(f.respFin);
    assertFalse(f.closed());
    driver.tcp(f, segment(DecodedPacket.TCP_RST, 5, ""), false);
    assertTrue(f.rst && f.closed());
  }

  @Test
  void onceTheInspectorHasSeenEnoughTheStreamsAreFreedAndTheSliceIsDecided() {
    inspector.stopAfterBytes = 4;
    Flow f = tcpFlow();
    driver.tcp(f, segment(DecodedPacket.TCP_SYN, 0, ""), true);
    driver.tcp(f, segment(DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK, 50, ""), false);
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 1, "abcdef"), true);
    assertFalse(f.inspecting);
    assertNull(f.origStream);
    assertNull(f.respStream);
    assertEquals(List.of(f), decided, "the slice part is asked once whether the flow matters now");
    int calls = inspector.calls;
    driver.tcp(f, segment(DecodedPacket.TCP_ACK, 7, "more"), true);
    assertEquals(calls, inspector.calls, "no payload after the inspector is done");
  }

  @Test
  void datagramsGoToTheInspectorUntilItIsDone() {
    inspector.stopAfterBytes = 2;
    Flow f = new Flow();
    f.ipProto = DecodedPacket.PROTO_UDP;
    f.communityId = "1:u";
    DecodedPacket d = segment(0, 0, "xyz");
    d.ipProto = DecodedPacket.PROTO_UDP;
    driver.datagram(f, d, true);
    assertFalse(f.inspecting);
    driver.datagram(f, d, true);
    assertEquals("xyz", inspector.stream("1:u", true));
  }
}
