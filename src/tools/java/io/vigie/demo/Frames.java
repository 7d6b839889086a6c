package io.vigie.demo;

/**
 * Builds Ethernet II / IPv4 / TCP or UDP frames with correct lengths and checksums.
 *
 * <pre>{@code
 * byte[] buf = new byte[Frames.MAX_FRAME];
 * int len = Frames.udp(buf, cam, 6970, server, 50000, ipId, payload, 0, payload.length);
 * }</pre>
 *
 * <p>Frames shorter than Ethernet's 60-byte minimum are padded with zeros, as a NIC does, so the
 * wire length is the frame length.
 */
public final class Frames {
  public static final int ETH = 14;
  public static final int IP = 20;
  public static final int TCP = 20;
  public static final int UDP = 8;
  public static final int MAX_FRAME = 1514;

  /** TCP payload bytes per segment on a 1500-byte MTU with 12 bytes of options (timestamps off). */
  public static final int MSS = 1460;

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  /** MSS 1460, SACK permitted, window scale 7: what a Linux SYN carries without timestamps. */
  private static final byte[] SYN_OPTIONS = {
    0x02, 0x04, 0x05, (byte) 0xb4, 0x01, 0x01, 0x04, 0x02, 0x01, 0x03, 0x03, 0x07
  };

  private Frames() {}

  /** Writes a UDP frame into {@code buf}; returns its length. */
  public static int udp(
      byte[] buf,
      Host src,
      int sport,
      Host dst,
      int dport,
      int ipId,
      byte[] payload,
      int off,
      int len) {
    int ipStart = ethernet(buf, src, dst);
    int l4 = ipStart + IP;
    int udpLen = UDP + len;
    put16(buf, l4, sport);
    put16(buf, l4 + 2, dport);
    put16(buf, l4 + 4, udpLen);
    put16(buf, l4 + 6, 0);
    System.arraycopy(payload, off, buf, l4 + UDP, len);
    int sum = checksum(pseudoHeader(src, dst, 17, udpLen), buf, l4, udpLen);
    // RFC 768: a computed zero is sent as all ones, zero meaning "no checksum".
    put16(buf, l4 + 6, sum == 0 ? 0xffff : sum);
    ipv4(buf, ipStart, src, dst, 17, IP + udpLen, ipId);
    return pad(buf, l4 + udpLen);
  }

  /** Writes a UDP frame over IPv6 (RFC 8200, no extension headers); returns its length. */
  public static int udp6(
      byte[] buf,
      Host6 src,
      int sport,
      Host6 dst,
      int dport,
      int flowLabel,
      byte[] payload,
      int off,
      int len) {
    dst.writeMac(buf, 0);
    src.writeMac(buf, 6);
    put16(buf, 12, 0x86dd);
    int ip = ETH;
    int udpLen = UDP + len;
    put32(buf, ip, 0x60000000 | (flowLabel & 0xfffff));
    put16(buf, ip + 4, udpLen);
    buf[ip + 6] = 17;
    buf[ip + 7] = 64;
    src.writeAddress(buf, ip + 8);
    dst.writeAddress(buf, ip + 24);
    int l4 = ip + 40;
    put16(buf, l4, sport);
    put16(buf, l4 + 2, dport);
    put16(buf, l4 + 4, udpLen);
    put16(buf, l4 + 6, 0);
    System.arraycopy(payload, off, buf, l4 + UDP, len);
    // RFC 8200 8.1: the pseudo-header has both addresses, the length and the next header.
    int sum = checksum(src.wordSum() + dst.wordSum() + udpLen + 17, buf, l4, udpLen);
    // Over IPv6 a zero UDP checksum is not allowed: all ones stands for it.
    put16(buf, l4 + 6, sum == 0 ? 0xffff : sum);
    return pad(buf, l4 + udpLen);
  }

  /** Writes a TCP segment into {@code buf}; SYN segments carry the usual options. */
  public static int tcp(
      byte[] buf,
      Host src,
      int sport,
      Host dst,
      int dport,
      int ipId,
      int seq,
      int ack,
      int flags,
      int window,
      byte[] payload,
      int off,
      int len) {
    int ipStart = ethernet(buf, src, dst);
    int l4 = ipStart + IP;
    byte[] options = (flags & SYN) != 0 ? SYN_OPTIONS : new byte[0];
    int hdr = TCP + options.length;
    put16(buf, l4, sport);
    put16(buf, l4 + 2, dport);
    put32(buf, l4 + 4, seq);
    put32(buf, l4 + 8, (flags & ACK) != 0 ? ack : 0);
    buf[l4 + 12] = (byte) ((hdr / 4) << 4);
    buf[l4 + 13] = (byte) flags;
    put16(buf, l4 + 14, window);
    put16(buf, l4 + 16, 0);
    put16(buf, l4 + 18, 0);
    System.arraycopy(options, 0, buf, l4 + TCP, options.length);
    if (len > 0) {
      System.arraycopy(payload, off, buf, l4 + hdr, len);
    }
    int segLen = hdr + len;
    put16(buf, l4 + 16, checksum(pseudoHeader(src, dst, 6, segLen), buf, l4, segLen));
    ipv4(buf, ipStart, src, dst, 6, IP + segLen, ipId);
    return pad(buf, l4 + segLen);
  }

  private static int ethernet(byte[] buf, Host src, Host dst) {
    dst.writeMac(buf, 0);
    src.writeMac(buf, 6);
    put16(buf, 12, 0x0800);
    return ETH;
  }

  private static void ipv4(
      byte[] buf, int at, Host src, Host dst, int proto, int totalLen, int ipId) {
    buf[at] = 0x45;
    buf[at + 1] = 0;
    put16(buf, at + 2, totalLen);
    put16(buf, at + 4, ipId);
    put16(buf, at + 6, 0x4000); // DF, as Linux sets it for TCP and path-MTU-probing UDP
    buf[at + 8] = (byte) src.ttl();
    buf[at + 9] = (byte) proto;
    put16(buf, at + 10, 0);
    put32(buf, at + 12, src.ipv4());
    put32(buf, at + 16, dst.ipv4());
    put16(buf, at + 10, checksum(0, buf, at, IP));
  }

  private static int pad(byte[] buf, int end) {
    if (end >= 60) {
      return end;
    }
    for (int i = end; i < 60; i++) {
      buf[i] = 0;
    }
    return 60;
  }

  private static long pseudoHeader(Host src, Host dst, int proto, int l4Len) {
    long s = 0;
    s += (src.ipv4() >>> 16) + (src.ipv4() & 0xffff);
    s += (dst.ipv4() >>> 16) + (dst.ipv4() & 0xffff);
    s += proto + l4Len;
    return s;
  }

  /** RFC 1071 Internet checksum of {@code buf[off, off+len)} added to {@code initial}. */
  static int checksum(long initial, byte[] buf, int off, int len) {
    long sum = initial;
    int end = off + len - 1;
    int i = off;
    for (; i < end; i += 2) {
      sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
    }
    if (i == end) {
      sum += (buf[i] & 0xff) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  static void put32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
