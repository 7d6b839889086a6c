package io.vigie.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads back a classic little-endian pcap, so tests can look at what the generator wrote. */
final class PcapRecords {
  record Rec(long tsMicros, byte[] frame, int wireLen) {
    int u8(int at) {
      return frame[at] & 0xff;
    }

    int u16(int at) {
      return (u8(at) << 8) | u8(at + 1);
    }

    long u32(int at) {
      return ((long) u16(at) << 16) | u16(at + 2);
    }

    boolean ipv6() {
      return u16(12) == 0x86dd;
    }

    /** IPv4 protocol number; -1 for other frames. */
    int proto() {
      return u16(12) == 0x0800 ? u8(23) : -1;
    }

    int srcIp() {
      return (int) u32(26);
    }

    int dstIp() {
      return (int) u32(30);
    }

    int l4() {
      return 14 + (u8(14) & 0x0f) * 4;
    }

    int srcPort() {
      return u16(l4());
    }

    int dstPort() {
      return u16(l4() + 2);
    }

    /** TCP or UDP payload, without Ethernet padding. */
    byte[] payload() {
      int ipEnd = 14 + u16(16);
      int start = proto() == 6 ? l4() + (u8(l4() + 12) >>> 4) * 4 : l4() + 8;
      return Arrays.copyOfRange(frame, start, ipEnd);
    }
  }

  private PcapRecords() {}

  static List<Rec> read(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0xa1b2c3d4 || b.getInt(20) != 1) {
      throw new IllegalArgumentException("not a microsecond Ethernet pcap");
    }
    List<Rec> out = new ArrayList<>();
    int at = 24;
    while (at < pcap.length) {
      long secs = b.getInt(at) & 0xffffffffL;
      long micros = b.getInt(at + 4) & 0xffffffffL;
      int cap = b.getInt(at + 8);
      int wire = b.getInt(at + 12);
      out.add(
          new Rec(
              secs * 1_000_000 + micros, Arrays.copyOfRange(pcap, at + 16, at + 16 + cap), wire));
      at += 16 + cap;
    }
    return out;
  }
}
