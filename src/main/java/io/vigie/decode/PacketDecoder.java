package io.vigie.decode;

import io.vigie.capture.LinkType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes link, IP and transport headers of one frame into the reused {@link DecodedPacket}.
 *
 * <pre>{@code
 * DecodeCounters counters = new DecodeCounters();
 * FrameDecoder decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
 * DecodedPacket pkt = new DecodedPacket();
 * source.dispatch((link, ts, buf, off, cap, wire) -> {
 *   if (decoder.decode(link, ts, buf, off, cap, wire, pkt)) flows.onPacket(pkt);
 * }, 1024);
 * }</pre>
 *
 * <p>Link types: Ethernet (802.1Q, QinQ 0x88a8 / 0x9100 tags, priority tag VLAN 0), Linux SLL and
 * SLL2, raw IP (101, 12, 14; version from the first nibble), LINKTYPE_IPV4 / IPV6, BSD NULL and
 * LOOP (address family in either byte order). IPv4 with options and fragments; IPv6 with
 * hop-by-hop, routing, destination options, fragment and AH headers. TCP, UDP, ICMP and ICMPv6 are
 * tracked; anything else, like ARP or ESP, is counted as {@link Malformed#NOT_IP}. Every malformed
 * frame is counted under one {@link Malformed} reason and skipped; nothing here throws or allocates
 * on the way of a packet (reassembly buffers are allocated once, on first use).
 *
 * <p>Not thread-safe: one decoder per pipeline thread, like the flyweight it fills.
 */
public final class PacketDecoder implements FrameDecoder {
  private static final VarHandle BE16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86dd;
  private static final int ETH_VLAN = 0x8100;
  private static final int ETH_QINQ = 0x88a8;
  private static final int ETH_QINQ_OLD = 0x9100;

  private final DecodeCounters counters;
  private final FragmentReassembler reassembler;

  public PacketDecoder(DecodeCounters counters, FragmentLimits limits) {
    this.counters = counters;
    this.reassembler = new FragmentReassembler(limits, counters);
  }

  /** Datagrams waiting for missing fragments. */
  public int fragmentsInFlight() {
    return reassembler.inFlight();
  }

  @Override
  public boolean decode(
      int linkType, long tsNanos, byte[] buf, int off, int capLen, int wireLen, DecodedPacket out) {
    out.tsNanos = tsNanos;
    out.wireLen = wireLen;
    out.frame = buf;
    out.frameOff = off;
    out.capLen = capLen;
    out.linkType = linkType;
    out.vlan = -1;
    out.ipVersion = 0;
    out.ipProto = 0;
    out.srcHi = 0;
    out.srcLo = 0;
    out.dstHi = 0;
    out.dstLo = 0;
    out.srcPort = 0;
    out.dstPort = 0;
    out.tcpFlags = 0;
    out.seq = 0;
    out.ack = 0;
    out.payload = buf;
    out.payloadOff = off;
    out.payloadLen = 0;
    out.transportOff = -1;
    out.fragmentDataOff = -1;
    out.fragmentDataLen = 0;
    out.fragmentOffset = -1;
    int end = off + capLen;
    switch (linkType) {
      case LinkType.ETHERNET:
        return ethernet(buf, off, end, out);
      case LinkType.RAW:
      case LinkType.RAW_BSD:
      case LinkType.RAW_OPENBSD:
        if (capLen < 1) {
          return bad(Malformed.TRUNCATED_IP);
        }
        return ipByNibble(buf, off, end, out);
      case LinkType.IPV4:
        return ipv4(buf, off, end, out);
      case LinkType.IPV6:
        return ipv6(buf, off, end, out);
      case LinkType.LINUX_SLL:
        if (capLen < 16) {
          return bad(Malformed.TRUNCATED_LINK);
        }
        return ethertype(u16(buf, off + 14), buf, off + 16, end, out);
      case LinkType.LINUX_SLL2:
        if (capLen < 20) {
          return bad(Malformed.TRUNCATED_LINK);
        }
        return ethertype(u16(buf, off), buf, off + 20, end, out);
      case LinkType.NULL:
      case LinkType.LOOP:
        return loopback(buf, off, end, out);
      default:
        return bad(Malformed.UNSUPPORTED_LINK_TYPE);
    }
  }

  private boolean ethernet(byte[] b, int off, int end, DecodedPacket out) {
    if (end - off < 14) {
      return bad(Malformed.TRUNCATED_LINK);
    }
    int p = off + 12;
    int type = u16(b, p);
    p += 2;
    while (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) {
      if (end - p < 4) {
        return bad(Malformed.TRUNCATED_LINK);
      }
      int vid = u16(b, p) & 0x0fff;
      // VLAN 0 is a priority tag only (802.1Q 9.6): the frame belongs to no VLAN.
      if (out.vlan < 0 && vid != 0) {
        out.vlan = vid;
      }
      type = u16(b, p + 2);
      p += 4;
    }
    return ethertype(type, b, p, end, out);
  }

  private boolean ethertype(int type, byte[] b, int p, int end, DecodedPacket out) {
    if (type == ETH_IPV4) {
      return ipv4(b, p, end, out);
    }
    if (type == ETH_IPV6) {
      return ipv6(b, p, end, out);
    }
    return bad(Malformed.NOT_IP);
  }

  private boolean loopback(byte[] b, int off, int end, DecodedPacket out) {
    if (end - off < 4) {
      return bad(Malformed.TRUNCATED_LINK);
    }
    // DLT_NULL stores the address family in the writer's byte order; LOOP in network order.
    int af = (int) BE32.get(b, off);
    if ((af & 0xffff0000) != 0) {
      af = Integer.reverseBytes(af);
    }
    switch (af) {
      case 2:
        return ipv4(b, off + 4, end, out);
      case 24:
      case 28:
      case 30:
        return ipv6(b, off + 4, end, out);
      default:
        return bad(Malformed.NOT_IP);
    }
  }

  private boolean ipByNibble(byte[] b, int p, int end, DecodedPacket out) {
    int v = (b[p] & 0xff) >>> 4;
    if (v == 4) {
      return ipv4(b, p, end, out);
    }
    if (v == 6) {
      return ipv6(b, p, end, out);
    }
    return bad(Malformed.BAD_IP_VERSION);
  }

  private boolean ipv4(byte[] b, int p, int end, DecodedPacket out) {
    int avail = end - p;
    if (avail < 20) {
      return bad(Malformed.TRUNCATED_IP);
    }
    int vihl = b[p] & 0xff;
    if ((vihl >>> 4) != 4) {
      return bad(Malformed.BAD_IP_VERSION);
    }
    int hl = (vihl & 0x0f) * 4;
    if (hl < 20) {
      return bad(Malformed.BAD_IP_HEADER_LENGTH);
    }
    if (hl > avail) {
      return bad(Malformed.TRUNCATED_IP);
    }
    int totalLen = u16(b, p + 2);
    if (totalLen < hl) {
      return bad(Malformed.BAD_IP_TOTAL_LENGTH);
    }
    if (totalLen > avail && out.capLen >= out.wireLen) {
      // The whole frame was captured, yet the header claims more than it holds.
      return bad(Malformed.BAD_IP_TOTAL_LENGTH);
    }
    out.ipVersion = 4;
    out.srcLo = ((int) BE32.get(b, p + 12)) & 0xffffffffL;
    out.dstLo = ((int) BE32.get(b, p + 16)) & 0xffffffffL;
    int proto = b[p + 9] & 0xff;
    out.ipProto = proto;
    int flagsFrag = u16(b, p + 6);
    boolean more = (flagsFrag & 0x2000) != 0;
    int fragOff = (flagsFrag & 0x1fff) * 8;
    // Ethernet pads short frames: the IP total length, not the capture, says where data ends.
    int dataEnd = Math.min(end, p + totalLen);
    if (more || fragOff != 0) {
      if (dataEnd - p < totalLen) {
        return bad(Malformed.TRUNCATED_IP); // a fragment cut by the snaplen cannot be reassembled
      }
      out.fragmentDataOff = p + hl;
      out.fragmentDataLen = totalLen - hl;
      out.fragmentOffset = fragOff;
      int slot =
          reassembler.add(
              4,
              0,
              out.srcLo,
              0,
              out.dstLo,
              u16(b, p + 4),
              proto,
              out.tsNanos,
              fragOff,
              more,
              b,
              p + hl,
              totalLen - hl);
      if (slot < 0) {
        return false;
      }
      int len = reassembler.length(slot);
      return transport(proto, reassembler.data(slot), 0, len, len, true, out);
    }
    return transport(proto, b, p + hl, dataEnd, totalLen - hl, false, out);
  }

  private boolean ipv6(byte[] b, int p, int end, DecodedPacket out) {
    int avail = end - p;
    if (avail < 40) {
      return bad(Malformed.TRUNCATED_IP);
    }
    if (((b[p] & 0xff) >>> 4) != 6) {
      return bad(Malformed.BAD_IP_VERSION);
    }
    int payloadLen = u16(b, p + 4);
    if (payloadLen == 0) {
      // Zero means a jumbogram (RFC 2675), which no link vigie watches can carry.
      return bad(Malformed.BAD_IP_TOTAL_LENGTH);
    }
    if (payloadLen > avail - 40 && out.capLen >= out.wireLen) {
      return bad(Malformed.BAD_IP_TOTAL_LENGTH);
    }
    out.ipVersion = 6;
    out.srcHi = (long) BE64.get(b, p + 8);
    out.srcLo = (long) BE64.get(b, p + 16);
    out.dstHi = (long) BE64.get(b, p + 24);
    out.dstLo = (long) BE64.get(b, p + 32);
    int dataEnd = Math.min(end, p + 40 + payloadLen);
    return ipv6Chain(b[p + 6] & 0xff, b, p + 40, dataEnd, p + 40 + payloadLen, false, out);
  }

  /**
   * Walks IPv6 extension headers from {@code p} to the transport.
   *
   * @param end end of the captured bytes
   * @param claimedEnd where the payload length says the packet ends
   */
  private boolean ipv6Chain(
      int nh, byte[] b, int p, int end, int claimedEnd, boolean reassembled, DecodedPacket out) {
    while (true) {
      switch (nh) {
        case 0: // hop-by-hop options
        case 43: // routing
        case 60:
          { // destination options
            if (end - p < 8) {
              return bad(
                  p + 8 > claimedEnd ? Malformed.BAD_IPV6_EXTENSION : Malformed.TRUNCATED_IP);
            }
            int len = ((b[p + 1] & 0xff) + 1) * 8;
            if (p + len > claimedEnd) {
              return bad(Malformed.BAD_IPV6_EXTENSION);
            }
            if (p + len > end) {
              return bad(Malformed.TRUNCATED_IP);
            }
            nh = b[p] & 0xff;
            p += len;
            break;
          }
        case 51:
          { // authentication header: length in 4-byte units, minus 2
            if (end - p < 8) {
              return bad(
                  p + 8 > claimedEnd ? Malformed.BAD_IPV6_EXTENSION : Malformed.TRUNCATED_IP);
            }
            int len = ((b[p + 1] & 0xff) + 2) * 4;
            if (p + len > claimedEnd) {
              return bad(Malformed.BAD_IPV6_EXTENSION);
            }
            if (p + len > end) {
              return bad(Malformed.TRUNCATED_IP);
            }
            nh = b[p] & 0xff;
            p += len;
            break;
          }
        case 44:
          { // fragment
            if (reassembled) {
              return bad(Malformed.BAD_IPV6_EXTENSION); // a fragment inside a fragment
            }
            if (p + 8 > claimedEnd) {
              return bad(Malformed.BAD_IPV6_EXTENSION);
            }
            if (end - p < 8) {
              return bad(Malformed.TRUNCATED_IP);
            }
            int next = b[p] & 0xff;
            int offFlags = u16(b, p + 2);
            int fragOff = offFlags & 0xfff8;
            boolean more = (offFlags & 1) != 0;
            if (fragOff == 0 && !more) {
              nh = next; // atomic fragment (RFC 6946): the whole datagram
              p += 8;
              break;
            }
            if (end < claimedEnd) {
              return bad(Malformed.TRUNCATED_IP);
            }
            out.fragmentDataOff = p + 8;
            out.fragmentDataLen = claimedEnd - p - 8;
            out.fragmentOffset = fragOff;
            int slot =
                reassembler.add(
                    6,
                    out.srcHi,
                    out.srcLo,
                    out.dstHi,
                    out.dstLo,
                    (int) BE32.get(b, p + 4),
                    next,
                    out.tsNanos,
                    fragOff,
                    more,
                    b,
                    p + 8,
                    claimedEnd - p - 8);
            if (slot < 0) {
              return false;
            }
            int len = reassembler.length(slot);
            return ipv6Chain(
                reassembler.proto(slot), reassembler.data(slot), 0, len, len, true, out);
          }
        default:
          out.ipProto = nh;
          return transport(nh, b, p, end, claimedEnd - p, reassembled, out);
      }
    }
  }

  /**
   * Decodes the transport header at {@code p}.
   *
   * @param end end of the bytes at hand (captured, or reassembled)
   * @param ipLen transport length the IP header claims
   */
  private boolean transport(
      int proto, byte[] b, int p, int end, int ipLen, boolean reassembled, DecodedPacket out) {
    out.ipProto = proto;
    int avail = end - p;
    switch (proto) {
      case DecodedPacket.PROTO_TCP:
        {
          if (avail < 20) {
            return bad(ipLen < 20 ? Malformed.BAD_TCP_HEADER_LENGTH : Malformed.TRUNCATED_TCP);
          }
          int hl = ((b[p + 12] & 0xff) >>> 4) * 4;
          if (hl < 20 || hl > ipLen) {
            return bad(Malformed.BAD_TCP_HEADER_LENGTH);
          }
          if (hl > avail) {
            return bad(Malformed.TRUNCATED_TCP);
          }
          out.srcPort = u16(b, p);
          out.dstPort = u16(b, p + 2);
          out.seq = ((int) BE32.get(b, p + 4)) & 0xffffffffL;
          out.ack = ((int) BE32.get(b, p + 8)) & 0xffffffffL;
          out.tcpFlags = b[p + 13] & 0xff;
          return deliver(b, p, p + hl, end, reassembled, out);
        }
      case DecodedPacket.PROTO_UDP:
        {
          if (avail < 8) {
            return bad(ipLen < 8 ? Malformed.BAD_UDP_LENGTH : Malformed.TRUNCATED_UDP);
          }
          int udpLen = u16(b, p + 4);
          if (udpLen < 8 || udpLen > ipLen) {
            return bad(Malformed.BAD_UDP_LENGTH);
          }
          out.srcPort = u16(b, p);
          out.dstPort = u16(b, p + 2);
          return deliver(b, p, p + 8, Math.min(end, p + udpLen), reassembled, out);
        }
      case DecodedPacket.PROTO_ICMP:
      case DecodedPacket.PROTO_ICMPV6:
        {
          if (avail < 4) {
            return bad(Malformed.TRUNCATED_ICMP);
          }
          out.srcPort = b[p] & 0xff;
          out.dstPort = b[p + 1] & 0xff;
          // The body starts after type, code, checksum and the 4-byte rest of header.
          return deliver(b, p, Math.min(end, p + 8), end, reassembled, out);
        }
      default:
        return bad(Malformed.NOT_IP);
    }
  }

  private static boolean deliver(
      byte[] b, int transport, int payload, int end, boolean reassembled, DecodedPacket out) {
    out.transportOff = reassembled ? -1 : transport; // an index into frame, like payloadOff
    out.payload = b;
    out.payloadOff = payload;
    out.payloadLen = end - payload;
    return true;
  }

  private boolean bad(Malformed reason) {
    counters.count(reason);
    return false;
  }

  private static int u16(byte[] b, int p) {
    return ((short) BE16.get(b, p)) & 0xffff;
  }
}
