package io.vigie.gate;

import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Re-decides every live connection against the latest window snapshot, a few times a second: a
 * connection no window covers any more (ended, revoked) is cut; one whose window hands over to
 * another covering window moves to it; a window ending within {@code warn_before_end_seconds} is
 * logged and counted once.
 *
 * <pre>{@code
 * eventLoop.scheduleAtFixedRate(enforcer, 250, 250, TimeUnit.MILLISECONDS);
 * }</pre>
 */
final class WindowEnforcer implements Runnable {
  private static final System.Logger LOG = System.getLogger(WindowEnforcer.class.getName());

  private final GateSessions sessions;
  private final Supplier<WindowSet> windows;
  private final Clock clock;
  private final Duration warnBefore;
  private final GateMetrics metrics;
  private final Set<String> warned = new HashSet<>();
  private final AtomicLong failures = new AtomicLong();

  WindowEnforcer(
      GateSessions sessions,
      Supplier<WindowSet> windows,
      Clock clock,
      Duration warnBefore,
      GateMetrics metrics) {
    this.sessions = sessions;
    this.windows = windows;
    this.clock = clock;
    this.warnBefore = warnBefore;
    this.metrics = metrics;
  }

  long failures() {
    return failures.get();
  }

  @Override
  public void run() {
    // A scheduled task that throws is never run again: catch, log, count.
    try {
      check();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      LOG.log(System.Logger.Level.ERROR, "gate window check failed (counted, retried): " + e, e);
    }
  }

  void check() {
    Instant now = clock.instant();
    WindowSet set = windows.get();
    Set<String> inUse = new HashSet<>();
    Map<String, Integer> cut = new TreeMap<>();
    Map<String, String> why = new TreeMap<>();
    for (GateConnection c : sessions.live()) {
      if (c.isClosed()) {
        continue;
      }
      Decision d =
          Admission.decide(set, c.identityConfig(), c.target(), c.app(), c.peerAddress(), now);
      if (!d.admitted()) {
        c.close(d.reason(), false);
        cut.merge(c.window(), 1, Integer::sum);
        why.putIfAbsent(c.window(), d.message());
        continue;
      }
      Window w = d.window();
      inUse.add(w.id());
      if (!w.id().equals(c.window())) {
        LOG.log(
            System.Logger.Level.INFO,
            "gate: connection {0} moves from window {1} to {2}",
            c.id(),
            c.window(),
            w.id());
        c.moveTo(w.id());
      }
      if (!w.cutoff().isAfter(now.plus(warnBefore)) && warned.add(w.id())) {
        LOG.log(
            System.Logger.Level.WARNING,
            "gate: window {0} ends at {1}; its connections will be cut then",
            w.id(),
            w.cutoff());
        metrics.windowEndingSoon(w.id());
      }
    }
    warned.retainAll(inUse);
    // One line per window, after the closes: logging must not delay the cut.
    cut.forEach(
        (window, n) ->
            LOG.log(
                System.Logger.Level.WARNING,
                "gate: cut {0} connection(s) of window {1}: {2}",
                n,
                window,
                why.get(window)));
  }
}
