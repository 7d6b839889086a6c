package io.vigie.demo;

import java.util.List;

/** An SNTP client request and the server's reply (RFC 5905, version 4, modes 3 and 4). */
public final class Ntp {
  private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

  private Ntp() {}

  public static List<Packet> query(Datagrams udp, Host client, Host server, long tsNanos) {
    byte[] q = request(tsNanos);
    return List.of(
        udp.udp(tsNanos, client, 123, server, 123, q),
        udp.udp(tsNanos + 700_000, server, 123, client, 123, reply(q, tsNanos)));
  }

  /** The same exchange over IPv6. */
  public static List<Packet> query6(Datagrams udp, Host6 client, Host6 server, long tsNanos) {
    byte[] q = request(tsNanos);
    return List.of(
        udp.udp6(tsNanos, client, 123, server, 123, q),
        udp.udp6(tsNanos + 700_000, server, 123, client, 123, reply(q, tsNanos)));
  }

  private static byte[] request(long tsNanos) {
    byte[] q = new byte[48];
    q[0] = 0x23; // LI 0, VN 4, mode 3 (client)
    timestamp(q, 40, tsNanos);
    return q;
  }

  private static byte[] reply(byte[] q, long tsNanos) {
    byte[] r = new byte[48];
    r[0] = 0x24; // LI 0, VN 4, mode 4 (server)
    r[1] = 2; // stratum 2
    r[2] = 3; // poll 8 s
    r[3] = (byte) 0xe9; // precision 2^-23
    Frames.put32(r, 4, 0x00000180); // root delay
    Frames.put32(r, 8, 0x00000220); // root dispersion
    Frames.put32(r, 12, 0x0a000001); // reference id: upstream server's address
    timestamp(r, 16, tsNanos - 37_000_000_000L);
    System.arraycopy(q, 40, r, 24, 8); // origin = client's transmit time
    timestamp(r, 32, tsNanos + 300_000);
    timestamp(r, 40, tsNanos + 310_000);
    return r;
  }

  private static void timestamp(byte[] b, int at, long unixNanos) {
    long secs = unixNanos / 1_000_000_000L + NTP_UNIX_OFFSET;
    long frac = ((unixNanos % 1_000_000_000L) << 32) / 1_000_000_000L;
    Frames.put32(b, at, (int) secs);
    Frames.put32(b, at + 4, (int) frac);
  }
}
