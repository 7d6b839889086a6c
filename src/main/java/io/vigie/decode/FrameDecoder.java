package io.vigie.decode;

/**
 * Raw frame to {@link DecodedPacket}, for every link type vigie reads.
 *
 * <pre>{@code
 * FrameDecoder decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
 * if (decoder.decode(linkType, ts, buf, off, capLen, wireLen, pkt)) flows.onPacket(pkt);
 * }</pre>
 */
public interface FrameDecoder {
  /**
   * Decodes one frame into {@code out}.
   *
   * @return true when {@code out} holds a TCP, UDP or ICMP packet to track; false when the frame
   *     was counted as malformed or not IP, or is a fragment held for reassembly
   */
  boolean decode(
      int linkType, long tsNanos, byte[] buf, int off, int capLen, int wireLen, DecodedPacket out);
}
