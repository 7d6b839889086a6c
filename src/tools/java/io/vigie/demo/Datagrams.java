package io.vigie.demo;

import java.util.Arrays;

/**
 * Makes single UDP packets for request/response protocols (DNS, NTP, TFTP, RTCP).
 *
 * <pre>{@code
 * Datagrams d = new Datagrams(seed);
 * Packet q = d.udp(ts, cam, 40000, dns, 53, query);
 * }</pre>
 */
public final class Datagrams {
  private final byte[] buf = new byte[Frames.MAX_FRAME];
  private int ipId;

  public Datagrams(long seed) {
    this.ipId = (int) (TcpSession.mix(seed) & 0xffff);
  }

  public Packet udp(long tsNanos, Host src, int sport, Host dst, int dport, byte[] payload) {
    int n = Frames.udp(buf, src, sport, dst, dport, ipId++ & 0xffff, payload, 0, payload.length);
    return new Packet(tsNanos, Arrays.copyOf(buf, n));
  }

  /** The same over IPv6; the flow label is the one the sender keeps for this socket. */
  public Packet udp6(long tsNanos, Host6 src, int sport, Host6 dst, int dport, byte[] payload) {
    int flowLabel = (int) (TcpSession.mix(src.lo() * 31 + sport) & 0xfffff);
    int n = Frames.udp6(buf, src, sport, dst, dport, flowLabel, payload, 0, payload.length);
    return new Packet(tsNanos, Arrays.copyOf(buf, n));
  }
}
