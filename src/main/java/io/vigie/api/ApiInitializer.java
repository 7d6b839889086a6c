package io.vigie.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pipeline of one API connection, one handler per concern:
 *
 * <pre>
 *  [tls] ─ http codec ─ idle close ─ observer (log, audit) ─ body limit (413) ─ auth (401) ─ router (404/405/403 → action)
 * </pre>
 */
final class ApiInitializer extends ChannelInitializer<SocketChannel> {
  /** A connection silent for this long is closed, so idle clients do not pile up. */
  static final int IDLE_SECONDS = 60;

  private final SslContext ssl;
  private final int maxBodyBytes;
  private final List<Consumer<Exchange>> observers;
  private final AuthHandler auth;
  private final Router router;
  private final Executor blocking;

  ApiInitializer(SslContext ssl, int maxBodyBytes, List<Consumer<Exchange>> observers, TokenVerifier tokens,
      Router router, Executor blocking) {
    this.ssl = ssl;
    this.maxBodyBytes = maxBodyBytes;
    this.observers = List.copyOf(observers);
    this.auth = new AuthHandler(tokens, router::isPublicPath);
    this.router = router;
    this.blocking = blocking;
  }

  /** Closes a connection with neither read nor write for {@link #IDLE_SECONDS}. */
  private static final class IdleCloser extends IdleStateHandler {
    IdleCloser() {
      super(0, 0, IDLE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
      ctx.close();
    }
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    p.addLast("http", new HttpServerCodec());
    p.addLast("idle", new IdleCloser());
    p.addLast("body-limit", new BodyLimitHandler(maxBodyBytes));
    p.addLast("one-at-a-time", new OneRequestAtATime());
    p.addLast("observer", new RequestObserver(observers, System::nanoTime));
    p.addLast("auth", auth);
    p.addLast("router", new RouterHandler(router, blocking));
  }
}
