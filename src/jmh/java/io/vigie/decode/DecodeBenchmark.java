package io.vigie.decode;

import io.vigie.capture.LinkType;
import io.vigie.jmh.CapturedFrames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one frame (Ethernet, VLAN, IPv4/IPv6, UDP/TCP headers into the reused {@link
 * DecodedPacket}), frames taken in capture order from the benchmark workloads:
 *
 * <ul>
 *   <li>{@code video}: the video workload (RTP over UDP, mostly 1,000+ byte frames);
 *   <li>{@code control}: the control workload (small RTP, short TCP sessions, DNS, NTP, TLS);
 *   <li>{@code vlan}: the control frames with an 802.1Q tag;
 *   <li>{@code ipv6}: the control frames carried over IPv6.
 * </ul>
 *
 * One operation is one frame; {@code -prof gc} should show 0 B/op (the packet path allocates
 * nothing, as {@code NoAllocationTest} checks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class DecodeBenchmark {
  @Param({"video", "control", "vlan", "ipv6"})
  public String frames;

  private CapturedFrames f;
  private PacketDecoder decoder;
  private final DecodedPacket pkt = new DecodedPacket();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    switch (frames) {
      case "video":
        f = CapturedFrames.video(300, 40_000);
        break;
      case "control":
        f = CapturedFrames.control(300, 80_000);
        break;
      case "vlan":
        f = CapturedFrames.control(300, 80_000).map(CapturedFrames.vlan(120));
        break;
      case "ipv6":
        f = CapturedFrames.control(300, 80_000).map(CapturedFrames::toIpv6);
        break;
      default:
        throw new IllegalArgumentException("frames: " + frames);
    }
    DecodeCounters counters = new DecodeCounters();
    decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
    for (int i = 0; i < f.count; i++) {
      if (!decode(i)) {
        throw new IllegalStateException(frames + ": frame " + i + " did not decode");
      }
    }
  }

  private boolean decode(int i) {
    return decoder.decode(LinkType.ETHERNET, f.ts[i], f.data, f.off[i], f.len[i], f.len[i], pkt);
  }

  @Benchmark
  public void decode(Blackhole bh) {
    int i = next;
    next = i + 1 == f.count ? 0 : i + 1;
    bh.consume(decode(i));
    bh.consume(pkt.payloadLen);
    bh.consume(pkt.srcPort ^ pkt.dstPort ^ pkt.srcLo ^ pkt.dstHi);
  }
}
