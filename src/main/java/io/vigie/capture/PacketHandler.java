package io.vigie.capture;

/**
 * Receives raw frames from a {@link PacketSource}.
 *
 * <p>The buffer is owned by the source and reused for the next frame: a handler that needs the
 * bytes later must copy them. This is what keeps the packet path free of allocation.
 */
@FunctionalInterface
public interface PacketHandler {
  /**
   * @param linkType LINKTYPE_ number of the frame (see {@link LinkType})
   * @param tsNanos capture time, nanoseconds since the epoch
   * @param buf buffer holding the frame
   * @param off offset of the frame's first byte in {@code buf}
   * @param capLen bytes captured
   * @param wireLen bytes on the wire (may exceed {@code capLen} when the snaplen cut it)
   */
  void onPacket(int linkType, long tsNanos, byte[] buf, int off, int capLen, int wireLen);
}
