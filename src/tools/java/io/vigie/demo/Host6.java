package io.vigie.demo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 machine of the synthetic network, for the dual-stack parts of the demo. The MAC is the
 * IPv4 twin's rule applied to the last four bytes.
 *
 * <pre>{@code
 * Host6 cam = Host6.of("cam-12", "fd00:20:1::12");
 * }</pre>
 */
public record Host6(String name, String address, long hi, long lo) {

  /** Parses a literal only; never resolves a name. */
  public static Host6 of(String name, String literal) {
    if (!literal.contains(":")) {
      throw new IllegalArgumentException("not an IPv6 literal: " + literal);
    }
    byte[] a;
    try {
      // A literal with a colon is parsed, never looked up (InetAddress spec: "literal IPv6").
      InetAddress parsed = InetAddress.getByName(literal);
      if (!(parsed instanceof Inet6Address)) {
        throw new IllegalArgumentException("not an IPv6 literal: " + literal);
      }
      a = parsed.getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 literal: " + literal, e);
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (a[i] & 0xff);
      lo = (lo << 8) | (a[i + 8] & 0xff);
    }
    return new Host6(name, literal, hi, lo);
  }

  void writeAddress(byte[] buf, int off) {
    for (int i = 0; i < 8; i++) {
      buf[off + i] = (byte) (hi >>> (56 - 8 * i));
      buf[off + 8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
  }

  void writeMac(byte[] buf, int off) {
    buf[off] = 0x02;
    buf[off + 1] = 0x00;
    buf[off + 2] = (byte) (lo >>> 24);
    buf[off + 3] = (byte) (lo >>> 16);
    buf[off + 4] = (byte) (lo >>> 8);
    buf[off + 5] = (byte) lo;
  }

  /** Sum of the address as 16-bit words, for the pseudo-header checksum. */
  long wordSum() {
    long s = 0;
    for (int i = 0; i < 4; i++) {
      s += (hi >>> (16 * i)) & 0xffff;
      s += (lo >>> (16 * i)) & 0xffff;
    }
    return s;
  }

  @Override
  public String toString() {
    return name + "(" + address + ")";
  }
}
