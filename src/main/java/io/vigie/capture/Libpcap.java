package io.vigie.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the few libpcap calls vigie needs. Direct mapping with {@link Pointer}
 * arguments crosses into C without allocating, which an interface mapping and a {@code
 * byte[]}-per-packet API do not
 * (https://github.com/java-native-access/jna/blob/master/www/DirectMapping.md). The signatures
 * follow pcap(3PCAP) of libpcap 1.10.
 */
final class Libpcap {
  static final int PCAP_ERRBUF_SIZE = 256;
  static final int PCAP_ERROR = -1;
  static final int PCAP_ERROR_BREAK = -2;
  static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
  static final int PCAP_ERROR_PERM_DENIED = -8;
  static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
  static final int PCAP_TSTAMP_PRECISION_NANO = 1;
  static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

  static {
    Native.register(Libpcap.class, NativeLibrary.getInstance("pcap"));
  }

  private Libpcap() {}

  static native Pointer pcap_create(String source, Pointer errbuf);

  /**
   * {@code alldevsp} receives a {@code pcap_if_t *}: a list to free with {@link #pcap_freealldevs}.
   */
  static native int pcap_findalldevs(Pointer alldevsp, Pointer errbuf);

  static native void pcap_freealldevs(Pointer alldevs);

  static native int pcap_setnonblock(Pointer p, int nonblock, Pointer errbuf);

  static native int pcap_get_selectable_fd(Pointer p);

  static native Pointer pcap_open_offline_with_tstamp_precision(
      String fname, int precision, Pointer errbuf);

  static native int pcap_set_snaplen(Pointer p, int snaplen);

  static native int pcap_set_promisc(Pointer p, int promisc);

  static native int pcap_set_timeout(Pointer p, int ms);

  static native int pcap_set_buffer_size(Pointer p, int size);

  static native int pcap_set_immediate_mode(Pointer p, int on);

  static native int pcap_set_tstamp_precision(Pointer p, int precision);

  static native int pcap_get_tstamp_precision(Pointer p);

  static native int pcap_activate(Pointer p);

  static native String pcap_statustostr(int error);

  static native String pcap_geterr(Pointer p);

  static native int pcap_datalink(Pointer p);

  static native int pcap_snapshot(Pointer p);

  static native int pcap_compile(Pointer p, Pointer prog, String filter, int optimize, int netmask);

  static native int pcap_setfilter(Pointer p, Pointer prog);

  static native void pcap_freecode(Pointer prog);

  static native int pcap_next_ex(Pointer p, Pointer hdr, Pointer data);

  static native int pcap_stats(Pointer p, Pointer stats);

  static native void pcap_breakloop(Pointer p);

  static native void pcap_close(Pointer p);
}
