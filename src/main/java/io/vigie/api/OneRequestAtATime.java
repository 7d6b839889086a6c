package io.vigie.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Lets one request at a time past it; pipelined ones wait until the previous response's last part
 * is written. Why: the handlers after it (authentication, audit, router) keep per-request state on
 * the channel, and a second request read while the first is still being served would run, and be
 * audited, under the other's identity. A client that pipelines more than a few requests is closed:
 * nothing is buffered without bound.
 */
final class OneRequestAtATime extends ChannelDuplexHandler {
  static final int MAX_WAITING = 16;

  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean inFlight;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!inFlight) {
      inFlight = true;
      ctx.fireChannelRead(req);
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      req.release();
      ctx.close();
      return;
    }
    waiting.add(req);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    // 1xx responses (100 Continue) are not the answer; the final one ends with its last part.
    boolean interim = msg instanceof HttpResponse r && r.status().code() < 200;
    boolean last = msg instanceof LastHttpContent && !interim;
    ctx.write(msg, promise);
    if (last) {
      // The next request starts after this write returns, never inside it.
      ctx.executor().execute(() -> next(ctx));
    }
  }

  private void next(ChannelHandlerContext ctx) {
    FullHttpRequest req = waiting.poll();
    if (req == null) {
      inFlight = false;
    } else if (ctx.channel().isActive()) {
      ctx.fireChannelRead(req);
    } else {
      req.release();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    FullHttpRequest r;
    while ((r = waiting.poll()) != null) {
      ReferenceCountUtil.release(r);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    handlerRemoved(ctx);
    ctx.fireChannelInactive();
  }
}
