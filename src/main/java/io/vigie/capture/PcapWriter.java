package io.vigie.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes classic pcap files (microsecond resolution, little endian), as every tool reads them.
 *
 * <pre>{@code
 * try (PcapWriter w = new PcapWriter(Files.newOutputStream(path), LinkType.ETHERNET, 65535)) {
 *   w.write(tsNanos, frame, 0, frame.length, frame.length);
 * }
 * }</pre>
 *
 * <p>Slices of flagged flows are written from the packet thread, so the writer buffers in a plain
 * array of its own: {@code BufferedOutputStream} would take a lock on every packet. Not
 * thread-safe.
 */
public final class PcapWriter implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final byte[] buf = new byte[BUFFER];
  private int used;
  private long bytesWritten;

  public PcapWriter(OutputStream out, int linkType, int snapLen) throws IOException {
    this.out = out;
    putInt(0xa1b2c3d4);
    putShort(2);
    putShort(4);
    putInt(0);
    putInt(0);
    putInt(snapLen);
    putInt(linkType);
    bytesWritten = 24;
  }

  /** Appends one record; {@code capLen} bytes from {@code frame[off]} are stored. */
  public void write(long tsNanos, byte[] frame, int off, int capLen, int wireLen)
      throws IOException {
    long micros = Math.floorDiv(tsNanos, 1000L);
    if (used + 16 > BUFFER) {
      drain();
    }
    putInt((int) Math.floorDiv(micros, 1_000_000L));
    putInt((int) Math.floorMod(micros, 1_000_000L));
    putInt(capLen);
    putInt(wireLen);
    if (capLen > BUFFER - used) {
      drain();
      if (capLen > BUFFER) {
        out.write(frame, off, capLen);
        bytesWritten += 16L + capLen;
        return;
      }
    }
    System.arraycopy(frame, off, buf, used, capLen);
    used += capLen;
    bytesWritten += 16L + capLen;
  }

  /** Bytes written so far, file header included. */
  public long bytesWritten() {
    return bytesWritten;
  }

  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buf, 0, used);
      used = 0;
    }
  }

  private void putInt(int v) {
    buf[used++] = (byte) v;
    buf[used++] = (byte) (v >>> 8);
    buf[used++] = (byte) (v >>> 16);
    buf[used++] = (byte) (v >>> 24);
  }

  private void putShort(int v) {
    buf[used++] = (byte) v;
    buf[used++] = (byte) (v >>> 8);
  }
}
