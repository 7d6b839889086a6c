package io.vigie.flow;

import io.vigie.config.SiteConfig.FlowConfig;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.IpAddress;
import io.vigie.protocol.App;
import io.vigie.protocol.PayloadInspector;
import io.vigie.protocol.SessionAttrs;
import io.vigie.protocol.SessionDetails;
import java.util.Arrays;

/**
 * Tracks every flow, bidirectionally, and turns each into a {@link Session} when it ends.
 *
 * <pre>
 *  DecodedPacket ──► lookup (open addressing, symmetric hash) ──► counters, TCP state
 *                         │ new flow: expectations (ftp-data, tftp, rtp), Community ID
 *                         ▼
 *            TCP: StreamReassembler ──► PayloadInspector (until it has seen enough)
 *                         ▼
 *       idle lists (tcp, tcp-closed, other) + age list ──► expiry in packet time ──► SessionSink
 * </pre>
 *
 * <p>Owned by one thread. The packet path allocates nothing once a flow exists and its
 * application is decided: lookups compare primitive fields, lists are intrusive.
 */
public final class FlowTable {
  /** How long a closed TCP flow lingers so its last ACKs do not start a new flow. */
  private static final long CLOSED_LINGER_NANOS = 2_000_000_000L;
  /** A hole this far ahead is a capture gap, not reordering. */
  private static final int MAX_REORDER_DISTANCE = 1 << 20;

  private final PayloadInspector inspector;
  private final ExpectationTable expectations;
  private final SessionSink sink;
  private final FlowInterest interest;
  private final PacketRecorder recorder;
  private final CommunityId communityId = new CommunityId(0);
  private final int maxFlows;
  private final long activeNanos;

  private final FlowList tcpOpen;
  private final FlowList tcpClosed;
  private final FlowList other;
  private Flow ageHead;
  private Flow ageTail;

  private Flow[] table = new Flow[1 << 12];
  private int mask = table.length - 1;
  private int size;
  private long now = Long.MIN_VALUE;
  private long created;
  private long evicted;
  private long sessions;
  private final SliceWriter sliceWriter = new SliceWriter();
  /**
   * Memory all flows together may hold in copies of their first packets (for pcap slices that
   * start at the SYN). A flood of new flows must not turn it into gigabytes.
   */
  static final long RETAINED_BUDGET_BYTES = 256L << 20;
  private long retainedBytes;
  private long retentionRefused;

  public FlowTable(FlowConfig config, PayloadInspector inspector, ExpectationTable expectations,
      FlowInterest interest, PacketRecorder recorder, SessionSink sink) {
    this.inspector = inspector;
    this.expectations = expectations;
    this.interest = interest;
    this.recorder = recorder;
    this.sink = sink;
    this.maxFlows = config.maxFlows();
    this.activeNanos = config.activeSeconds() * 1_000_000_000L;
    this.tcpOpen = new FlowList(config.tcpIdleSeconds() * 1_000_000_000L, "idle");
    this.tcpClosed = new FlowList(CLOSED_LINGER_NANOS, null);
    this.other = new FlowList(config.udpIdleSeconds() * 1_000_000_000L, "idle");
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
    int h = hash(p.srcHi, p.srcLo, sport, p.dstHi, p.dstLo, dport, p.ipProto);
    Flow f = null;
    boolean fromOrig = true;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Flow c = table[i];
      if (c == null) {
        break;
      }
      if (c.hash == h && c.ipProto == p.ipProto && c.ipVersion == p.ipVersion) {
        if (c.origKeyPort == sport && c.respKeyPort == dport && c.origLo == p.srcLo
            && c.respLo == p.dstLo && c.origHi == p.srcHi && c.respHi == p.dstHi) {
          f = c;
          break;
        }
        if (c.origKeyPort == dport && c.respKeyPort == sport && c.origLo == p.dstLo
            && c.respLo == p.srcLo && c.origHi == p.dstHi && c.respHi == p.srcHi) {
          f = c;
          fromOrig = false;
          break;
        }
      }
    }
    if (f == null) {
      f = create(p, sport, dport, h);
      fromOrig = f.origLo == p.srcLo && f.origHi == p.srcHi && f.origKeyPort == sport;
    }
    update(f, p, fromOrig);
  }

  /**
   * Moves the table's clock to {@code nowNanos} without a packet and expires what timed out: a
   * live capture calls it when a read returns nothing, so that flows on a quiet link still end.
   * A time earlier than the last packet's is ignored.
   */
  public void advanceTo(long nowNanos) {
    if (nowNanos > now) {
      now = nowNanos;
      expire(now);
    }
  }

  /** Ends every flow (end of a capture file, or shutdown); reason "end". */
  public void flush() {
    while (ageHead != null) {
      end(ageHead, "end");
    }
  }

  public FlowStats stats() {
    return new FlowStats(size, created, evicted, sessions);
  }

  private Flow create(DecodedPacket p, int sport, int dport, int h) {
    if (size >= maxFlows) {
      evictOldest();
    }
    Flow f = new Flow();
    // A SYN-ACK seen first means we missed the SYN: its sender is the responder.
    boolean swap = p.ipProto == DecodedPacket.PROTO_TCP
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
    f.communityId = communityId.compute(f.ipVersion, f.origHi, f.origLo, f.respHi, f.respLo,
        f.ipProto, f.origPort, f.respPort);
    f.firstNanos = p.tsNanos;
    f.lastNanos = p.tsNanos;
    insert(f);
    created++;
    if (ageTail == null) {
      ageHead = f;
    } else {
      ageTail.ageNext = f;
      f.agePrev = ageTail;
    }
    ageTail = f;
    (f.isTcp() ? tcpOpen : other).addLast(f);
    expectations.apply(f, p.tsNanos);
    inspector.onFlowStart(f, p.tsNanos);
    if (recorder != PacketRecorder.NONE) {
      if (retainedBytes + RetainedPackets.INITIAL_FOOTPRINT <= RETAINED_BUDGET_BYTES) {
        f.retained = new RetainedPackets();
        retainedBytes += f.retained.footprint();
      } else {
        retentionRefused++;
      }
      f.ofInterest = interest.isOfInterest(f);
    }
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
    if (f.retained != null || f.recording != null) {
      keepPacket(f, p);
    }
    if (f.isTcp()) {
      tcp(f, p, fromOrig);
    } else if (f.inspecting && p.payloadLen > 0) {
      if (!inspector.onPayload(f, fromOrig, p.payload, p.payloadOff, p.payloadLen, p.tsNanos)) {
        stopInspecting(f);
      }
    }
    if (f.idleList != null) {
      f.idleList.moveToTail(f);
    }
  }

  private void tcp(Flow f, DecodedPacket p, boolean fromOrig) {
    int flags = p.tcpFlags;
    if ((flags & DecodedPacket.TCP_RST) != 0) {
      f.rst = true;
    }
    if ((flags & DecodedPacket.TCP_FIN) != 0) {
      if (fromOrig) {
        f.origFin = true;
      } else {
        f.respFin = true;
      }
    }
    if (f.inspecting) {
      StreamReassembler r = stream(f, fromOrig);
      int seq = (int) p.seq;
      if ((flags & DecodedPacket.TCP_SYN) != 0) {
        f.synSeen = true;
        // A retransmitted SYN must not rewind a stream already under way: bytes would be
        // delivered, and hashed, twice.
        if (!r.started) {
          r.start(seq + 1);
        }
        seq++;
      } else if (!r.started) {
        r.start(seq);
      }
      if (p.payloadLen > 0) {
        segment(f, fromOrig, r, seq, p.payload, p.payloadOff, p.payloadLen, p.tsNanos);
      }
    }
    if (f.idleList == tcpOpen && f.closed()) {
      tcpOpen.remove(f);
      tcpClosed.addLast(f);
    }
  }

  private StreamReassembler stream(Flow f, boolean fromOrig) {
    if (fromOrig) {
      if (f.origStream == null) {
        f.origStream = new StreamReassembler();
      }
      return f.origStream;
    }
    if (f.respStream == null) {
      f.respStream = new StreamReassembler();
    }
    return f.respStream;
  }

  private void segment(Flow f, boolean fromOrig, StreamReassembler r, int seq, byte[] buf, int off,
      int len, long ts) {
    int rel = seq - r.nextSeq;
    if (rel > 0) {
      if (rel < MAX_REORDER_DISTANCE && r.hold(seq, buf, off, len)) {
        return;
      }
      // The hole will not fill (lost in capture, or too much held): give it up, resume at the
      // earliest byte we have, and deliver what is held from there on.
      while (f.inspecting && r.heldCount() > 0 && seq - r.nextSeq > 0) {
        int e = r.earliest();
        if (r.heldSeq(e) - seq >= 0) {
          break;
        }
        int lost = r.heldSeq(e) - r.nextSeq;
        if (lost > 0) {
          inspector.onGap(f, fromOrig, lost);
          r.nextSeq = r.heldSeq(e);
        }
        drain(f, fromOrig, r, ts);
      }
      if (!f.inspecting) {
        return;
      }
      rel = seq - r.nextSeq;
      if (rel > 0) {
        inspector.onGap(f, fromOrig, rel);
        r.nextSeq = seq;
        rel = 0;
      }
    }
    int skip = -rel;
    if (skip >= len) {
      return;
    }
    if (!deliver(f, fromOrig, buf, off + skip, len - skip, ts)) {
      return;
    }
    r.nextSeq += len - skip;
    drain(f, fromOrig, r, ts);
  }

  /** Delivers held segments that the stream has now reached. */
  private void drain(Flow f, boolean fromOrig, StreamReassembler r, long ts) {
    while (f.inspecting && r.heldCount() > 0) {
      int i = r.nextReady();
      if (i < 0) {
        return;
      }
      byte[] d = r.heldData(i);
      int skip = r.nextSeq - r.heldSeq(i);
      r.removeAt(i);
      if (!deliver(f, fromOrig, d, skip, d.length - skip, ts)) {
        return;
      }
      r.nextSeq += d.length - skip;
    }
  }

  private boolean deliver(Flow f, boolean fromOrig, byte[] buf, int off, int len, long ts) {
    if (!inspector.onPayload(f, fromOrig, buf, off, len, ts)) {
      stopInspecting(f);
      return false;
    }
    return true;
  }

  private void stopInspecting(Flow f) {
    f.inspecting = false;
    if (f.origStream != null) {
      f.origStream.clear();
      f.origStream = null;
    }
    if (f.respStream != null) {
      f.respStream.clear();
      f.respStream = null;
    }
    if (recorder != PacketRecorder.NONE && !f.ofInterest) {
      f.ofInterest = interest.isOfInterest(f);
    }
    if (f.ofInterest) {
      startRecording(f);
    }
  }

  /** Retains or records one packet of a flow that may need a pcap slice. */
  private void keepPacket(Flow f, DecodedPacket p) {
    int l4 = p.transportOff >= 0 ? p.transportOff - p.frameOff : -1;
    if (f.recording != null) {
      sliceWriter.write(f, p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
      return;
    }
    if (f.ofInterest && (f.isTcp() || !f.inspecting)) {
      startRecording(f);
      if (f.recording != null) {
        sliceWriter.write(f, p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
        return;
      }
    }
    RetainedPackets r = f.retained;
    if (r != null) {
      long before = r.footprint();
      boolean kept = r.add(p.tsNanos, p.frame, p.frameOff, p.capLen, p.wireLen, l4);
      retainedBytes += r.footprint() - before;
      if (!kept && !f.ofInterest) {
        // Full and not flagged: the flow's first packets are no longer needed.
        dropRetained(f);
      }
    }
  }

  private void dropRetained(Flow f) {
    if (f.retained != null) {
      retainedBytes -= f.retained.footprint();
      f.retained = null;
    }
  }

  /** Flows that kept no first packets because the retention budget was spent (their slice starts late). */
  public long retentionRefused() {
    return retentionRefused;
  }

  private void startRecording(Flow f) {
    if (f.recordingStarted) {
      return;
    }
    f.recordingStarted = true;
    f.recording = recorder.begin(f.communityId, f.firstNanos, f.linkType);
    if (f.recording != null && f.retained != null) {
      f.retained.replayInto(sliceWriter, f);
    }
    dropRetained(f);
  }

  private void expire(long t) {
    expireList(tcpOpen, t);
    expireList(tcpClosed, t);
    expireList(other, t);
    while (ageHead != null && t - ageHead.firstNanos >= activeNanos) {
      end(ageHead, "active");
    }
  }

  private void expireList(FlowList list, long t) {
    while (list.head != null && t - list.head.lastNanos >= list.timeoutNanos) {
      Flow f = list.head;
      end(f, list.endReason != null ? list.endReason : (f.rst ? "rst" : "fin"));
    }
  }

  private void evictOldest() {
    // At the limit this runs for every new flow: compare the three heads, allocate nothing.
    Flow oldest = older(older(tcpClosed.head, other.head), tcpOpen.head);
    if (oldest != null) {
      evicted++;
      end(oldest, "evicted");
    }
  }

  private static Flow older(Flow a, Flow b) {
    if (a == null) {
      return b;
    }
    return b == null || a.lastNanos <= b.lastNanos ? a : b;
  }

  private void end(Flow f, String reason) {
    remove(f);
    if (f.idleList != null) {
      f.idleList.remove(f);
    }
    if (f.agePrev == null) {
      ageHead = f.ageNext;
    } else {
      f.agePrev.ageNext = f.ageNext;
    }
    if (f.ageNext == null) {
      ageTail = f.agePrev;
    } else {
      f.ageNext.agePrev = f.agePrev;
    }
    f.agePrev = null;
    f.ageNext = null;
    inspector.onFlowEnd(f, f.lastNanos);
    if (f.app == null) {
      f.app = App.UNKNOWN;
    }
    Session s = toSession(f, reason);
    if (f.recording == null && !f.ofInterest && f.retained != null) {
      // What the inspector learnt last (a file's hash at the end of an upload) may flag it now.
      f.ofInterest = interest.isOfInterest(f);
    }
    if (f.recording == null && f.ofInterest && f.retained != null) {
      // Flagged but never decided (e.g. a short UDP exchange): keep what was retained.
      startRecording(f);
    }
    if (f.recording != null) {
      f.recording.finish(s);
      f.recording = null;
    }
    dropRetained(f);
    sessions++;
    sink.onSession(s);
  }

  private static Session toSession(Flow f, String reason) {
    SessionAttrs a = f.attrs;
    SessionDetails d = SessionDetails.of(a);
    return new Session(f.firstNanos, f.lastNanos, protoName(f.ipProto),
        IpAddress.format(f.ipVersion, f.origHi, f.origLo), f.origPort,
        IpAddress.format(f.ipVersion, f.respHi, f.respLo), f.respPort, f.communityId, f.app,
        f.origBytes, f.respBytes, f.origPkts, f.respPkts, Direction.EXTERNAL, false, null, null,
        reason, d, null, null);
  }

  static String protoName(int proto) {
    switch (proto) {
      case 6: return "tcp";
      case 17: return "udp";
      case 1: return "icmp";
      case 58: return "icmpv6";
      case 132: return "sctp";
      default: return Integer.toString(proto);
    }
  }

  // ---- open-addressing table -------------------------------------------------------------

  private void insert(Flow f) {
    if (size + 1 > (table.length >>> 1)) {
      grow();
    }
    int i = f.hash & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = f;
    size++;
  }

  private void remove(Flow f) {
    int i = f.hash & mask;
    while (table[i] != f) {
      i = (i + 1) & mask;
    }
    table[i] = null;
    size--;
    // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      Flow c = table[j];
      if (c == null) {
        return;
      }
      int home = c.hash & mask;
      boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!between) {
        table[i] = c;
        table[j] = null;
        i = j;
      }
    }
  }

  private void grow() {
    Flow[] old = table;
    table = new Flow[old.length << 1];
    mask = table.length - 1;
    for (Flow f : old) {
      if (f != null) {
        int i = f.hash & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = f;
      }
    }
    Arrays.fill(old, null);
  }

  /** Same value for both directions of a flow: the endpoint hashes are combined commutatively. */
  static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int proto) {
    long a = mix(aHi * 0x9E3779B97F4A7C15L + aLo + ((long) aPort << 48));
    long b = mix(bHi * 0x9E3779B97F4A7C15L + bLo + ((long) bPort << 48));
    long h = mix(a + b + proto);
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long z) {
    // SplitMix64's finaliser: cheap and spreads nearby addresses and ports well.
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Writes packets to a flow's recording, cutting RTP to its headers: no video is ever kept. */
  final class SliceWriter {
    void write(Flow f, long ts, byte[] buf, int off, int capLen, int wireLen, int l4Rel) {
      int len = capLen;
      if (f.app == App.RTP) {
        // UDP header (8) + fixed RTP header (12); without a known transport offset keep only
        // link and IP headers.
        len = Math.min(capLen, l4Rel >= 0 ? l4Rel + 20 : 54);
      }
      f.recording.packet(ts, buf, off, len, wireLen);
    }
  }
}
