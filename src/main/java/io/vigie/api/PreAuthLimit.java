package io.vigie.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps the body a request may send by who is asking, before the body is buffered: a request with a
 * valid bearer token may send {@code max_body_bytes}, any other (anonymous, bad token, web form)
 * only {@code pre_auth_max_body_bytes}. An announced length over the cap is refused from the head
 * alone (413, close) and never read; a chunked body is counted as it comes and refused when it
 * passes the cap. So an anonymous connection makes the server hold a few KiB, not the authenticated
 * limit.
 *
 * <p>Sits between the request deadline and the aggregator ({@link BodyLimitHandler}, which still
 * enforces {@code max_body_bytes} for everyone). One instance per channel.
 */
final class PreAuthLimit extends ChannelInboundHandlerAdapter {
  private static final String SCHEME = "Bearer ";

  private final TokenVerifier tokens;
  private final int maxBodyBytes;
  private final int preAuthMaxBodyBytes;
  private final ApiMetrics metrics;
  private long remaining;
  private int cap;
  private boolean refused;

  PreAuthLimit(
      TokenVerifier tokens, int maxBodyBytes, int preAuthMaxBodyBytes, ApiMetrics metrics) {
    this.tokens = tokens;
    this.maxBodyBytes = maxBodyBytes;
    this.preAuthMaxBodyBytes = preAuthMaxBodyBytes;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest req) {
      cap = authenticated(req) ? maxBodyBytes : preAuthMaxBodyBytes;
      remaining = cap;
      if (cap < maxBodyBytes && HttpUtil.getContentLength(req, -1L) > cap) {
        refuse(ctx, msg);
        return;
      }
    }
    if (msg instanceof HttpContent c && cap < maxBodyBytes) {
      remaining -= c.content().readableBytes();
      if (remaining < 0) {
        refuse(ctx, msg);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private boolean authenticated(HttpRequest req) {
    if (req.decoderResult().isFailure()) {
      return false;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    return header != null
        && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        && tokens.verify(header.substring(SCHEME.length()).trim()).isPresent();
  }

  private void refuse(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
    refused = true;
    metrics.refused(ApiMetrics.Refusals.PRE_AUTH_BODY_TOO_LARGE);
    FullHttpResponse resp =
        HttpResponses.error(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "request body is larger than " + cap + " bytes (the limit before a valid bearer token)",
            "body");
    HttpUtil.setKeepAlive(resp, false);
    // Reading stops here: the rest of the body is never buffered, the connection goes.
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }
}
