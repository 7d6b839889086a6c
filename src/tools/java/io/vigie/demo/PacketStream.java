package io.vigie.demo;

/**
 * A source of frames in time order, pulled one at a time so that a workload of millions of packets
 * never sits in memory. {@link StreamMerger} interleaves many of them by time.
 */
public interface PacketStream {
  /** Time of the next frame, or {@link Long#MAX_VALUE} when the stream is over. */
  long peekNanos();

  /**
   * Writes the next frame into {@code buf} (at least {@link Frames#MAX_FRAME} long); returns its
   * length.
   */
  int next(byte[] buf);
}
