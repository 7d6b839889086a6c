package io.vigie.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures from a network interface through libpcap.
 *
 * <pre>{@code
 * try (LiveSource src = LiveSource.open(CaptureOptions.defaults("eth1").withFilter("ip or ip6"))) {
 *   Thread t = new Thread(() -> { while (src.dispatch(handler, 512) >= 0) { } }, "vigie-capture-eth1");
 *   t.start();
 *   ...
 *   src.breakLoop();   // from any thread: dispatch returns -1 and the loop ends
 *   t.join();
 * }
 * }</pre>
 *
 * <p>Packets are read with {@code pcap_next_ex} through a JNA direct mapping, straight into one
 * reused buffer: no Java object per packet (a library such as Pcap4J copies every packet into a new
 * {@code byte[]} and builds a {@code Timestamp} for it). Time stamps are asked in nanoseconds from
 * the kernel.
 *
 * <p>{@link #dispatch}, {@link #stats()} and {@link #close()} belong to the capture thread; {@link
 * #breakLoop()} may be called from any thread. Call {@code close()} only once {@code dispatch} has
 * returned.
 */
public final class LiveSource implements PacketSource {
  private final CaptureOptions options;
  private final LibpcapHandle handle;

  /** A reused {@code struct pollfd} for the capture descriptor. */
  private final Memory pollFd;

  private final boolean selectable;
  private volatile boolean broken;
  private boolean closed;
  private long received;
  private long bytes;
  private final PacketHandler counting;
  private PacketHandler target;

  private LiveSource(CaptureOptions options, LibpcapHandle handle, int fd) {
    this.options = options;
    this.handle = handle;
    this.pollFd = new Memory(8);
    pollFd.setInt(0, fd);
    pollFd.setShort(4, LibC.POLLIN);
    this.selectable = fd >= 0;
    this.counting =
        (link, ts, buf, off, cap, wire) -> {
          received++;
          bytes += wire & 0xffffffffL;
          target.onPacket(link, ts, buf, off, cap, wire);
        };
  }

  /**
   * Opens and activates the interface and installs the filter.
   *
   * @throws CaptureException for an unknown interface, a bad filter, missing permission or a
   *     missing libpcap, with a one-line message naming the interface
   */
  public static LiveSource open(CaptureOptions o) throws CaptureException {
    String name = o.iface();
    Pointer p;
    Memory errbuf = new Memory(Libpcap.PCAP_ERRBUF_SIZE);
    errbuf.setByte(0, (byte) 0);
    try {
      p = Libpcap.pcap_create(name, errbuf);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(
          name + ": libpcap cannot be loaded (install libpcap0.8): " + e.getMessage(), e);
    }
    if (p == null) {
      throw new CaptureException(name + ": cannot capture: " + errbuf.getString(0));
    }
    try {
      Libpcap.pcap_set_snaplen(p, o.snapLen());
      Libpcap.pcap_set_promisc(p, o.promiscuous() ? 1 : 0);
      Libpcap.pcap_set_timeout(p, o.timeoutMillis());
      Libpcap.pcap_set_buffer_size(p, o.bufferBytes());
      Libpcap.pcap_set_immediate_mode(p, o.immediate() ? 1 : 0);
      // Fails with PCAP_ERROR_TSTAMP_PRECISION_NOTSUP on old kernels: microseconds then.
      Libpcap.pcap_set_tstamp_precision(p, Libpcap.PCAP_TSTAMP_PRECISION_NANO);
      int r = Libpcap.pcap_activate(p);
      if (r < 0) {
        String detail = Libpcap.pcap_geterr(p);
        String status = Libpcap.pcap_statustostr(r);
        String msg =
            switch (r) {
              case Libpcap.PCAP_ERROR_NO_SUCH_DEVICE ->
                  "no such interface (known: " + knownInterfaces() + ")";
              case Libpcap.PCAP_ERROR_PERM_DENIED, Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED ->
                  "permission denied: capturing needs root or CAP_NET_RAW (" + detail + ")";
              default -> status + (detail == null || detail.isEmpty() ? "" : ": " + detail);
            };
        throw new CaptureException(name + ": cannot capture: " + msg);
      }
      if (!o.filter().isEmpty()) {
        Memory prog = new Memory(16);
        if (Libpcap.pcap_compile(p, prog, o.filter(), 1, Libpcap.PCAP_NETMASK_UNKNOWN) != 0) {
          throw new CaptureException(
              name + ": bad capture filter '" + o.filter() + "': " + Libpcap.pcap_geterr(p));
        }
        int s = Libpcap.pcap_setfilter(p, prog);
        Libpcap.pcap_freecode(prog);
        if (s != 0) {
          throw new CaptureException(
              name + ": cannot install filter '" + o.filter() + "': " + Libpcap.pcap_geterr(p));
        }
      }
      // Non-blocking reads plus poll(2) on the descriptor: dispatch returns when the ring is
      // drained, and after the read timeout on a silent link, so the owner can expire flows.
      int fd = Libpcap.pcap_get_selectable_fd(p);
      if (fd >= 0 && Libpcap.pcap_setnonblock(p, 1, errbuf) != 0) {
        throw new CaptureException(
            name + ": cannot make the capture non-blocking: " + errbuf.getString(0));
      }
      boolean nanos = Libpcap.pcap_get_tstamp_precision(p) == Libpcap.PCAP_TSTAMP_PRECISION_NANO;
      return new LiveSource(o, new LibpcapHandle(p, nanos, o.snapLen()), fd);
    } catch (CaptureException | RuntimeException e) {
      Libpcap.pcap_close(p);
      throw e;
    }
  }

  private static String knownInterfaces() {
    try {
      return String.join(", ", interfaces());
    } catch (CaptureException e) {
      return "unknown";
    }
  }

  /**
   * The names of the interfaces libpcap can capture on ({@code pcap_findalldevs}), in its order;
   * listing needs no privilege.
   */
  public static List<String> interfaces() throws CaptureException {
    Memory head = new Memory(Native.POINTER_SIZE);
    Memory errbuf = new Memory(Libpcap.PCAP_ERRBUF_SIZE);
    errbuf.setByte(0, (byte) 0);
    try {
      if (Libpcap.pcap_findalldevs(head, errbuf) != 0) {
        throw new CaptureException("cannot list interfaces: " + errbuf.getString(0));
      }
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(
          "libpcap cannot be loaded (install libpcap0.8): " + e.getMessage(), e);
    }
    Pointer first = head.getPointer(0);
    List<String> names = new ArrayList<>();
    try {
      // struct pcap_if { struct pcap_if *next; char *name; char *description; ...}: pcap(3PCAP).
      for (Pointer dev = first; dev != null; dev = dev.getPointer(0)) {
        names.add(dev.getPointer(Native.POINTER_SIZE).getString(0));
      }
    } finally {
      if (first != null) {
        Libpcap.pcap_freealldevs(first);
      }
    }
    return List.copyOf(names);
  }

  /** LINKTYPE_ number of the interface. */
  public int linkType() {
    return handle.linkType();
  }

  public CaptureOptions options() {
    return options;
  }

  /**
   * Delivers up to {@code max} packets; returns early (possibly 0) when the read timeout expires.
   *
   * @return packets delivered, or -1 once {@link #breakLoop()} was called or the source closed
   */
  @Override
  public int dispatch(PacketHandler handler, int max) throws CaptureException {
    if (closed || broken) {
      return -1;
    }
    target = handler;
    int n = 0;
    boolean waited = false;
    while (n < max) {
      int r = handle.next(counting);
      if (r == 1) {
        n++;
      } else if (r == 0) {
        // Nothing ready: wait once for the descriptor (up to the read timeout), then return what
        // we have, possibly nothing, so the caller can run its timers on a quiet link.
        if (n == 0 && !waited && selectable && !broken) {
          waited = true;
          pollFd.setShort(6, (short) 0);
          LibC.poll(pollFd, 1, options.timeoutMillis());
          continue;
        }
        break;
      } else if (r == Libpcap.PCAP_ERROR_BREAK) {
        broken = true;
        break;
      } else {
        throw new CaptureException(options.iface() + ": capture failed: " + handle.error());
      }
      if (broken) {
        break;
      }
    }
    return n == 0 && broken ? -1 : n;
  }

  @Override
  public String name() {
    return options.iface();
  }

  /**
   * Packets delivered and their bytes, with libpcap's kernel (ps_drop) and interface (ps_ifdrop)
   * drops.
   */
  @Override
  public CaptureStats stats() {
    long[] s = closed ? null : handle.stats();
    return new CaptureStats(received, bytes, s == null ? 0 : s[1], s == null ? 0 : s[2]);
  }

  @Override
  public void breakLoop() {
    broken = true;
    handle.breakLoop();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      handle.close();
    }
  }
}
