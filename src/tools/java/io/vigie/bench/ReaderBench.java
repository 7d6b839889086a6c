package io.vigie.bench;

import io.vigie.capture.CaptureException;
import io.vigie.capture.LibpcapFileSource;
import io.vigie.capture.PacketHandler;
import io.vigie.capture.PacketSource;
import io.vigie.capture.PcapFileSource;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times vigie's file reader against libpcap's, in one run, on one file.
 *
 * <pre>{@code
 * for (ReaderBench.Result r : new ReaderBench(path, 2_000_000).run()) System.out.println(r);
 * }</pre>
 *
 * <p>Each contender reads the file again and again until it has seen at least {@code minPackets}
 * packets; a first, untimed round lets the JIT compile every contender before any is timed. The
 * file sits in the page cache after the first pass, so the figures are the readers' own cost. Both
 * wall-clock and thread CPU time are reported; a small file is reopened for every pass, so its
 * figures include the cost of opening it. Contenders: {@link PcapFileSource}; the same followed by
 * {@link PacketDecoder}; and libpcap's reader through vigie's JNA binding, which copies into one
 * reused buffer.
 */
public final class ReaderBench {
  private final Path file;
  private final long minPackets;

  /**
   * One contender's figures.
   *
   * @param nanos wall-clock time of the timed round
   * @param cpuNanos CPU time of the reading thread in that round: on a shared, loaded machine the
   *     fairer figure, as it leaves out the time the thread waited for a core
   */
  public record Result(String reader, long packets, long nanos, long cpuNanos) {
    public double nsPerPacket() {
      return packets == 0 ? 0 : (double) nanos / packets;
    }

    public double cpuNsPerPacket() {
      return packets == 0 ? 0 : (double) cpuNanos / packets;
    }

    public double packetsPerSecond() {
      return nanos == 0 ? 0 : packets * 1e9 / nanos;
    }

    @Override
    public String toString() {
      return String.format(
          "%-34s %,12d packets %9.1f ns/packet %,14.0f packets/s %9.1f cpu-ns/packet",
          reader, packets, nsPerPacket(), packetsPerSecond(), cpuNsPerPacket());
    }
  }

  private interface Opener {
    PacketSource open(Path p) throws CaptureException;
  }

  private long sink;

  public ReaderBench(Path file, long minPackets) {
    if (minPackets < 1) {
      throw new IllegalArgumentException(
          "minimum packet count must be positive, not " + minPackets);
    }
    this.file = file;
    this.minPackets = minPackets;
  }

  /** Runs the warm-up round, then the timed one. */
  public List<Result> run() throws CaptureException {
    DecodeCounters counters = new DecodeCounters();
    PacketDecoder decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
    DecodedPacket pkt = new DecodedPacket();
    PacketHandler touch = (link, ts, buf, off, cap, wire) -> sink += cap + buf[off] + ts;
    PacketHandler decode =
        (link, ts, buf, off, cap, wire) -> {
          if (decoder.decode(link, ts, buf, off, cap, wire, pkt)) {
            sink += pkt.srcPort + pkt.payloadLen;
          }
        };
    long perPass = count();
    if (perPass == 0) {
      throw new CaptureException(file + ": holds no packet to time");
    }
    long passes = (minPackets + perPass - 1) / perPass;
    String[] names = {
      "vigie PcapFileSource", "vigie PcapFileSource+PacketDecoder", "libpcap via JNA pcap_next_ex"
    };
    Opener[] openers = {PcapFileSource::open, PcapFileSource::open, LibpcapFileSource::open};
    PacketHandler[] handlers = {touch, decode, touch};
    List<Result> results = new ArrayList<>();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 2; round++) {
      results.clear();
      for (int i = 0; i < names.length; i++) {
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long n = 0;
        for (long k = 0; k < passes; k++) {
          n += pass(openers[i], handlers[i]);
        }
        long t1 = System.nanoTime();
        results.add(new Result(names[i], n, t1 - t0, cpu.getCurrentThreadCpuTime() - c0));
      }
    }
    return List.copyOf(results);
  }

  /** A value the JIT cannot prove unused, so the timed loops are not optimised away. */
  public long sink() {
    return sink;
  }

  private long count() throws CaptureException {
    return pass(PcapFileSource::open, (link, ts, buf, off, cap, wire) -> {});
  }

  private long pass(Opener opener, PacketHandler h) throws CaptureException {
    long n = 0;
    try (PacketSource src = opener.open(file)) {
      int r;
      while ((r = src.dispatch(h, 4096)) >= 0) {
        n += r;
      }
    }
    return n;
  }
}
