package io.vigie.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes classic pcap files (microsecond resolution, little endian), as every tool reads them.
 *
 * <pre>{@code
 * try (PcapWriter w = new PcapWriter(Files.newOutputStream(path), LinkType.ETHERNET, 65535)) {
 *   w.write(tsNanos, frame, 0, frame.length, frame.length);
 * }
 * }</pre>
 */
public final class PcapWriter implements AutoCloseable {
  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
  private long bytesWritten;

  public PcapWriter(OutputStream out, int linkType, int snapLen) throws IOException {
    this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    h.putInt(snapLen).putInt(linkType);
    this.out.write(h.array());
    bytesWritten = 24;
  }

  /** Appends one record; {@code capLen} bytes from {@code buf[off]} are stored. */
  public void write(long tsNanos, byte[] buf, int off, int capLen, int wireLen) throws IOException {
    long micros = Math.floorDiv(tsNanos, 1000L);
    header.clear();
    header.putInt((int) Math.floorDiv(micros, 1_000_000L));
    header.putInt((int) Math.floorMod(micros, 1_000_000L));
    header.putInt(capLen).putInt(wireLen);
    out.write(header.array(), 0, 16);
    out.write(buf, off, capLen);
    bytesWritten += 16L + capLen;
  }

  /** Bytes written so far, file header included. */
  public long bytesWritten() {
    return bytesWritten;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
