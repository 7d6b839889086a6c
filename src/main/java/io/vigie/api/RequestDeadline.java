package io.vigie.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slow-read (slowloris) deadlines: the whole request head must arrive within {@code
 * header_timeout_seconds} of the connection opening or of the previous response being written, and
 * the whole body within {@code body_timeout_seconds} of the head. A peer trickling one byte at a
 * time is closed then, however "active" it looks to an idle timer. No deadline runs while a request
 * is being served: a slow action is not the peer's fault.
 *
 * <pre>
 *  open ──head deadline──► head ──body deadline──► last part ─(served)─► response written ──head deadline──► ...
 * </pre>
 *
 * <p>Sits right after the HTTP codec, which hands on the head only once it is complete. One
 * instance per channel.
 */
final class RequestDeadline extends ChannelDuplexHandler {
  private final long headerNanos;
  private final long bodyNanos;
  private final ApiMetrics metrics;
  private final Runnable onTimeout;
  private ScheduledFuture<?> timer;
  private long requestsRead;
  private long responsesWritten;

  /**
   * @param onTimeout told of each timeout (the rate-limited log), after the metric
   */
  RequestDeadline(int headerSeconds, int bodySeconds, ApiMetrics metrics, Runnable onTimeout) {
    this.headerNanos = TimeUnit.SECONDS.toNanos(headerSeconds);
    this.bodyNanos = TimeUnit.SECONDS.toNanos(bodySeconds);
    this.metrics = metrics;
    this.onTimeout = onTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx, headerNanos, ApiMetrics.Refusals.HEADER_TIMEOUT);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (timer == null) {
      arm(ctx, headerNanos, ApiMetrics.Refusals.HEADER_TIMEOUT);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      cancel();
      if (!(msg instanceof LastHttpContent)) {
        arm(ctx, bodyNanos, ApiMetrics.Refusals.BODY_TIMEOUT);
      }
    }
    if (msg instanceof LastHttpContent) {
      cancel();
      requestsRead++;
    } else if (msg instanceof HttpContent && timer == null) {
      // Content without a head (after a refused one) still gets a deadline.
      arm(ctx, bodyNanos, ApiMetrics.Refusals.BODY_TIMEOUT);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean interim = msg instanceof HttpResponse r && r.status().code() < 200;
    if (msg instanceof LastHttpContent && !interim) {
      responsesWritten++;
      if (responsesWritten >= requestsRead && timer == null) {
        // Waiting for the next request (keep-alive): the head deadline again.
        arm(ctx, headerNanos, ApiMetrics.Refusals.HEADER_TIMEOUT);
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void arm(ChannelHandlerContext ctx, long nanos, String reason) {
    cancel();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  timer = null;
                  if (ctx.channel().isActive()) {
                    metrics.refused(reason);
                    onTimeout.run();
                    ctx.close();
                  }
                },
                nanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
