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
 * @param state where the capture is: a file read to its end is {@link State#DONE}, not down
 * @param capture libpcap's counters ({@code PacketSource.stats()})
 * @param skipped {@code DecodeCounters.snapshot()} of the pipeline reading this interface
 * @param droppedByVigie frames vigie itself dropped (a full hand-off queue), 0 if it never does
 */
public record InterfaceStats(
    String name,
    State state,
    CaptureStats capture,
    Map<Malformed, Long> skipped,
    long droppedByVigie) {

  /**
   * A capture's state, exported as {@code vigie_capture_state{state}} (a fixed set of values).
   * {@link #up()} is true while it runs and once a file was read to its end.
   */
  public enum State {
    /** Opened, its thread not running yet. */
    STARTING,
    /** Reading: a live interface, or a file not yet at its end. */
    RUNNING,
    /** A capture file read to its end (or to a damaged record): finished, not failed. */
    DONE,
    /** Stopped on request (the daemon stopping). */
    STOPPED,
    /** Ended by an error (interface gone). */
    FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public InterfaceStats {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("interface without a name");
    }
    state = state == null ? State.STARTING : state;
    capture = capture == null ? CaptureStats.EMPTY : capture;
    skipped = skipped == null ? Map.of() : Map.copyOf(skipped);
  }

  /** A source that is either running or down (a live interface). */
  public InterfaceStats(
      String name,
      boolean up,
      CaptureStats capture,
      Map<Malformed, Long> skipped,
      long droppedByVigie) {
    this(name, up ? State.RUNNING : State.STOPPED, capture, skipped, droppedByVigie);
  }

  /**
   * Whether the capture is healthy: running, or a file read to its end. A finished file capture is
   * done, not down: {@code vigie_capture_up} stays 1 so that no alert fires for a replay.
   */
  public boolean up() {
    return state == State.RUNNING || state == State.DONE;
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

  /** As {@link #of(PacketSource, boolean, DecodeCounters, long)}, with the capture's state. */
  public static InterfaceStats of(
      PacketSource source, State state, DecodeCounters counters, long droppedByVigie) {
    return new InterfaceStats(
        source.name(), state, source.stats(), counters.snapshot(), droppedByVigie);
  }
}
