package io.vigie.protocol;

/**
 * Collects the first line of one direction (an SSH or RFB banner), up to a small bound: RFC 4253
 * section 4.2 caps the SSH identification line at 255 bytes.
 */
final class BannerLine {
  private final byte[] buf;
  private int len;
  private boolean complete;

  BannerLine(int capacity) {
    this.buf = new byte[capacity];
  }

  /** Feeds bytes; returns true once the line is complete (LF seen or capacity reached). */
  boolean feed(byte[] b, int off, int n) {
    for (int i = off; i < off + n && !complete; i++) {
      if (b[i] == '\n' || len == buf.length) {
        complete = true;
      } else {
        buf[len++] = b[i];
      }
    }
    return complete;
  }

  boolean complete() {
    return complete;
  }

  /** Forgets the line (a server may send other lines before its SSH banner). */
  void reset() {
    len = 0;
    complete = false;
  }

  boolean startsWith(String text) {
    return Bytes.startsWith(buf, 0, len, text);
  }

  String text() {
    int l = len;
    while (l > 0 && buf[l - 1] == '\r') {
      l--;
    }
    return Bytes.ascii(buf, 0, l);
  }
}
