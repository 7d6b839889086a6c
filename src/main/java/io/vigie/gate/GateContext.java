package io.vigie.gate;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.vigie.budget.RateLimitedLog;
import io.vigie.budget.SourceBudget;
import io.vigie.config.GateConfig;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What every connection's handlers share: config, windows, clock, registry and outputs. */
final class GateContext {
  private static final System.Logger LOG = System.getLogger(GateContext.class.getName());

  /** Refusal log lines per minute; metrics and notices count every refusal regardless. */
  final GateConfig config;

  final Identities identities;
  final Supplier<WindowSet> windows;
  final Clock clock;
  final GateSessions sessions;
  final GateEvents events;
  final GateMetrics metrics;

  /** Set on a channel once it has been refused. */
  static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("vigie.gate.refused");

  final AtomicLong ids = new AtomicLong();

  /**
   * Connections not admitted yet, in all and per source address: bounded so that silent peers
   * cannot hold every descriptor, and one address cannot hold every pending slot.
   */
  final SourceBudget pending;

  /** Refusal lines: a flood of refused connections writes a few lines a minute, not one each. */
  private final RateLimitedLog refusalLog;

  GateContext(
      GateConfig config,
      Supplier<WindowSet> windows,
      Clock clock,
      GateSessions sessions,
      GateEvents events,
      GateMetrics metrics) {
    this.config = config;
    this.identities = new Identities(config.identities());
    this.windows = windows;
    this.clock = clock;
    this.sessions = sessions;
    this.events = events;
    this.metrics = metrics;
    this.pending = new SourceBudget(config.maxPending(), config.maxPendingPerSource());
    this.refusalLog =
        new RateLimitedLog(
            config.refusalLogLinesPerMinute(),
            Duration.ofMinutes(1),
            System::nanoTime,
            m -> LOG.log(System.Logger.Level.WARNING, m));
  }

  /**
   * Refuses a connection at once: logged, counted, a notice when {@code notice} (not for silent
   * scanners), a {@code VIGIE1 REFUSED <reason>} line for preamble clients, then closed.
   */
  void refuse(
      Channel ch,
      GateConfig.Listener l,
      String identity,
      String target,
      String reason,
      String message,
      boolean notice) {
    if (ch.attr(REFUSED).getAndSet(Boolean.TRUE) != null) {
      // One refusal per connection: a failed handshake is reported by its event and its exception.
      ch.close();
      return;
    }
    report(
        GateConnection.address(ch.remoteAddress()), l, identity, target, reason, message, notice);
    if (l.auth() == GateConfig.Auth.TOKEN && ch.isActive()) {
      ch.writeAndFlush(
              Unpooled.copiedBuffer("VIGIE1 REFUSED " + reason + "\n", StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  /** Logs, counts and (when {@code notice}) raises a refusal, leaving the closing to the caller. */
  void report(
      String peer,
      GateConfig.Listener l,
      String identity,
      String target,
      String reason,
      String message,
      boolean notice) {
    refusalLog.log(
        () -> "gate " + l.name() + ": refused " + peer + " (" + reason + "): " + message);
    metrics.refused(l.name(), reason);
    if (notice) {
      events.refused(
          Window.nanosOf(clock.instant()),
          l.name(),
          identity,
          target,
          l.application().wireName(),
          peer,
          reason,
          message);
    }
  }
}
