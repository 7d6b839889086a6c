package io.vigie.gate;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vigie.config.GateConfig;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What every connection's handlers share: config, windows, clock, registry and outputs. */
final class GateContext {
  private static final System.Logger LOG = System.getLogger(GateContext.class.getName());

  final GateConfig config;
  final Identities identities;
  final Supplier<WindowSet> windows;
  final Clock clock;
  final GateSessions sessions;
  final GateEvents events;
  final GateMetrics metrics;
  final AtomicLong ids = new AtomicLong();
  /** Connections not admitted yet: bounded so that silent peers cannot hold every descriptor. */
  final AtomicInteger pending = new AtomicInteger();

  GateContext(GateConfig config, Supplier<WindowSet> windows, Clock clock, GateSessions sessions, GateEvents events,
      GateMetrics metrics) {
    this.config = config;
    this.identities = new Identities(config.identities());
    this.windows = windows;
    this.clock = clock;
    this.sessions = sessions;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * Refuses a connection at once: logged, counted, a notice when {@code notice} (not for silent
   * scanners), a {@code VIGIE1 REFUSED <reason>} line for preamble clients, then closed.
   */
  void refuse(Channel ch, GateConfig.Listener l, String identity, String target, String reason, String message,
      boolean notice) {
    report(GateConnection.address(ch.remoteAddress()), l, identity, target, reason, message, notice);
    if (l.auth() == GateConfig.Auth.TOKEN && ch.isActive()) {
      ch.writeAndFlush(Unpooled.copiedBuffer("VIGIE1 REFUSED " + reason + "\n", StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  /** Logs, counts and (when {@code notice}) raises a refusal, leaving the closing to the caller. */
  void report(String peer, GateConfig.Listener l, String identity, String target, String reason, String message,
      boolean notice) {
    LOG.log(System.Logger.Level.WARNING, "gate {0}: refused {1} ({2}): {3}", l.name(), peer, reason, message);
    metrics.refused(l.name(), reason);
    if (notice) {
      events.refused(Window.nanosOf(clock.instant()), l.name(), identity, target, l.application().wireName(), peer,
          reason, message);
    }
  }
}
