package io.vigie.flow;

import io.vigie.decode.DecodedPacket;
import java.util.Arrays;

/**
 * The flow table's index: open addressing with linear probing on a symmetric 5-tuple hash, so both
 * directions of a flow find the same slot. Removal shifts entries back instead of leaving
 * tombstones, so probe sequences stay short under churn.
 *
 * <pre>{@code
 * int h = FlowMap.hash(p.srcHi, p.srcLo, sport, p.dstHi, p.dstLo, dport, p.ipProto);
 * Flow f = map.find(h, p, sport, dport);       // null: a new flow
 * boolean fromOrig = map.foundFromOrig();      // the direction of the packet found
 * }</pre>
 *
 * <p>Owned by the flow table's thread; a lookup compares primitive fields and allocates nothing.
 */
final class FlowMap {
  private Flow[] table = new Flow[1 << 12];
  private int mask = table.length - 1;
  private int size;
  private boolean foundFromOrig;

  /**
   * The flow whose key matches the packet in either direction, or null.
   *
   * @param sport the packet's source key port (ICMP: its type)
   * @param dport the packet's destination key port (ICMP: the counterpart type)
   */
  Flow find(int h, DecodedPacket p, int sport, int dport) {
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Flow c = table[i];
      if (c == null) {
        return null;
      }
      if (c.hash == h && c.ipProto == p.ipProto && c.ipVersion == p.ipVersion) {
        if (c.origKeyPort == sport
            && c.respKeyPort == dport
            && c.origLo == p.srcLo
            && c.respLo == p.dstLo
            && c.origHi == p.srcHi
            && c.respHi == p.dstHi) {
          foundFromOrig = true;
          return c;
        }
        if (c.origKeyPort == dport
            && c.respKeyPort == sport
            && c.origLo == p.dstLo
            && c.respLo == p.srcLo
            && c.origHi == p.dstHi
            && c.respHi == p.srcHi) {
          foundFromOrig = false;
          return c;
        }
      }
    }
  }

  /** Whether the packet of the last successful {@link #find} came from the flow's originator. */
  boolean foundFromOrig() {
    return foundFromOrig;
  }

  int size() {
    return size;
  }

  void insert(Flow f) {
    if (size + 1 > (table.length >>> 1)) {
      grow();
    }
    int i = f.hash & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = f;
    size++;
  }

  void remove(Flow f) {
    int i = f.hash & mask;
    while (table[i] != f) {
      i = (i + 1) & mask;
    }
    table[i] = null;
    size--;
    // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      Flow c = table[j];
      if (c == null) {
        return;
      }
      int home = c.hash & mask;
      boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!between) {
        table[i] = c;
        table[j] = null;
        i = j;
      }
    }
  }

  private void grow() {
    Flow[] old = table;
    table = new Flow[old.length << 1];
    mask = table.length - 1;
    for (Flow f : old) {
      if (f != null) {
        int i = f.hash & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = f;
      }
    }
    Arrays.fill(old, null);
  }

  /** Same value for both directions of a flow: the endpoint hashes are combined commutatively. */
  static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int proto) {
    long a = mix(aHi * 0x9E3779B97F4A7C15L + aLo + ((long) aPort << 48));
    long b = mix(bHi * 0x9E3779B97F4A7C15L + bLo + ((long) bPort << 48));
    long h = mix(a + b + proto);
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long z) {
    // SplitMix64's finaliser: cheap and spreads nearby addresses and ports well.
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
