package io.vigie.metrics;

import io.vigie.capture.CaptureStats;
import io.vigie.capture.PacketSource;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.Malformed;
import java.util.Map;

/**
 * One capture interface as the metrics see it at scrape time.
 *
 * @param name interface name, e.g. {@code eth1} (a label: a handful per host)
 * @param up true while the packet source is open and its thread runs
 * @param capture libpcap's counters ({@code PacketSource.stats()})
 * @param skipped {@code DecodeCounters.snapshot()} of the pipeline reading this interface
 * @param droppedByVigie frames vigie itself dropped (a full hand-off queue), 0 if it never does
 */
public record InterfaceStats(
    String name,
    boolean up,
    CaptureStats capture,
    Map<Malformed, Long> skipped,
    long droppedByVigie) {
  public InterfaceStats {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("interface without a name");
    }
    capture = capture == null ? CaptureStats.EMPTY : capture;
    skipped = skipped == null ? Map.of() : Map.copyOf(skipped);
  }

  /**
   * Reads a source and its decoder's counters, for a {@link CaptureView}: {@code () ->
   * List.of(InterfaceStats.of(eth1, capture.isRunning(), counters, queueDrops.get()))}. Called on
   * the scrape thread: {@code source.stats()} must be safe there (a live source should return
   * counters its capture thread refreshed, not call pcap_stats on a handle in use).
   */
  public static InterfaceStats of(
      PacketSource source, boolean up, DecodeCounters counters, long droppedByVigie) {
    return new InterfaceStats(
        source.name(), up, source.stats(), counters.snapshot(), droppedByVigie);
  }
}
