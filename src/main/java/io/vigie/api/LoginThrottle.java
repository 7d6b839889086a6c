package io.vigie.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing: after {@code freeFailures} failed logins from a source, or for a person,
 * each further failure locks that key out for twice as long as the previous one (1 s, 2 s, 4 s...
 * up to {@code maxBackoff}). Callers ask {@link #retryAfter} BEFORE verifying the credential, so a
 * locked-out guess costs no token work; the answer is 429 with {@code Retry-After}.
 *
 * <pre>{@code
 * Duration wait = throttle.retryAfter("source:203.0.113.9", null);
 * if (!wait.isZero()) { return 429 with Retry-After: wait; }
 * if (bad) { throttle.failed("source:203.0.113.9", null); }
 * }</pre>
 *
 * <p>Failures are forgotten {@code maxBackoff} after the last one. At most {@link #MAX_KEYS} keys
 * are remembered (least recently failed forgotten first), so memory is bounded too.
 */
public final class LoginThrottle {
  static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final int freeFailures;
  private final Duration maxBackoff;
  private final LinkedHashMap<String, State> byKey =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
          return size() > MAX_KEYS;
        }
      };

  private record State(int failures, Instant last, Instant lockedUntil) {}

  public LoginThrottle(Clock clock, int freeFailures, Duration maxBackoff) {
    this.clock = clock;
    this.freeFailures = freeFailures;
    this.maxBackoff = maxBackoff;
  }

  /**
   * How long the caller must wait before a login from {@code source} (for {@code person}, may be
   * null); zero when free.
   */
  public synchronized Duration retryAfter(String source, String person) {
    Instant now = clock.instant();
    Duration wait = wait(key("source", source), now);
    if (person != null) {
      Duration p = wait(key("person", person), now);
      wait = p.compareTo(wait) > 0 ? p : wait;
    }
    return wait;
  }

  /** Records a failed login from {@code source}, for {@code person} when it is known. */
  public synchronized void failed(String source, String person) {
    Instant now = clock.instant();
    fail(key("source", source), now);
    if (person != null) {
      fail(key("person", person), now);
    }
  }

  /** A person logged in: their own failures are forgotten (the source's are not). */
  public synchronized void succeeded(String person) {
    byKey.remove(key("person", person));
  }

  private static String key(String kind, String value) {
    return kind + ":" + value;
  }

  private Duration wait(String key, Instant now) {
    State s = byKey.get(key);
    if (s == null || !now.isBefore(s.lockedUntil())) {
      return Duration.ZERO;
    }
    return Duration.between(now, s.lockedUntil());
  }

  private void fail(String key, Instant now) {
    State s = byKey.get(key);
    int failures = s == null || !now.isBefore(s.last().plus(maxBackoff)) ? 1 : s.failures() + 1;
    Instant until = now;
    if (failures >= freeFailures) {
      int doublings = Math.min(failures - freeFailures, 30);
      long seconds = Math.min(1L << doublings, maxBackoff.toSeconds());
      until = now.plusSeconds(seconds);
    }
    byKey.put(key, new State(failures, now, until));
  }
}
