package io.vigie.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vigie.budget.RateLimitedLog;
import io.vigie.config.ApiConfig;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pipeline of one API connection, one handler per concern:
 *
 * <pre>
 *  (connection budget) ─ [tls] ─ http codec ─ deadlines ─ pre-auth cap (413) ─ idle close ─ body limit (413)
 *      ─ observer (log, audit) ─ auth (401) ─ router (404/405/403 → action)
 * </pre>
 *
 * <p>The budgets come first: a connection over the connection budget gets no pipeline at all, a
 * slow head is cut by the deadline before it is whole, and an anonymous body is capped before the
 * aggregator buffers it.
 */
final class ApiInitializer extends ChannelInitializer<SocketChannel> {
  /** The longest request line; the HTTP codec's default (414 beyond). */
  static final int MAX_INITIAL_LINE = 4096;

  private final SslContext ssl;
  private final ApiConfig.Limits limits;
  private final ConnectionBudget connections;
  private final TokenVerifier tokens;
  private final ApiMetrics metrics;
  private final RateLimitedLog timeouts;
  private final int maxBodyBytes;
  private final List<Consumer<Exchange>> observers;
  private final AuthHandler auth;
  private final Router router;
  private final Executor blocking;

  ApiInitializer(
      SslContext ssl,
      int maxBodyBytes,
      List<Consumer<Exchange>> observers,
      TokenVerifier tokens,
      DirectoryLogin logins,
      Router router,
      Executor blocking,
      ApiConfig.Limits limits,
      ConnectionBudget connections,
      ApiMetrics metrics,
      RateLimitedLog timeouts) {
    this.ssl = ssl;
    this.limits = limits;
    this.connections = connections;
    this.tokens = tokens;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.maxBodyBytes = maxBodyBytes;
    this.observers = List.copyOf(observers);
    this.auth = new AuthHandler(tokens, router::isPublicPath, logins, blocking);
    this.router = router;
    this.blocking = blocking;
  }

  /** Closes a connection with neither read nor write for {@code idle_timeout_seconds}. */
  private static final class IdleCloser extends IdleStateHandler {
    IdleCloser(int seconds) {
      super(0, 0, seconds, TimeUnit.SECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
      ctx.close();
    }
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!connections.admit(ch)) {
      return;
    }
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, limits.maxHeaderBytes(), 8192));
    p.addLast(
        "deadline",
        new RequestDeadline(
            limits.headerTimeoutSeconds(),
            limits.bodyTimeoutSeconds(),
            metrics,
            () -> timeouts.log(() -> "event=api_request_timeout peer=" + ch.remoteAddress())));
    p.addLast(
        "pre-auth",
        new PreAuthLimit(
            tokens, maxBodyBytes, Math.min(limits.preAuthMaxBodyBytes(), maxBodyBytes), metrics));
    p.addLast("idle", new IdleCloser(limits.idleTimeoutSeconds()));
    p.addLast("body-limit", new BodyLimitHandler(maxBodyBytes));
    p.addLast("one-at-a-time", new OneRequestAtATime());
    p.addLast("observer", new RequestObserver(observers, System::nanoTime));
    p.addLast("auth", auth);
    p.addLast("router", new RouterHandler(router, blocking, limits));
  }
}
