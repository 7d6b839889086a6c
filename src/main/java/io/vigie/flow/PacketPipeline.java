package io.vigie.flow;

import io.vigie.capture.PacketHandler;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FrameDecoder;

/**
 * The packet path: raw frame → decoder → flow table. One instance per capture thread; the same for
 * live interfaces and files, so every test of a pcap exercises what the daemon runs.
 *
 * <pre>{@code
 * PacketPipeline pipeline = new PacketPipeline(decoder, counters, flows);
 * while (source.dispatch(pipeline, 4096) >= 0) { }
 * flows.flush();
 * }</pre>
 */
public final class PacketPipeline implements PacketHandler {
  private final FrameDecoder decoder;
  private final DecodeCounters counters;
  private final FlowTable flows;
  private final DecodedPacket packet = new DecodedPacket();
  private long packets;
  private long bytes;
  private long firstNanos = Long.MAX_VALUE;
  private long lastNanos = Long.MIN_VALUE;

  public PacketPipeline(FrameDecoder decoder, DecodeCounters counters, FlowTable flows) {
    this.decoder = decoder;
    this.counters = counters;
    this.flows = flows;
  }

  @Override
  public void onPacket(int linkType, long tsNanos, byte[] buf, int off, int capLen, int wireLen) {
    packets++;
    bytes += wireLen;
    if (tsNanos < firstNanos) {
      firstNanos = tsNanos;
    }
    if (tsNanos > lastNanos) {
      lastNanos = tsNanos;
    }
    if (decoder.decode(linkType, tsNanos, buf, off, capLen, wireLen, packet)) {
      flows.onPacket(packet);
    }
  }

  public long packets() {
    return packets;
  }

  /** Bytes on the wire of every frame seen. */
  public long bytes() {
    return bytes;
  }

  /** Span of packet time seen, in nanoseconds (0 before two packets). */
  public long spanNanos() {
    return packets == 0 ? 0 : lastNanos - firstNanos;
  }

  public DecodeCounters counters() {
    return counters;
  }

  public FlowTable flows() {
    return flows;
  }
}
