package io.vigie.capture;

import java.io.EOFException;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file the way a Pcap4J program does: {@code Pcaps.openOffline} and
 * {@code getNextRawPacketEx()}, one new {@code byte[]} (and time stamp object) per packet. Kept only
 * as the reference {@code vigie bench reader} measures {@link PcapFileSource} against.
 *
 * <pre>{@code
 * try (Pcap4jFileSource ref = Pcap4jFileSource.open(path)) {
 *   while (ref.dispatch(handler, 1024) >= 0) { }
 * }
 * }</pre>
 */
public final class Pcap4jFileSource implements PacketSource {
  private final Path path;
  private final PcapHandle handle;
  private final int linkType;
  private boolean done;
  private long received;
  private long bytes;

  private Pcap4jFileSource(Path path, PcapHandle handle) {
    this.path = path;
    this.handle = handle;
    this.linkType = handle.getDlt().value();
  }

  public static Pcap4jFileSource open(Path path) throws CaptureException {
    try {
      return new Pcap4jFileSource(path, Pcaps.openOffline(path.toString(), PcapHandle.TimestampPrecision.NANO));
    } catch (PcapNativeException e) {
      throw new CaptureException(path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int dispatch(PacketHandler handler, int max) throws CaptureException {
    if (done) {
      return -1;
    }
    int n = 0;
    try {
      while (n < max) {
        byte[] raw = handle.getNextRawPacketEx();
        java.sql.Timestamp t = handle.getTimestamp();
        long ts = t.getTime() / 1000 * 1_000_000_000L + t.getNanos();
        int wire = handle.getOriginalLength();
        received++;
        bytes += wire;
        handler.onPacket(linkType, ts, raw, 0, raw.length, wire);
        n++;
      }
    } catch (EOFException e) {
      done = true;
    } catch (TimeoutException e) {
      return n; // offline handles do not time out; keep the contract anyway
    } catch (PcapNativeException | NotOpenException e) {
      done = true;
      throw new CaptureException(path + ": " + e.getMessage(), e);
    }
    return n == 0 && done ? -1 : n;
  }

  @Override
  public String name() {
    return String.valueOf(path.getFileName());
  }

  @Override
  public CaptureStats stats() {
    return new CaptureStats(received, bytes, 0, 0);
  }

  @Override
  public void close() {
    handle.close();
  }
}
