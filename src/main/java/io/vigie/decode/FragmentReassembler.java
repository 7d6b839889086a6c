package io.vigie.decode;

/**
 * Reassembles IPv4 and IPv6 fragments into fixed, reused 64 KiB buffers.
 *
 * <pre>{@code
 * int slot = reassembler.add(4, 0, src, 0, dst, id, proto, ts, fragOffset, moreFragments, buf, off, len);
 * if (slot >= 0) parse(reassembler.data(slot), 0, reassembler.length(slot), reassembler.proto(slot));
 * }</pre>
 *
 * <p>Bounded by {@link FragmentLimits}. Overlapping fragments drop the whole datagram, as RFC 5722
 * asks for IPv6: two readings of the same bytes are how IDS evasion works, so vigie takes neither.
 * Datagrams are matched by a linear scan of the slots, which is cheap for the few dozen a site sees
 * at once. The returned buffer stays valid until the next call of {@link #add}.
 */
final class FragmentReassembler {
  private final FragmentLimits limits;
  private final DecodeCounters counters;
  private final int n;
  private final boolean[] used;
  private final int[] version;
  private final long[] srcHi;
  private final long[] srcLo;
  private final long[] dstHi;
  private final long[] dstLo;
  private final int[] id;
  private final int[] proto;
  private final long[] firstTs;
  private final int[] total;
  private final int[] have;
  private final int[] fragCount;
  private final int[][] starts;
  private final int[][] ends;
  private final byte[][] data;
  private int inUse;

  FragmentReassembler(FragmentLimits limits, DecodeCounters counters) {
    this.limits = limits;
    this.counters = counters;
    this.n = limits.maxDatagrams();
    used = new boolean[n];
    version = new int[n];
    srcHi = new long[n];
    srcLo = new long[n];
    dstHi = new long[n];
    dstLo = new long[n];
    id = new int[n];
    proto = new int[n];
    firstTs = new long[n];
    total = new int[n];
    have = new int[n];
    fragCount = new int[n];
    starts = new int[n][];
    ends = new int[n][];
    data = new byte[n][];
  }

  /** Datagrams waiting for fragments. */
  int inFlight() {
    return inUse;
  }

  byte[] data(int slot) {
    return data[slot];
  }

  int length(int slot) {
    return total[slot];
  }

  /** IPv4: the protocol; IPv6: the next header named by the fragment header of offset 0. */
  int proto(int slot) {
    return proto[slot];
  }

  /**
   * Adds one fragment.
   *
   * @param ver 4 or 6
   * @param prot IPv4 protocol (part of the key), or IPv6 fragment header's next header
   * @param fragOff offset of the fragment's data in bytes
   * @return the slot of the now complete datagram, or -1 when it is held or was dropped (counted)
   */
  int add(
      int ver,
      long sHi,
      long sLo,
      long dHi,
      long dLo,
      int ident,
      int prot,
      long ts,
      int fragOff,
      boolean more,
      byte[] b,
      int off,
      int len) {
    if (inUse > 0) {
      expire(ts);
    }
    int s = find(ver, sHi, sLo, dHi, dLo, ident, prot);
    int end = fragOff + len;
    if (end > FragmentLimits.MAX_DATAGRAM) {
      counters.count(Malformed.FRAGMENT_TOO_LARGE);
      if (s >= 0) {
        free(s);
      }
      return -1;
    }
    if (s < 0) {
      s = allocate();
      if (s < 0) {
        counters.count(Malformed.FRAGMENT_LIMIT);
        return -1;
      }
      version[s] = ver;
      srcHi[s] = sHi;
      srcLo[s] = sLo;
      dstHi[s] = dHi;
      dstLo[s] = dLo;
      id[s] = ident;
      proto[s] = ver == 4 ? prot : -1;
      firstTs[s] = ts;
      total[s] = -1;
      have[s] = 0;
      fragCount[s] = 0;
    }
    int[] st = starts[s];
    int[] en = ends[s];
    int c = fragCount[s];
    if (c == st.length) {
      counters.count(Malformed.FRAGMENT_LIMIT);
      free(s);
      return -1;
    }
    for (int i = 0; i < c; i++) {
      if (fragOff < en[i] && st[i] < end) {
        counters.count(Malformed.FRAGMENT_OVERLAP);
        free(s);
        return -1;
      }
    }
    if (!more) {
      if (total[s] >= 0 && total[s] != end) {
        counters.count(Malformed.FRAGMENT_OVERLAP);
        free(s);
        return -1;
      }
      for (int i = 0; i < c; i++) {
        if (en[i] > end) {
          counters.count(Malformed.FRAGMENT_OVERLAP);
          free(s);
          return -1;
        }
      }
      total[s] = end;
    } else if (total[s] >= 0 && end > total[s]) {
      counters.count(Malformed.FRAGMENT_OVERLAP);
      free(s);
      return -1;
    }
    if (fragOff == 0 && ver == 6) {
      proto[s] = prot;
    }
    st[c] = fragOff;
    en[c] = end;
    fragCount[s] = c + 1;
    have[s] += len;
    System.arraycopy(b, off, data[s], fragOff, len);
    if (total[s] >= 0 && have[s] == total[s] && proto[s] >= 0) {
      free(s);
      return s;
    }
    return -1;
  }

  private int find(int ver, long sHi, long sLo, long dHi, long dLo, int ident, int prot) {
    if (inUse == 0) {
      return -1;
    }
    for (int s = 0; s < n; s++) {
      if (used[s]
          && id[s] == ident
          && srcLo[s] == sLo
          && dstLo[s] == dLo
          && version[s] == ver
          && srcHi[s] == sHi
          && dstHi[s] == dHi
          && (ver == 6 || proto[s] == prot)) {
        return s;
      }
    }
    return -1;
  }

  private int allocate() {
    if (inUse == n) {
      return -1;
    }
    for (int s = 0; s < n; s++) {
      if (!used[s]) {
        if (data[s] == null) {
          // Allocated once per slot, on first use, then reused for every later datagram.
          data[s] = new byte[FragmentLimits.MAX_DATAGRAM];
          starts[s] = new int[limits.maxFragments()];
          ends[s] = new int[limits.maxFragments()];
        }
        used[s] = true;
        inUse++;
        return s;
      }
    }
    return -1;
  }

  private void expire(long ts) {
    long timeout = limits.timeoutNanos();
    for (int s = 0; s < n; s++) {
      if (used[s] && ts - firstTs[s] > timeout) {
        counters.count(Malformed.FRAGMENT_TIMEOUT);
        free(s);
      }
    }
  }

  private void free(int s) {
    used[s] = false;
    inUse--;
  }
}
