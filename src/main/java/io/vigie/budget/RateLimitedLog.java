package io.vigie.budget;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code burst} log lines through per {@code interval}, and says how many it held back
 * on the next line it lets through: a flood of refusals writes a few lines a minute, not one per
 * refusal (the refusals are counted by metrics whatever this does).
 *
 * <pre>{@code
 * RateLimitedLog warn = new RateLimitedLog(10, Duration.ofMinutes(1), System::nanoTime, LOG::warning);
 * warn.log(() -> "refused " + peer);      // a message is only built when it is written
 * }</pre>
 *
 * <p>Thread-safe. The clock is injected so tests need no sleeps.
 */
public final class RateLimitedLog {
  private final int burst;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Consumer<String> out;
  private long windowStart;
  private int written;
  private long held;
  private boolean started;

  public RateLimitedLog(
      int burst, java.time.Duration interval, LongSupplier nanoTime, Consumer<String> out) {
    if (burst < 1 || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("burst and interval must be positive");
    }
    this.burst = burst;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.out = out;
  }

  /** Writes the message unless the budget of this interval is spent; true when written. */
  public boolean log(java.util.function.Supplier<String> message) {
    long suppressedBefore;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (!started || now - windowStart >= intervalNanos) {
        started = true;
        windowStart = now;
        written = 0;
      }
      if (written >= burst) {
        held++;
        return false;
      }
      written++;
      suppressedBefore = held;
      held = 0;
    }
    String m = message.get();
    out.accept(
        suppressedBefore == 0 ? m : m + " (" + suppressedBefore + " similar lines held back)");
    return true;
  }

  /** Lines held back since the last one written. */
  public synchronized long held() {
    return held;
  }
}
