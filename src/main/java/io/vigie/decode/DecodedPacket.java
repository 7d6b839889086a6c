package io.vigie.decode;

/**
 * The decoded view of one frame: time, addresses, ports, TCP fields and where the payload lies.
 *
 * <p>One instance is reused for every packet by the thread that owns the pipeline, which is why it
 * is a mutable flyweight with public fields and not a record: the packet path allocates nothing.
 * Nothing may keep a reference to it, or to {@link #payload}, past the call it was handed to.
 *
 * <p>Addresses are held as two longs. An IPv4 address sits in the low 32 bits of {@code srcLo} /
 * {@code dstLo} with {@code srcHi} / {@code dstHi} zero.
 */
public final class DecodedPacket {
  public static final int PROTO_ICMP = 1;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;

  /** Capture time, nanoseconds since the epoch. */
  public long tsNanos;

  /** Length of the frame on the wire. */
  public int wireLen;

  /**
   * The original frame as captured, for pcap slices: {@code frame[frameOff .. frameOff+capLen)}.
   */
  public byte[] frame;

  public int frameOff;
  public int capLen;
  public int linkType;

  /** 4 or 6. */
  public int ipVersion;

  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;

  /** IP protocol number of the transport (after IPv6 extension headers). */
  public int ipProto;

  /** Outer 802.1Q VLAN id, or -1. */
  public int vlan;

  /** For TCP and UDP the ports; for ICMP and ICMPv6 the type and the code. */
  public int srcPort;

  public int dstPort;

  /** TCP flags byte (FIN..CWR), 0 for other transports. */
  public int tcpFlags;

  /** TCP sequence and acknowledgement numbers, unsigned 32-bit. */
  public long seq;

  public long ack;

  /** Transport payload (TCP/UDP payload, ICMP body). May point into a reassembly buffer. */
  public byte[] payload;

  public int payloadOff;
  public int payloadLen;

  /**
   * For a frame that is an IP fragment (not an atomic one): where the fragment's own data lies in
   * {@link #frame}, and its offset in the datagram; -1 otherwise. Set even when the decode returns
   * false because the datagram is still incomplete, so that a pcap slice can blank a fragment it
   * cannot reassemble.
   */
  public int fragmentDataOff;

  public int fragmentDataLen;
  public int fragmentOffset;

  /** Offset of the transport header within {@link #frame}, -1 when the packet was reassembled. */
  public int transportOff;

  public boolean isTcp() {
    return ipProto == PROTO_TCP;
  }

  public boolean isUdp() {
    return ipProto == PROTO_UDP;
  }
}
