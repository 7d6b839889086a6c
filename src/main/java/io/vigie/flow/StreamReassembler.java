package io.vigie.flow;

/**
 * Puts one direction of a TCP stream back in order for the recognisers: retransmitted bytes are
 * dropped, segments that arrive early are held (bounded) until the hole before them fills. Sequence
 * numbers are compared with 32-bit wrap-around (RFC 793 section 3.3).
 */
final class StreamReassembler {
  static final int MAX_HELD_SEGMENTS = 16;
  static final int MAX_HELD_BYTES = 64 * 1024;

  boolean started;
  int nextSeq;
  private int heldCount;
  private int heldBytes;
  private final int[] heldSeq = new int[MAX_HELD_SEGMENTS];
  private final byte[][] heldData = new byte[MAX_HELD_SEGMENTS][];

  void start(int seq) {
    started = true;
    nextSeq = seq;
  }

  /** Keeps a copy of an early segment; false when the bounds are reached. */
  boolean hold(int seq, byte[] buf, int off, int len) {
    if (heldCount == MAX_HELD_SEGMENTS || heldBytes + len > MAX_HELD_BYTES) {
      return false;
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    heldSeq[heldCount] = seq;
    heldData[heldCount] = copy;
    heldCount++;
    heldBytes += len;
    return true;
  }

  /**
   * Index of a held segment that starts at or before {@link #nextSeq} (possibly overlapping it), or
   * -1. Segments entirely before nextSeq are discarded on the way.
   */
  int nextReady() {
    for (int i = 0; i < heldCount; i++) {
      int rel = heldSeq[i] - nextSeq;
      if (rel <= 0) {
        if (rel + heldData[i].length <= 0) {
          removeAt(i);
          i--;
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  /** Index of the held segment closest after nextSeq, or -1 when none is held. */
  int earliest() {
    int best = -1;
    for (int i = 0; i < heldCount; i++) {
      if (best < 0 || heldSeq[i] - heldSeq[best] < 0) {
        best = i;
      }
    }
    return best;
  }

  int heldSeq(int i) {
    return heldSeq[i];
  }

  byte[] heldData(int i) {
    return heldData[i];
  }

  void removeAt(int i) {
    heldBytes -= heldData[i].length;
    heldCount--;
    heldSeq[i] = heldSeq[heldCount];
    heldData[i] = heldData[heldCount];
    heldData[heldCount] = null;
  }

  int heldCount() {
    return heldCount;
  }

  void clear() {
    for (int i = 0; i < heldCount; i++) {
      heldData[i] = null;
    }
    heldCount = 0;
    heldBytes = 0;
  }
}
