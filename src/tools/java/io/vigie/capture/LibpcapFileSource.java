package io.vigie.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a capture file with libpcap's own reader ({@code pcap_open_offline}), packets copied into a
 * reused buffer as {@link LiveSource} does. vigie reads files with {@link PcapFileSource}; this one
 * is the reference it is measured and checked against.
 *
 * <pre>{@code
 * try (LibpcapFileSource ref = LibpcapFileSource.open(path)) {
 *   while (ref.dispatch(handler, 1024) >= 0) { }
 * }
 * }</pre>
 */
public final class LibpcapFileSource implements PacketSource {
  private final Path path;
  private final LibpcapHandle handle;
  private boolean done;
  private String damage;
  private long received;

  private LibpcapFileSource(Path path, LibpcapHandle handle) {
    this.path = path;
    this.handle = handle;
  }

  public static LibpcapFileSource open(Path path) throws CaptureException {
    if (!Files.isRegularFile(path)) {
      throw new CaptureException(path + ": no such file");
    }
    Memory errbuf = new Memory(Libpcap.PCAP_ERRBUF_SIZE);
    errbuf.setByte(0, (byte) 0);
    Pointer p;
    try {
      p =
          Libpcap.pcap_open_offline_with_tstamp_precision(
              path.toString(), Libpcap.PCAP_TSTAMP_PRECISION_NANO, errbuf);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(path + ": libpcap cannot be loaded: " + e.getMessage(), e);
    }
    if (p == null) {
      throw new CaptureException(path + ": " + errbuf.getString(0));
    }
    return new LibpcapFileSource(path, new LibpcapHandle(p, true, Libpcap.pcap_snapshot(p)));
  }

  @Override
  public int dispatch(PacketHandler handler, int max) {
    if (done) {
      return -1;
    }
    int n = 0;
    while (n < max) {
      int r = handle.next(handler);
      if (r != 1) {
        done = true;
        if (r == Libpcap.PCAP_ERROR) {
          damage = path + ": " + handle.error();
        }
        break;
      }
      n++;
    }
    received += n;
    return n == 0 && done ? -1 : n;
  }

  @Override
  public String name() {
    return String.valueOf(path.getFileName());
  }

  /** Packets read; bytes are not counted here, this source only exists to be compared with. */
  @Override
  public CaptureStats stats() {
    return new CaptureStats(received, 0, 0, 0);
  }

  @Override
  public java.util.Optional<String> damage() {
    return java.util.Optional.ofNullable(damage);
  }

  @Override
  public void close() {
    handle.close();
  }
}
