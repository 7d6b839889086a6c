package io.vigie.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One open {@code pcap_t}, read with {@code pcap_next_ex} straight into a reused Java buffer.
 *
 * <pre>{@code
 * LibpcapHandle h = ...;                      // activated by LiveSource or opened offline
 * int r = h.next(handler);                    // 1 delivered, 0 timeout, -2 broken, -1 error
 * }</pre>
 *
 * <p>Per packet: two crossings into C, {@code pcap_next_ex} and the copy of the captured bytes into
 * the buffer. The two pointers it returns and the header fields are read through direct {@link
 * ByteBuffer} views of native memory, which the JIT compiles to plain loads: read through {@link
 * Pointer#getLong} each was a JNI call of its own, six a packet, most of the binding's cost (about
 * 1,100 ns a packet before, {@code vigie bench reader}). libpcap answers the same header address
 * for every packet of a handle ({@code &p->pcap_header}, pcap.c), so its view is made once and
 * again only if the address ever changes. Nothing is allocated on the Java heap per packet.
 */
final class LibpcapHandle {
  private final Pointer pcap;
  private final boolean nanos;
  private final int linkType;

  /** pcap_next_ex's two out parameters: header pointer, then data pointer. */
  private final Memory out = new Memory(16);

  private final Pointer dataOut = out.share(8);

  /** {@link #out} read without JNI: header address at 0, data address at 8. */
  private final ByteBuffer outView = out.getByteBuffer(0, 16).order(ByteOrder.nativeOrder());

  /** The {@code struct pcap_pkthdr} libpcap last answered, and a view of it. */
  private long headerAddress;

  private ByteBuffer header;
  private final Pointer cursor = new Pointer(0);
  private final Memory statBuf = new Memory(16);
  private final byte[] buf;
  private volatile boolean closed;

  LibpcapHandle(Pointer pcap, boolean nanos, int snapLen) {
    this.pcap = pcap;
    this.nanos = nanos;
    int dlt = Libpcap.pcap_datalink(pcap);
    // pcap_datalink answers a DLT_ value; on Linux only DLT_RAW (12) differs from its LINKTYPE_
    // (101).
    this.linkType = dlt == LinkType.RAW_BSD ? LinkType.RAW : dlt;
    // libpcap never delivers more than MAXIMUM_SNAPLEN, whatever a file header claims.
    this.buf =
        new byte
            [Math.max(
                1,
                Math.min(
                    snapLen <= 0 ? PcapFileSource.MAX_PACKET : snapLen,
                    PcapFileSource.MAX_PACKET))];
    if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
      throw new IllegalStateException("vigie's libpcap binding assumes a 64-bit LP64 platform");
    }
  }

  int linkType() {
    return linkType;
  }

  /**
   * Reads one packet and hands it over.
   *
   * @return 1 when a packet was delivered, 0 on a read timeout, {@link Libpcap#PCAP_ERROR_BREAK}
   *     after {@link #breakLoop()} or at the end of a file, {@link Libpcap#PCAP_ERROR} on error
   */
  int next(PacketHandler handler) {
    int r = Libpcap.pcap_next_ex(pcap, out, dataOut);
    if (r != 1) {
      return r;
    }
    long h = outView.getLong(0);
    if (h != headerAddress) {
      headerAddress = h;
      header = new Pointer(h).getByteBuffer(0, 24).order(ByteOrder.nativeOrder());
    }
    ByteBuffer hdr = header;
    // struct pcap_pkthdr on LP64: struct timeval {long tv_sec; long tv_usec;}, u_int caplen, u_int
    // len
    long sec = hdr.getLong(0);
    long frac = hdr.getLong(8);
    int capLen = hdr.getInt(16);
    int wireLen = hdr.getInt(20);
    if (capLen > buf.length || capLen < 0) {
      capLen = buf.length;
    }
    Pointer c = cursor;
    Pointer.nativeValue(c, outView.getLong(8));
    c.read(0, buf, 0, capLen);
    handler.onPacket(
        linkType, sec * 1_000_000_000L + (nanos ? frac : frac * 1000L), buf, 0, capLen, wireLen);
    return 1;
  }

  String error() {
    return Libpcap.pcap_geterr(pcap);
  }

  /** libpcap's ps_recv, ps_drop, ps_ifdrop, or null when pcap_stats fails (as for files). */
  long[] stats() {
    if (closed || Libpcap.pcap_stats(pcap, statBuf) != 0) {
      return null;
    }
    return new long[] {
      statBuf.getInt(0) & 0xffffffffL,
      statBuf.getInt(4) & 0xffffffffL,
      statBuf.getInt(8) & 0xffffffffL
    };
  }

  void breakLoop() {
    if (!closed) {
      Libpcap.pcap_breakloop(pcap);
    }
  }

  void close() {
    if (!closed) {
      closed = true;
      Libpcap.pcap_close(pcap);
    }
  }
}
