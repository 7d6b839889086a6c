package io.vigie.flow;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 flow hashes, as Zeek, Suricata and Wireshark compute them, so a session here can
 * be found in their logs (https://github.com/corelight/community-id-spec).
 *
 * <pre>{@code
 * CommunityId cid = new CommunityId(0);
 * String id = cid.compute(4, 0, srcV4, 0, dstV4, 6, 34855, 80);  // "1:LQU9qZlK+B5F3KDmev6m5PMibrg="
 * }</pre>
 *
 * <p>Not thread-safe: it reuses one digest and one buffer. Called once per flow, not per packet.
 */
public final class CommunityId {
  private final int seed;
  private final MessageDigest sha1;
  private final byte[] buf = new byte[2 + 16 + 16 + 2 + 4];

  public CommunityId(int seed) {
    this.seed = seed;
    try {
      this.sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-1", e);
    }
  }

  /**
   * For ICMP and ICMPv6 the ports are the type and the code; the counterpart mapping of the spec
   * makes a request and its reply share one ID.
   */
  public String compute(
      int ipVersion,
      long srcHi,
      long srcLo,
      long dstHi,
      long dstLo,
      int proto,
      int srcPort,
      int dstPort) {
    int sport = srcPort;
    int dport = dstPort;
    boolean oneWay = false;
    if (proto == 1 || proto == 58) {
      int counterpart = IcmpPorts.counterpart(proto, srcPort);
      if (counterpart >= 0) {
        dport = counterpart;
      } else {
        oneWay = true;
      }
    }
    boolean swap = false;
    if (!oneWay) {
      int c = compareAddr(srcHi, srcLo, dstHi, dstLo);
      swap = c > 0 || (c == 0 && sport > dport);
    }
    int n = 0;
    buf[n++] = (byte) (seed >>> 8);
    buf[n++] = (byte) seed;
    if (swap) {
      n = putAddr(n, ipVersion, dstHi, dstLo);
      n = putAddr(n, ipVersion, srcHi, srcLo);
    } else {
      n = putAddr(n, ipVersion, srcHi, srcLo);
      n = putAddr(n, ipVersion, dstHi, dstLo);
    }
    buf[n++] = (byte) proto;
    buf[n++] = 0;
    boolean hasPorts = proto == 6 || proto == 17 || proto == 132 || proto == 1 || proto == 58;
    if (hasPorts) {
      int a = swap ? dport : sport;
      int b = swap ? sport : dport;
      buf[n++] = (byte) (a >>> 8);
      buf[n++] = (byte) a;
      buf[n++] = (byte) (b >>> 8);
      buf[n++] = (byte) b;
    }
    sha1.reset();
    sha1.update(buf, 0, n);
    return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
  }

  private int putAddr(int n, int ipVersion, long hi, long lo) {
    if (ipVersion == 4) {
      for (int i = 3; i >= 0; i--) {
        buf[n++] = (byte) (lo >>> (8 * i));
      }
      return n;
    }
    for (int i = 7; i >= 0; i--) {
      buf[n++] = (byte) (hi >>> (8 * i));
    }
    for (int i = 7; i >= 0; i--) {
      buf[n++] = (byte) (lo >>> (8 * i));
    }
    return n;
  }

  /** Compares addresses as unsigned byte strings, as the spec orders endpoints. */
  static int compareAddr(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }
}
