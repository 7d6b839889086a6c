package io.vigie.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.vigie.budget.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Pairs each request head with the response written for it and hands the {@link Exchange} to the
 * listeners (access log, audit trail). Sits right after the HTTP codec, so it also sees the answers
 * of the body limit and the auth handler. One instance per channel.
 */
final class RequestObserver extends ChannelDuplexHandler {
  private record Pending(String method, String path, String query, long startNanos) {}

  private final List<Consumer<Exchange>> listeners;
  private final LongSupplier nanoTime;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private static final Logger LOG = Logger.getLogger("io.vigie.api");
  private static final RateLimitedLog FAILURES =
      new RateLimitedLog(10, Duration.ofMinutes(1), System::nanoTime, LOG::warning);

  RequestObserver(List<Consumer<Exchange>> listeners, LongSupplier nanoTime) {
    this.listeners = List.copyOf(listeners);
    this.nanoTime = nanoTime;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      int q = req.uri().indexOf('?');
      pending.add(
          new Pending(
              req.method().name(),
              ApiPaths.pathOf(req.uri()),
              q < 0 ? null : req.uri().substring(q + 1),
              nanoTime.getAsLong()));
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    // 1xx (100 Continue) is not the answer to the request; the final response follows.
    if (msg instanceof HttpResponse resp && resp.status().code() >= 200 && !pending.isEmpty()) {
      Pending p = pending.poll();
      Principal who = ctx.channel().attr(AuthHandler.PRINCIPAL).get();
      Exchange ex =
          new Exchange(
              String.valueOf(ctx.channel().remoteAddress()),
              p.method(),
              p.path(),
              p.query(),
              resp.status().code(),
              who == null ? null : who.name(),
              nanoTime.getAsLong() - p.startNanos());
      for (Consumer<Exchange> l : listeners) {
        try {
          l.accept(ex);
        } catch (RuntimeException e) {
          // A listener that fails (the hub's store on a full disk refusing an audit record) must
          // not swallow the answer: the response below is still written, the failure logged.
          FAILURES.log(
              () ->
                  "event=api_observer_failed path="
                      + ex.path()
                      + " status="
                      + ex.status()
                      + " error=\""
                      + String.valueOf(e.getMessage()).replace('"', '\'')
                      + "\"");
        }
      }
    }
    ctx.write(msg, promise);
  }
}
