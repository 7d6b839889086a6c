package io.vigie.protocol;

/**
 * Cuts a TCP direction into frames with a 2-byte big-endian length prefix (DNS over TCP, OpenVPN
 * over TCP, RTP over TCP per RFC 4571). A frame longer than the buffer is skipped.
 */
final class FramedStream {
  private final byte[] buf;
  private final byte[] lenBytes = new byte[2];
  private int lenHave;
  private int want = -1;
  private int have;
  private int skip;
  private boolean ready;
  private byte[] pending;
  private int pendingOff;
  private int pendingLen;

  FramedStream(int capacity) {
    this.buf = new byte[capacity];
  }

  /** Offers bytes; call {@link #next()} until it returns false to take the complete frames. */
  void feed(byte[] b, int off, int len) {
    pending = b;
    pendingOff = off;
    pendingLen = len;
  }

  /** Advances to the next complete frame, consuming the offered bytes. */
  boolean next() {
    ready = false;
    while (pendingLen > 0 && !ready) {
      if (skip > 0) {
        int n = Math.min(skip, pendingLen);
        skip -= n;
        consume(n);
      } else if (want < 0) {
        lenBytes[lenHave++] = pending[pendingOff];
        consume(1);
        if (lenHave == 2) {
          lenHave = 0;
          int l = Bytes.u16(lenBytes, 0);
          if (l > buf.length) {
            skip = l;
          } else {
            want = l;
            have = 0;
            ready = l == 0;
            if (ready) {
              want = -1;
            }
          }
        }
      } else {
        int n = Math.min(want - have, pendingLen);
        System.arraycopy(pending, pendingOff, buf, have, n);
        have += n;
        consume(n);
        if (have == want) {
          ready = true;
          want = -1;
        }
      }
    }
    return ready;
  }

  private void consume(int n) {
    pendingOff += n;
    pendingLen -= n;
  }

  byte[] frame() {
    return buf;
  }

  int frameLen() {
    return have;
  }
}
