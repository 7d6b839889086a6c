package io.vigie.flow;

import io.vigie.capture.LinkType;
import io.vigie.config.SiteConfig.FlowConfig;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import io.vigie.jmh.CapturedFrames;
import io.vigie.protocol.NameObserver;
import io.vigie.protocol.ProtocolEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The flow stage, one packet per operation (decoding done beforehand):
 *
 * <ul>
 *   <li>{@code lookup}: hash and find the flow of a control-workload packet in a {@link FlowMap}
 *       that holds every flow of the sample (either direction);
 *   <li>{@code insertRemove}: insert a new flow into that map and remove it again (backward-shift
 *       deletion), the cost of a flow's birth and death in the index;
 *   <li>{@code tableDecidedRtp}: {@link FlowTable#onPacket} for RTP packets of video streams whose
 *       application is decided: the steady packet path of the appliance (counters, idle lists, no
 *       inspector call);
 *   <li>{@code tableControl}: {@link FlowTable#onPacket} over the control workload in capture
 *       order, with the real {@link ProtocolEngine}: flow creation, recognisers, expiry and
 *       sessions, amortised per packet (each pass over the sample is shifted later in time, so
 *       every flow of the previous pass ends first).
 * </ul>
 *
 * Run with {@code -prof gc}: {@code lookup}, {@code insertRemove} and {@code tableDecidedRtp}
 * should show 0 B/op; {@code tableControl} allocates per flow and per session, not per packet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class FlowBenchmark {
  private static final long SHIFT_SPACING_NANOS = 1_000L * 1_000_000_000L;

  static DecodedPacket[] decodeAll(CapturedFrames f) {
    PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
    List<DecodedPacket> out = new ArrayList<>(f.count);
    for (int i = 0; i < f.count; i++) {
      DecodedPacket p = new DecodedPacket();
      if (decoder.decode(LinkType.ETHERNET, f.ts[i], f.data, f.off[i], f.len[i], f.len[i], p)) {
        out.add(p);
      }
    }
    return out.toArray(new DecodedPacket[0]);
  }

  static FlowTable table(SessionSink sessions) {
    ExpectationTable expectations = new ExpectationTable();
    ProtocolEngine engine = new ProtocolEngine(expectations, NameObserver.NONE);
    return new FlowTable(
        FlowConfig.DEFAULTS,
        engine,
        expectations,
        FlowInterest.NONE,
        PacketRecorder.NONE,
        sessions);
  }

  /** A flow map holding every flow of a control-workload sample. */
  @State(Scope.Thread)
  public static class Index {
    DecodedPacket[] packets;
    final FlowMap map = new FlowMap();
    Flow[] strangers;
    int next;
    int nextStranger;

    @Setup(Level.Trial)
    public void setUp() {
      packets = decodeAll(CapturedFrames.control(300, 80_000));
      for (DecodedPacket p : packets) {
        int h = hash(p);
        if (map.find(h, p, p.srcPort, p.dstPort) == null) {
          map.insert(flow(p.ipProto, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort));
        }
      }
      // Flows the map does not hold (another subnet): born and ended by insertRemove.
      strangers = new Flow[4096];
      for (int i = 0; i < strangers.length; i++) {
        strangers[i] =
            flow(DecodedPacket.PROTO_TCP, 0, 0x0B000000L + i, 40_000 + i, 0, 0x0A140001L, 80);
      }
    }

    static int hash(DecodedPacket p) {
      return FlowMap.hash(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, p.ipProto);
    }

    static Flow flow(int proto, long oHi, long oLo, int oPort, long rHi, long rLo, int rPort) {
      Flow f = new Flow();
      f.ipVersion = 4;
      f.ipProto = proto;
      f.origHi = oHi;
      f.origLo = oLo;
      f.origKeyPort = oPort;
      f.respHi = rHi;
      f.respLo = rLo;
      f.respKeyPort = rPort;
      f.hash = FlowMap.hash(oHi, oLo, oPort, rHi, rLo, rPort, proto);
      return f;
    }
  }

  /** A flow table that has seen a video-workload sample: every RTP stream is decided. */
  @State(Scope.Thread)
  public static class DecidedRtp {
    FlowTable table;
    DecodedPacket[] rtp;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      DecodedPacket[] all = decodeAll(CapturedFrames.video(300, 40_000));
      table = table(s -> {});
      List<DecodedPacket> rtpPackets = new ArrayList<>();
      for (DecodedPacket p : all) {
        table.onPacket(p);
        if (p.isUdp() && (p.srcPort == 6970 || p.dstPort == 6970)) {
          rtpPackets.add(p);
        }
      }
      long now = all[all.length - 1].tsNanos;
      for (DecodedPacket p : rtpPackets) {
        p.tsNanos = now; // the table's clock stays put: no flow expires during the run
      }
      rtp = rtpPackets.toArray(new DecodedPacket[0]);
    }
  }

  /** A flow table fed the control workload in capture order, pass after pass. */
  @State(Scope.Thread)
  public static class Control {
    FlowTable table;
    DecodedPacket[] packets;
    long[] ts;
    long shift;
    long span;
    int next;
    long sessions;

    @Setup(Level.Trial)
    public void setUp() {
      packets = decodeAll(CapturedFrames.control(300, 80_000));
      ts = new long[packets.length];
      for (int i = 0; i < packets.length; i++) {
        ts[i] = packets[i].tsNanos;
      }
      span = ts[ts.length - 1] - ts[0] + SHIFT_SPACING_NANOS;
      table = table(session -> sessions++);
    }

    DecodedPacket nextPacket() {
      int i = next;
      if (i + 1 == packets.length) {
        next = 0;
        shift += span;
      } else {
        next = i + 1;
      }
      DecodedPacket p = packets[i];
      p.tsNanos = ts[i] + shift;
      return p;
    }
  }

  @Benchmark
  public void lookup(Index s, Blackhole bh) {
    int i = s.next;
    s.next = i + 1 == s.packets.length ? 0 : i + 1;
    DecodedPacket p = s.packets[i];
    Flow f = s.map.find(Index.hash(p), p, p.srcPort, p.dstPort);
    bh.consume(f);
    bh.consume(s.map.foundFromOrig());
  }

  @Benchmark
  public void insertRemove(Index s, Blackhole bh) {
    int i = s.nextStranger;
    s.nextStranger = (i + 1) & (s.strangers.length - 1);
    Flow f = s.strangers[i];
    s.map.insert(f);
    s.map.remove(f);
    bh.consume(s.map.size());
  }

  @Benchmark
  public void tableDecidedRtp(DecidedRtp s, Blackhole bh) {
    int i = s.next;
    s.next = i + 1 == s.rtp.length ? 0 : i + 1;
    DecodedPacket p = s.rtp[i];
    s.table.onPacket(p);
    bh.consume(p);
  }

  @Benchmark
  public void tableControl(Control s, Blackhole bh) {
    s.table.onPacket(s.nextPacket());
    bh.consume(s.sessions);
  }
}
