package io.vigie.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vigie.budget.RateLimitedLog;
import io.vigie.budget.SourceBudget;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Admits a new connection only while the server holds fewer than {@code max_connections} in all and
 * fewer than {@code max_connections_per_source} from its address; checked when the connection is
 * accepted, before a handler or a buffer exists for it. A refused connection is reset (SO_LINGER 0:
 * no FIN_WAIT, no TIME_WAIT on our side), counted, and logged at a bounded rate.
 */
final class ConnectionBudget {
  private final SourceBudget budget;
  private final ApiMetrics metrics;
  private final RateLimitedLog log;

  ConnectionBudget(SourceBudget budget, ApiMetrics metrics, RateLimitedLog log) {
    this.budget = budget;
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * Takes a slot for {@code ch}, released when it closes; false (and {@code ch} closed) over
   * budget.
   */
  boolean admit(Channel ch) {
    // Channels without an IP peer (embedded ones, in tests) share the loopback's slots.
    InetAddress source =
        ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
            ? a.getAddress()
            : InetAddress.getLoopbackAddress();
    SourceBudget.Verdict v = budget.tryAcquire(source);
    if (v == SourceBudget.Verdict.OK) {
      ch.closeFuture().addListener(f -> budget.release(source));
      return true;
    }
    String reason =
        v == SourceBudget.Verdict.TOTAL
            ? ApiMetrics.Refusals.TOO_MANY_CONNECTIONS
            : ApiMetrics.Refusals.TOO_MANY_CONNECTIONS_PER_SOURCE;
    metrics.refused(reason);
    log.log(
        () ->
            "event=api_connection_refused reason="
                + reason
                + " source="
                + source.getHostAddress()
                + " held="
                + budget.held()
                + " max="
                + budget.total()
                + " per_source_max="
                + budget.perSource());
    ch.config().setOption(ChannelOption.SO_LINGER, 0);
    ch.close();
    return false;
  }
}
