package io.vigie.flow;

import io.vigie.config.SiteConfig.FlowConfig;
import io.vigie.decode.DecodedPacket;
import io.vigie.net.App;
import io.vigie.net.IpAddress;
import io.vigie.protocol.PayloadInspector;
import io.vigie.protocol.SessionAttrs;
import io.vigie.protocol.SessionDetails;

/**
 * Tracks every flow, bidirectionally, and turns each into a {@link Session} when it ends. It
 * composes four parts, each with one job:
 *
 * <pre>
 *  DecodedPacket ──► FlowMap (open addressing, symmetric hash) ──► counters
 *                         │ new flow: expectations (ftp-data, tftp, rtp), Community ID
 *                         ▼
 *            SliceBudget (first packets under a budget, then the slice recording)
 *                         ▼
 *            StreamDriver: TCP flags, StreamReassembler ──► PayloadInspector (until it has seen enough)
 *                         ▼
 *       FlowLifecycle: idle lists (tcp, tcp-closed, other) + age list ──► expiry in packet time ──► SessionSink
 * </pre>
 *
 * <p>Owned by one thread. The packet path allocates nothing once a flow exists and its application
 * is decided: lookups compare primitive fields, lists are intrusive, and the parts are final
 * classes called directly, so the JIT inlines them into this loop.
 */
public final class FlowTable {
  /**
   * Memory all flows together may hold in copies of their first packets (for pcap slices that start
   * at the SYN). A flood of new flows must not turn it into gigabytes.
   */
  static final long RETAINED_BUDGET_BYTES = 256L << 20;

  private final PayloadInspector inspector;
  private final ExpectationTable expectations;
  private final SessionSink sink;
  private final CommunityId communityId = new CommunityId(0);
  private final int maxFlows;
  private final FlowMap map = new FlowMap();
  private final FlowLifecycle lifecycle;
  private final SliceBudget slices;
  private final StreamDriver streams;

  private long now = Long.MIN_VALUE;
  private long created;
  private long evicted;
  private long sessions;

  public FlowTable(
      FlowConfig config,
      PayloadInspector inspector,
      ExpectationTable expectations,
      FlowInterest interest,
      PacketRecorder recorder,
      SessionSink sink) {
    this.inspector = inspector;
    this.expectations = expectations;
    this.sink = sink;
    this.maxFlows = config.maxFlows();
    this.lifecycle = new FlowLifecycle(config);
    this.slices = new SliceBudget(recorder, interest, RETAINED_BUDGET_BYTES);
    this.streams = new StreamDriver(inspector, slices);
  }

  /** Accounts one decoded packet. */
  public void onPacket(DecodedPacket p) {
    if (p.tsNanos > now) {
      now = p.tsNanos;
      expire(now);
    }
    int sport = p.srcPort;
    int dport = p.dstPort;
    boolean icmp = p.ipProto == DecodedPacket.PROTO_ICMP || p.ipProto == DecodedPacket.PROTO_ICMPV6;
    if (icmp) {
      int counterpart = IcmpPorts.counterpart(p.ipProto, p.srcPort);
      dport = counterpart >= 0 ? counterpart : p.dstPort;
    }
    int h = FlowMap.hash(p.srcHi, p.srcLo, sport, p.dstHi, p.dstLo, dport, p.ipProto);
    Flow f = map.find(h, p, sport, dport);
    boolean fromOrig;
    if (f == null) {
      f = create(p, sport, dport, h);
      fromOrig = f.origLo == p.srcLo && f.origHi == p.srcHi && f.origKeyPort == sport;
    } else {
      fromOrig = map.foundFromOrig();
    }
    update(f, p, fromOrig);
  }

  /**
   * Moves the table's clock to {@code nowNanos} without a packet and expires what timed out: a live
   * capture calls it when a read returns nothing, so that flows on a quiet link still end. A time
   * earlier than the last packet's is ignored.
   */
  public void advanceTo(long nowNanos) {
    if (nowNanos > now) {
      now = nowNanos;
      expire(now);
    }
  }

  /** Ends every flow (end of a capture file, or shutdown); reason "end". */
  public void flush() {
    for (Flow f; (f = lifecycle.oldest()) != null; ) {
      end(f, "end");
    }
  }

  public FlowStats stats() {
    return new FlowStats(map.size(), created, evicted, sessions);
  }

  /**
   * Flows that kept no first packets because the retention budget was spent (their slice starts
   * late).
   */
  public long retentionRefused() {
    return slices.refused();
  }

  private Flow create(DecodedPacket p, int sport, int dport, int h) {
    if (map.size() >= maxFlows) {
      evictOldest();
    }
    Flow f = new Flow();
    // A SYN-ACK seen first means we missed the SYN: its sender is the responder.
    boolean swap =
        p.ipProto == DecodedPacket.PROTO_TCP
            && (p.tcpFlags & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK))
                == (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK);
    f.ipVersion = p.ipVersion;
    f.ipProto = p.ipProto;
    f.hash = h;
    f.linkType = p.linkType;
    if (swap) {
      f.origHi = p.dstHi;
      f.origLo = p.dstLo;
      f.respHi = p.srcHi;
      f.respLo = p.srcLo;
      f.origKeyPort = dport;
      f.respKeyPort = sport;
      f.origPort = p.dstPort;
      f.respPort = p.srcPort;
    } else {
      f.origHi = p.srcHi;
      f.origLo = p.srcLo;
      f.respHi = p.dstHi;
      f.respLo = p.dstLo;
      f.origKeyPort = sport;
      f.respKeyPort = dport;
      f.origPort = p.srcPort;
      f.respPort = p.dstPort;
    }
    f.communityId =
        communityId.compute(
            f.ipVersion, f.origHi, f.origLo, f.respHi, f.respLo, f.ipProto, f.origPort, f.respPort);
    f.firstNanos = p.tsNanos;
    f.lastNanos = p.tsNanos;
    map.insert(f);
    created++;
    lifecycle.started(f);
    expectations.apply(f, p.tsNanos);
    inspector.onFlowStart(f, p.tsNanos);
    slices.started(f);
    return f;
  }

  private void update(Flow f, DecodedPacket p, boolean fromOrig) {
    f.lastNanos = Math.max(f.lastNanos, p.tsNanos);
    if (fromOrig) {
      f.origPkts++;
      f.origBytes += p.payloadLen;
    } else {
      f.respPkts++;
      f.respBytes += p.payloadLen;
    }
    if (SliceBudget.keeping(f)) {
      slices.keep(f, p);
    }
    if (f.isTcp()) {
      streams.tcp(f, p, fromOrig);
      lifecycle.tcpStateChanged(f);
    } else {
      streams.datagram(f, p, fromOrig);
    }
    lifecycle.touched(f);
  }

  private void expire(long t) {
    lifecycle.beginExpiry(t);
    for (Flow f; (f = lifecycle.nextExpired()) != null; ) {
      end(f, lifecycle.expiredReason());
    }
  }

  private void evictOldest() {
    Flow oldest = lifecycle.leastRecentlyActive();
    if (oldest != null) {
      evicted++;
      end(oldest, "evicted");
    }
  }

  private void end(Flow f, String reason) {
    map.remove(f);
    lifecycle.ended(f);
    inspector.onFlowEnd(f, f.lastNanos);
    if (f.app == null) {
      f.app = App.UNKNOWN;
    }
    Session s = toSession(f, reason);
    slices.ended(f, s);
    sessions++;
    sink.onSession(s);
  }

  private static Session toSession(Flow f, String reason) {
    SessionAttrs a = f.attrs;
    SessionDetails d = SessionDetails.of(a);
    return new Session(
        f.firstNanos,
        f.lastNanos,
        protoName(f.ipProto),
        IpAddress.format(f.ipVersion, f.origHi, f.origLo),
        f.origPort,
        IpAddress.format(f.ipVersion, f.respHi, f.respLo),
        f.respPort,
        f.communityId,
        f.app,
        f.origBytes,
        f.respBytes,
        f.origPkts,
        f.respPkts,
        Direction.EXTERNAL,
        false,
        null,
        null,
        reason,
        d,
        null,
        null);
  }

  static String protoName(int proto) {
    switch (proto) {
      case 6:
        return "tcp";
      case 17:
        return "udp";
      case 1:
        return "icmp";
      case 58:
        return "icmpv6";
      case 132:
        return "sctp";
      default:
        return Integer.toString(proto);
    }
  }
}
