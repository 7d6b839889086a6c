package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig.FlowConfig;
import io.vigie.decode.DecodedPacket;
import io.vigie.net.App;
import io.vigie.net.IpAddress;
import io.vigie.protocol.Expectation;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.ParentDetails;
import io.vigie.protocol.PayloadInspector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowTableTest {
  private static final long S = 1_000_000_000L;
  private final List<Session> sessions = new ArrayList<>();
  private final Recorder inspector = new Recorder();
  private final ExpectationTable expectations = new ExpectationTable();

  /** Collects the in-order stream each direction delivers; wants more until told otherwise. */
  static final class Recorder implements PayloadInspector {
    final Map<String, ByteArrayOutputStream> streams = new HashMap<>();
    final List<Long> gaps = new ArrayList<>();
    int stopAfterBytes = Integer.MAX_VALUE;
    int calls;

    @Override
    public void onFlowStart(FlowContext flow, long tsNanos) {}

    @Override
    public boolean onPayload(
        FlowContext flow, boolean fromOrig, byte[] buf, int off, int len, long ts) {
      calls++;
      ByteArrayOutputStream s =
          streams.computeIfAbsent(flow.communityId() + fromOrig, k -> new ByteArrayOutputStream());
      s.write(buf, off, len);
      return s.size() < stopAfterBytes;
    }

    @Override
    public void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {
      gaps.add(lostBytes);
    }

    @Override
    public void onFlowEnd(FlowContext flow, long tsNanos) {
      if (flow.app() == null) {
        flow.app(App.UNKNOWN);
      }
    }

    String stream(String cid, boolean fromOrig) {
      ByteArrayOutputStream s = streams.get(cid + fromOrig);
      return s == null ? "" : s.toString(StandardCharsets.US_ASCII);
    }
  }

  private FlowTable table(FlowConfig cfg) {
    return new FlowTable(
        cfg, inspector, expectations, FlowInterest.NONE, PacketRecorder.NONE, sessions::add);
  }

  private static DecodedPacket tcp(
      long ts, String src, int sport, String dst, int dport, int flags, long seq, String payload) {
    DecodedPacket p = base(ts, src, sport, dst, dport, DecodedPacket.PROTO_TCP);
    p.tcpFlags = flags;
    p.seq = seq & 0xffffffffL;
    byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
    p.payload = b;
    p.payloadOff = 0;
    p.payloadLen = b.length;
    return p;
  }

  private static DecodedPacket udp(
      long ts, String src, int sport, String dst, int dport, String payload) {
    DecodedPacket p = base(ts, src, sport, dst, dport, DecodedPacket.PROTO_UDP);
    byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
    p.payload = b;
    p.payloadLen = b.length;
    return p;
  }

  private static DecodedPacket base(
      long ts, String src, int sport, String dst, int dport, int proto) {
    DecodedPacket p = new DecodedPacket();
    IpAddress.Parsed s = IpAddress.parse(src);
    IpAddress.Parsed d = IpAddress.parse(dst);
    p.tsNanos = ts;
    p.ipVersion = s.version();
    p.srcHi = s.hi();
    p.srcLo = s.lo();
    p.dstHi = d.hi();
    p.dstLo = d.lo();
    p.srcPort = sport;
    p.dstPort = dport;
    p.ipProto = proto;
    p.transportOff = -1;
    p.payload = new byte[0];
    return p;
  }

  @Test
  void tcpSessionIsBidirectionalWithSynSenderAsOrig() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(tcp(1 * S, "10.0.0.1", 40000, "10.0.0.2", 22, DecodedPacket.TCP_SYN, 100, ""));
    t.onPacket(
        tcp(
            1 * S + 1000,
            "10.0.0.2",
            22,
            "10.0.0.1",
            40000,
            DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK,
            500,
            ""));
    t.onPacket(
        tcp(1 * S + 2000, "10.0.0.1", 40000, "10.0.0.2", 22, DecodedPacket.TCP_ACK, 101, "hello"));
    t.onPacket(
        tcp(1 * S + 3000, "10.0.0.2", 22, "10.0.0.1", 40000, DecodedPacket.TCP_ACK, 501, "world!"));
    t.onPacket(
        tcp(
            2 * S,
            "10.0.0.1",
            40000,
            "10.0.0.2",
            22,
            DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK,
            106,
            ""));
    t.onPacket(
        tcp(
            2 * S,
            "10.0.0.2",
            22,
            "10.0.0.1",
            40000,
            DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK,
            507,
            ""));
    assertEquals(0, sessions.size(), "a closed flow lingers for its last ACKs");
    t.onPacket(udp(10 * S, "10.9.9.9", 1, "10.9.9.8", 2, "x")); // time passes
    assertEquals(1, sessions.size());
    Session s = sessions.get(0);
    assertEquals("10.0.0.1", s.origH());
    assertEquals(40000, s.origP());
    assertEquals("10.0.0.2", s.respH());
    assertEquals(22, s.respP());
    assertEquals(5, s.origBytes());
    assertEquals(6, s.respBytes());
    assertEquals(3, s.origPkts());
    assertEquals(3, s.respPkts());
    assertEquals("fin", s.endReason());
    assertEquals(1.0, s.durationSeconds(), 1e-9);
    assertEquals("hello", inspector.stream(s.communityId(), true));
    assertEquals("world!", inspector.stream(s.communityId(), false));
  }

  @Test
  void synAckFirstMakesItsReceiverTheOriginator() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(
        tcp(
            S,
            "10.0.0.2",
            443,
            "10.0.0.1",
            5555,
            DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK,
            7,
            ""));
    t.flush();
    assertEquals("10.0.0.1", sessions.get(0).origH());
    assertEquals(443, sessions.get(0).respP());
    assertEquals(0, sessions.get(0).origPkts());
    assertEquals(1, sessions.get(0).respPkts());
  }

  @Test
  void outOfOrderAndRetransmittedSegmentsAreDeliveredInOrderOnce() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(tcp(S, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_SYN, -5, "")); // wraps
    t.onPacket(
        tcp(
            S + 1,
            "10.0.0.1",
            1000,
            "10.0.0.2",
            80,
            DecodedPacket.TCP_ACK,
            -4 + 6,
            "PUT /")); // early
    t.onPacket(
        tcp(
            S + 2,
            "10.0.0.1",
            1000,
            "10.0.0.2",
            80,
            DecodedPacket.TCP_ACK,
            -4,
            "GET / ")); // fills hole
    t.onPacket(
        tcp(
            S + 3,
            "10.0.0.1",
            1000,
            "10.0.0.2",
            80,
            DecodedPacket.TCP_ACK,
            -4,
            "GET / ")); // retransmit
    t.onPacket(
        tcp(
            S + 4,
            "10.0.0.1",
            1000,
            "10.0.0.2",
            80,
            DecodedPacket.TCP_ACK,
            -4 + 9,
            " /x HTTP")); // overlap
    t.flush();
    assertEquals("GET / PUT /x HTTP", inspector.stream(sessions.get(0).communityId(), true));
    assertTrue(inspector.gaps.isEmpty());
  }

  @Test
  void aLateRetransmittedSynDoesNotRewindTheStream() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(tcp(S, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_SYN, 100, ""));
    t.onPacket(tcp(S + 1, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_ACK, 101, "abc"));
    t.onPacket(tcp(S + 2, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_SYN, 100, ""));
    t.onPacket(
        tcp(
            S + 3,
            "10.0.0.1",
            1000,
            "10.0.0.2",
            80,
            DecodedPacket.TCP_ACK,
            101,
            "abc")); // retransmit
    t.onPacket(tcp(S + 4, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_ACK, 104, "def"));
    t.flush();
    assertEquals("abcdef", inspector.stream(sessions.get(0).communityId(), true));
  }

  @Test
  void aHoleThatNeverFillsIsReportedAsAGap() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(tcp(S, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_SYN, 0, ""));
    t.onPacket(tcp(S, "10.0.0.1", 1000, "10.0.0.2", 80, DecodedPacket.TCP_ACK, 1, "ab"));
    for (int i = 0; i < StreamReassembler.MAX_HELD_SEGMENTS + 1; i++) {
      t.onPacket(
          tcp(
              S,
              "10.0.0.1",
              1000,
              "10.0.0.2",
              80,
              DecodedPacket.TCP_ACK,
              1000 + 10L * i,
              "0123456789"));
    }
    t.flush();
    assertEquals(List.of(997L), inspector.gaps);
    String stream = inspector.stream(sessions.get(0).communityId(), true);
    assertTrue(stream.startsWith("ab0123456789"), stream);
    assertEquals(2 + 10 * (StreamReassembler.MAX_HELD_SEGMENTS + 1), stream.length());
  }

  @Test
  void inspectionStopsWhenTheInspectorHasEnough() {
    inspector.stopAfterBytes = 4;
    FlowTable t = table(FlowConfig.DEFAULTS);
    for (int i = 0; i < 10; i++) {
      t.onPacket(udp(S + i, "10.20.1.1", 5000, "10.20.0.10", 6000, "RTPx"));
    }
    t.flush();
    assertEquals(1, inspector.calls);
    assertEquals(10, sessions.get(0).origPkts());
    assertEquals(40, sessions.get(0).origBytes());
  }

  @Test
  void idleTimeoutsFollowPacketTimeAndActiveTimeoutSplitsLongFlows() {
    FlowTable t = table(new FlowConfig(null, 300, 60, 3600));
    t.onPacket(udp(0, "10.0.0.1", 123, "10.0.0.5", 123, "a"));
    t.onPacket(udp(59 * S, "10.0.0.9", 1, "10.0.0.8", 1, "b"));
    assertEquals(0, sessions.size());
    t.onPacket(udp(60 * S, "10.0.0.9", 1, "10.0.0.8", 1, "b"));
    assertEquals(1, sessions.size());
    assertEquals("idle", sessions.get(0).endReason());
    for (long s = 60; s <= 3700; s += 30) {
      t.onPacket(udp(s * S, "10.0.0.9", 1, "10.0.0.8", 1, "b"));
    }
    assertEquals("active", sessions.get(1).endReason());
    assertEquals(59 * S, sessions.get(1).startNanos());
  }

  @Test
  void theFlowLimitEvictsTheLeastRecentlySeenFlow() {
    FlowTable t = table(new FlowConfig(3, null, null, null));
    for (int i = 1; i <= 3; i++) {
      t.onPacket(udp(i * S, "10.0.0." + i, 1000, "10.0.1.1", 53, "q"));
    }
    t.onPacket(udp(4 * S, "10.0.0.1", 1000, "10.0.1.1", 53, "q")); // 10.0.0.1 is fresh again
    t.onPacket(udp(5 * S, "10.0.0.4", 1000, "10.0.1.1", 53, "q"));
    assertEquals(1, sessions.size());
    assertEquals("10.0.0.2", sessions.get(0).origH());
    assertEquals("evicted", sessions.get(0).endReason());
    assertEquals(new FlowStats(3, 4, 1, 1), t.stats());
  }

  @Test
  void manyFlowsSurviveGrowthAndRemovalWithoutLosingAny() {
    FlowTable t = table(new FlowConfig(100_000, null, 10, null));
    for (int i = 0; i < 50_000; i++) {
      t.onPacket(
          udp(
              S,
              "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
              1000 + (i % 7),
              "10.255.0.1",
              53,
              "q"));
    }
    assertEquals(50_000, t.stats().active());
    // Every flow is found again from the other direction: no new flows.
    for (int i = 0; i < 50_000; i += 3) {
      t.onPacket(
          udp(
              2 * S,
              "10.255.0.1",
              53,
              "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
              1000 + (i % 7),
              "r"));
    }
    assertEquals(50_000, t.stats().created());
    t.onPacket(udp(12 * S, "10.254.0.1", 9, "10.254.0.2", 9, "x")); // idle expiry removes the rest
    assertEquals(1, t.stats().active());
    assertEquals(50_000, sessions.size());
    long replied = sessions.stream().filter(s -> s.respPkts() == 1).count();
    assertEquals((50_000 + 2) / 3, replied);
  }

  @Test
  void anAnnouncedFlowGetsItsAppAndParent() {
    IpAddress.Parsed server = IpAddress.parse("10.20.1.1");
    IpAddress.Parsed client = IpAddress.parse("203.0.113.5");
    expectations.expect(
        new Expectation(
            17,
            4,
            server.hi(),
            server.lo(),
            0,
            client.hi(),
            client.lo(),
            40001,
            App.TFTP,
            "1:parent",
            null,
            100 * S));
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(udp(2 * S, "10.20.1.1", 50123, "203.0.113.5", 40001, "\0\3\0\1data"));
    t.onPacket(udp(3 * S, "10.20.1.1", 50124, "203.0.113.5", 40002, "\0\3\0\1data"));
    t.flush();
    assertEquals(App.TFTP, sessions.get(0).app());
    assertEquals("1:parent", sessions.get(0).details().get(ParentDetails.KIND).parent());
    assertNull(sessions.get(1).details().get(ParentDetails.KIND).parent());
    assertEquals(0, expectations.pending());
  }

  @Test
  void anExpiredAnnouncementNeverMatchesEvenBehindALongerLivedOne() {
    IpAddress.Parsed server = IpAddress.parse("10.20.1.1");
    IpAddress.Parsed client = IpAddress.parse("203.0.113.5");
    expectations.expect(
        new Expectation(
            17,
            4,
            server.hi(),
            server.lo(),
            0,
            client.hi(),
            client.lo(),
            40001,
            App.TFTP,
            "1:long",
            null,
            100 * S));
    expectations.expect(
        new Expectation(
            17,
            4,
            server.hi(),
            server.lo(),
            0,
            client.hi(),
            client.lo(),
            40002,
            App.TFTP,
            "1:short",
            null,
            2 * S));
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(udp(5 * S, "10.20.1.1", 50124, "203.0.113.5", 40002, "\0\3\0\1data"));
    t.onPacket(udp(6 * S, "10.20.1.1", 50125, "203.0.113.5", 40001, "\0\3\0\1data"));
    t.flush();
    assertNull(
        sessions.get(0).details().get(ParentDetails.KIND).parent(),
        "expired at 2 s, the flow came at 5 s");
    assertEquals("1:long", sessions.get(1).details().get(ParentDetails.KIND).parent());
  }

  @Test
  void aFloodOfNewFlowsCannotSpendMoreThanTheRetentionBudget() {
    PacketRecorder neverFlagged = (id, ts, lt) -> null;
    FlowTable t =
        new FlowTable(
            new FlowConfig(2_000_000, null, null, null),
            inspector,
            expectations,
            FlowInterest.NONE,
            neverFlagged,
            sessions::add);
    long fits = FlowTable.RETAINED_BUDGET_BYTES / RetainedPackets.INITIAL_FOOTPRINT;
    int extra = 100;
    for (long i = 0; i < fits + extra; i++) {
      DecodedPacket p =
          udp(
              S,
              "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
              1000,
              "10.255.0.1",
              9,
              "x");
      p.frame = p.payload;
      p.capLen = p.payloadLen;
      p.wireLen = p.payloadLen;
      t.onPacket(p);
    }
    assertEquals(extra, t.retentionRefused());
    t.flush(); // every retained buffer is given back: a new flow may retain again
    DecodedPacket again = udp(2 * S, "10.254.0.1", 1, "10.254.0.2", 2, "y");
    again.frame = again.payload;
    again.capLen = again.payloadLen;
    t.onPacket(again);
    assertEquals(extra, t.retentionRefused());
  }

  @Test
  void icmpEchoRequestAndReplyShareOneFlow() {
    FlowTable t = table(FlowConfig.DEFAULTS);
    t.onPacket(base(S, "192.168.0.89", 8, "192.168.0.1", 0, DecodedPacket.PROTO_ICMP));
    t.onPacket(base(S + 5, "192.168.0.1", 0, "192.168.0.89", 0, DecodedPacket.PROTO_ICMP));
    t.flush();
    assertEquals(1, sessions.size());
    assertEquals("1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", sessions.get(0).communityId());
    assertArrayEquals(
        new long[] {1, 1}, new long[] {sessions.get(0).origPkts(), sessions.get(0).respPkts()});
    assertEquals("icmp", sessions.get(0).proto());
  }
}
