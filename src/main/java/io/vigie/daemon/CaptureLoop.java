package io.vigie.daemon;

import io.vigie.capture.CaptureException;
import io.vigie.capture.PacketSource;
import io.vigie.decode.DecodeCounters;
import io.vigie.flow.FlowTable;
import io.vigie.flow.PacketPipeline;
import io.vigie.metrics.InterfaceStats;
import io.vigie.pipeline.Pipeline;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One capture thread ({@code vigie-capture-<interface>}): reads its source into its own pipeline
 * and flow table, which no other thread touches.
 *
 * <pre>
 * PacketSource ─► Pipeline (decode ─► FlowTable ─► ProtocolEngine ─► site stages) ─► outputs
 *      ▲ dispatch returns 0 (a read timeout): FlowTable.advanceTo(wall clock) expires idle flows
 *      └ every second: counters copied to volatile fields for the scrape thread
 * </pre>
 *
 * <p>A live source runs until {@link #stop()}; a file runs to its end in packet time, then its
 * flows are ended and the thread finishes (state {@code done}) while the daemon keeps serving. A
 * failure (interface gone) is logged once and shown as state {@code failed}; it does not stop the
 * other interfaces.
 */
public final class CaptureLoop {
  private static final Logger LOG = Logger.getLogger("io.vigie.daemon.capture");
  private static final long PUBLISH_EVERY_NANOS = 1_000_000_000L;

  /** What the health check says of this capture. */
  public enum State {
    STARTING,
    RUNNING,
    DONE,
    STOPPED,
    FAILED
  }

  private final PacketSource source;
  private final boolean live;
  private final Clock clock;
  private final DecodeCounters counters;
  private final FlowTable flows;
  private final PacketPipeline pipeline;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile State state = State.STARTING;
  private volatile String failure;
  private volatile String damage;
  private volatile InterfaceStats stats;
  private volatile long activeFlows;
  private volatile long packets;

  /**
   * @param live true for an interface (expiry also by wall clock), false for a file (packet time
   *     only)
   * @param pipeline this thread's own pipeline ({@link io.vigie.pipeline.PipelineBuilder#build})
   */
  public CaptureLoop(PacketSource source, boolean live, Pipeline pipeline, Clock clock) {
    this.source = source;
    this.live = live;
    this.clock = clock;
    this.counters = pipeline.counters();
    this.flows = pipeline.flows();
    this.pipeline = pipeline.packets();
    this.stats = new InterfaceStats(source.name(), InterfaceStats.State.STARTING, null, null, 0);
    this.thread = new Thread(this::run, "vigie-capture-" + threadSuffix(source.name()));
  }

  private static String threadSuffix(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return base.length() > 32 ? base.substring(0, 32) : base;
  }

  public void start() {
    thread.start();
  }

  /** Asks the loop to end, waits for it (flows are ended and reported), closes the source. */
  public void stop() throws InterruptedException {
    stopping = true;
    source.breakLoop();
    thread.join();
  }

  /** Waits for a file to be read to its end; true if it was within the time given. */
  public boolean awaitFinished(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  public String name() {
    return source.name();
  }

  public State state() {
    return state;
  }

  public String failure() {
    return failure;
  }

  /** Where and why a capture file ended early (a damaged or truncated record), else null. */
  public String damage() {
    return damage;
  }

  private static InterfaceStats.State metricsState(State s) {
    return switch (s) {
      case STARTING -> InterfaceStats.State.STARTING;
      case RUNNING -> InterfaceStats.State.RUNNING;
      case DONE -> InterfaceStats.State.DONE;
      case STOPPED -> InterfaceStats.State.STOPPED;
      case FAILED -> InterfaceStats.State.FAILED;
    };
  }

  public InterfaceStats stats() {
    return stats;
  }

  public long activeFlows() {
    return activeFlows;
  }

  public long packets() {
    return packets;
  }

  private void run() {
    state = State.RUNNING;
    LOG.info(() -> "event=capture_started source=" + source.name() + " live=" + live);
    try {
      long nextPublish = System.nanoTime(); // nanoTime may be negative: never compare with 0
      while (!stopping) {
        // A live source returns as soon as its ring is drained, or after its read timeout on a
        // quiet link (0): then idle flows are expired by the wall clock.
        int n = source.dispatch(pipeline, 512);
        if (n < 0) {
          break;
        }
        if (n == 0 && live) {
          Instant now = clock.instant();
          flows.advanceTo(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        }
        long t = System.nanoTime();
        if (t - nextPublish >= 0) {
          publish();
          nextPublish = t + PUBLISH_EVERY_NANOS;
        }
      }
      state = stopping ? State.STOPPED : State.DONE;
    } catch (CaptureException | RuntimeException e) {
      failure = e.getMessage();
      state = State.FAILED;
      LOG.log(
          Level.SEVERE,
          "event=capture_failed source=" + source.name() + " error=\"" + e.getMessage() + "\"",
          e);
    } finally {
      try {
        // Flows seen so far are reported whatever ended the capture, before the store closes.
        flows.flush();
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "event=flush_failed source=" + source.name(), e);
      }
      // Why a file ended early: said in the log and on /healthz, not only in the packet count.
      damage = source.damage().orElse(null);
      if (damage != null) {
        LOG.warning(
            "event=capture_damaged source="
                + source.name()
                + " error="
                + KeyValueFormatter.quote(damage));
      }
      publish();
      source.close();
      LOG.info(
          () ->
              "event=capture_ended source="
                  + source.name()
                  + " state="
                  + state.name().toLowerCase()
                  + " packets="
                  + pipeline.packets());
    }
  }

  private void publish() {
    stats = InterfaceStats.of(source, metricsState(state), counters, 0);
    activeFlows = flows.stats().active();
    packets = pipeline.packets();
  }
}
