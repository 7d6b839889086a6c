package io.vigie.protocol;

/**
 * Cuts a byte stream into LF-terminated lines, holding at most one partial line. A line longer than
 * the capacity is delivered cut at the capacity and the rest of it is skipped.
 */
final class LineBuffer {
  /** Receives each line without its CR LF. */
  @FunctionalInterface
  interface Sink {
    void line(byte[] b, int off, int len);
  }

  private final byte[] buf;
  private final Sink sink;
  private int len;
  private boolean skipping;

  LineBuffer(int capacity, Sink sink) {
    this.buf = new byte[capacity];
    this.sink = sink;
  }

  void feed(byte[] b, int off, int n) {
    int end = off + n;
    int i = off;
    while (i < end) {
      int nl = Bytes.indexOf(b, i, end, '\n');
      int stop = nl < 0 ? end : nl;
      if (!skipping) {
        int room = buf.length - len;
        int take = Math.min(room, stop - i);
        System.arraycopy(b, i, buf, len, take);
        len += take;
        if (take < stop - i || (nl < 0 && len == buf.length)) {
          deliver();
          skipping = true;
        }
      }
      if (nl < 0) {
        return;
      }
      if (!skipping) {
        deliver();
      }
      skipping = false;
      len = 0;
      i = nl + 1;
    }
  }

  private void deliver() {
    int l = len;
    if (l > 0 && buf[l - 1] == '\r') {
      l--;
    }
    sink.line(buf, 0, l);
    len = 0;
  }
}
