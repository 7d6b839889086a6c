package io.vigie.demo;

/**
 * A machine of the synthetic network: a name for the timeline, an IPv4 address and a MAC derived
 * from it (locally administered, so it can never clash with a real vendor prefix).
 *
 * <pre>{@code
 * Host cam = Host.of("cam-01", "10.20.1.1");
 * }</pre>
 */
public record Host(String name, int ipv4, int ttl) {

  public static Host of(String name, String dotted) {
    return new Host(name, parse(dotted), 64);
  }

  /** A host seen across a few routers: its packets arrive with a lower TTL. */
  public static Host remote(String name, String dotted) {
    return new Host(name, parse(dotted), 52);
  }

  public String address() {
    return ((ipv4 >>> 24) & 0xff)
        + "."
        + ((ipv4 >>> 16) & 0xff)
        + "."
        + ((ipv4 >>> 8) & 0xff)
        + "."
        + (ipv4 & 0xff);
  }

  /** Writes the MAC 02:00:a:b:c:d (a.b.c.d the address) at {@code off}. */
  void writeMac(byte[] buf, int off) {
    buf[off] = 0x02;
    buf[off + 1] = 0x00;
    buf[off + 2] = (byte) (ipv4 >>> 24);
    buf[off + 3] = (byte) (ipv4 >>> 16);
    buf[off + 4] = (byte) (ipv4 >>> 8);
    buf[off + 5] = (byte) ipv4;
  }

  private static int parse(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    int v = 0;
    for (String s : p) {
      int b = Integer.parseInt(s);
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + dotted);
      }
      v = (v << 8) | b;
    }
    return v;
  }

  @Override
  public String toString() {
    return name + "(" + address() + ")";
  }
}
