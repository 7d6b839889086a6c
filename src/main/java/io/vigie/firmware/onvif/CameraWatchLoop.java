package io.vigie.firmware.onvif;

import io.vigie.firmware.CameraTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs {@link CameraWatch#runOnce} every poll interval on one thread, {@code vigie-camera-watch}. A
 * round that fails is counted and reported, and the next round still runs.
 *
 * <pre>{@code
 * try (CameraWatchLoop loop = new CameraWatchLoop(watch, targets, Duration.ofSeconds(300), log::warn)) {
 *   loop.start();
 *   ...
 * }
 * }</pre>
 */
public final class CameraWatchLoop implements AutoCloseable {
  private final CameraWatch watch;
  private final List<CameraTarget> targets;
  private final Duration interval;
  private final Consumer<String> onFailure;
  private final ScheduledExecutorService timer;
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public CameraWatchLoop(
      CameraWatch watch,
      List<CameraTarget> targets,
      Duration interval,
      Consumer<String> onFailure) {
    this.watch = watch;
    this.targets = List.copyOf(targets);
    this.interval = interval;
    this.onFailure = onFailure;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-camera-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** First round now, then one every interval (a slow round delays the next, never overlaps it). */
  public void start() {
    timer.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void round() {
    try {
      watch.runOnce(targets);
      rounds.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // A scheduled task that throws is never run again: catch, count, report. (Errors of the
      // JVM itself, such as running out of memory, are left to end the process.)
      failures.incrementAndGet();
      onFailure.accept("camera watch round failed: " + e);
    }
  }

  public long rounds() {
    return rounds.get();
  }

  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      // A round still running would write to the evidence store, which is closed after us.
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        onFailure.accept("camera watch round still running after 10 s at stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
