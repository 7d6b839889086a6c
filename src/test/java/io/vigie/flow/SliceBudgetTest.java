package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.decode.DecodedPacket;
import io.vigie.net.App;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceBudgetTest {
  /** What a recording received: the lengths written, and the session it was finished with. */
  static final class Slice implements PacketRecorder.Recording {
    final List<Integer> lengths = new ArrayList<>();
    Session finishedWith;

    @Override
    public void packet(long tsNanos, byte[] buf, int off, int capLen, int wireLen) {
      lengths.add(capLen);
    }

    @Override
    public void finish(Session session) {
      finishedWith = session;
    }
  }

  private final List<Slice> slices = new ArrayList<>();
  private final PacketRecorder recorder =
      (id, ts, lt) -> {
        Slice s = new Slice();
        slices.add(s);
        return s;
      };

  private static Flow udpFlow() {
    Flow f = new Flow();
    f.ipProto = DecodedPacket.PROTO_UDP;
    f.communityId = "1:x";
    return f;
  }

  private static DecodedPacket frame(int len) {
    DecodedPacket p = new DecodedPacket();
    p.frame = new byte[len];
    p.capLen = len;
    p.wireLen = len;
    p.transportOff = 34; // Ethernet + IPv4
    return p;
  }

  @Test
  void theBudgetRefusesFlowsBeyondItAndGetsTheirBytesBackWhenTheyEnd() {
    SliceBudget budget =
        new SliceBudget(recorder, FlowInterest.NONE, 3 * RetainedPackets.INITIAL_FOOTPRINT);
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Flow f = udpFlow();
      budget.started(f);
      flows.add(f);
    }
    assertEquals(2, budget.refused());
    assertNull(flows.get(4).retained, "refused flows keep nothing");
    assertEquals(3 * RetainedPackets.INITIAL_FOOTPRINT, budget.retainedBytes());
    for (Flow f : flows) {
      budget.ended(f, null);
    }
    assertEquals(0, budget.retainedBytes());
    Flow again = udpFlow();
    budget.started(again);
    assertNotNull(again.retained);
    assertEquals(2, budget.refused());
  }

  @Test
  void withoutARecorderNothingIsRetained() {
    SliceBudget budget = new SliceBudget(PacketRecorder.NONE, f -> true, 1 << 20);
    Flow f = udpFlow();
    budget.started(f);
    assertNull(f.retained);
    assertEquals(0, budget.refused());
    assertTrue(!SliceBudget.keeping(f));
  }

  @Test
  void aFlowFlaggedOnceDecidedRecordsItsFirstPacketsThenTheRestAndFinishesWithItsSession() {
    SliceBudget budget = new SliceBudget(recorder, flow -> flow.app() == App.SSH, 1 << 20);
    Flow f = udpFlow();
    budget.started(f);
    budget.keep(f, frame(100));
    budget.keep(f, frame(200));
    assertEquals(List.of(), slices, "not flagged yet: only retained");
    f.app = App.SSH;
    f.inspecting = false;
    budget.decided(f);
    assertEquals(1, slices.size());
    assertEquals(
        List.of(100, 200), slices.get(0).lengths, "the first packets, replayed into the slice");
    assertNull(f.retained, "retained copies are given back once recorded");
    budget.keep(f, frame(300));
    assertEquals(List.of(100, 200, 300), slices.get(0).lengths);
    Session s =
        new Session(
            0,
            0,
            "udp",
            "10.0.0.1",
            1,
            "10.0.0.2",
            2,
            "1:x",
            App.SSH,
            0,
            0,
            0,
            0,
            Direction.EXTERNAL,
            false,
            null,
            null,
            "end",
            null,
            null,
            null);
    budget.ended(f, s);
    assertSame(s, slices.get(0).finishedWith);
    assertEquals(0, budget.retainedBytes());
  }

  @Test
  void rtpIsCutToItsHeadersInTheSlice() {
    SliceBudget budget = new SliceBudget(recorder, flow -> true, 1 << 20);
    Flow f = udpFlow();
    f.app = App.RTP;
    f.inspecting = false;
    budget.started(f);
    budget.keep(f, frame(1400));
    assertEquals(
        List.of(34 + 20), slices.get(0).lengths, "UDP and fixed RTP headers only: no video");
  }
}
