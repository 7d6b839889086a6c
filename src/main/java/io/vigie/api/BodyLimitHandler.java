package io.vigie.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request into a {@code FullHttpRequest}, refusing bodies over the limit with a JSON
 * 413 (Netty's own 413 has an empty body) and closing the connection, since the rest of the body
 * would otherwise have to be read and thrown away.
 */
final class BodyLimitHandler extends HttpObjectAggregator {
  private final int maxBytes;

  BodyLimitHandler(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  /**
   * With {@code Expect: 100-continue} (curl sends it for bodies over 1 KiB) Netty refuses an
   * announced oversized body before it is sent, with an empty 413; this gives that refusal the same
   * JSON reason, keeping Netty's decision and connection headers.
   */
  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object r = super.newContinueResponse(start, maxContentLength, pipeline);
    if (r instanceof FullHttpResponse netty
        && netty.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      FullHttpResponse json = tooLarge();
      json.headers()
          .set(
              HttpHeaderNames.CONNECTION,
              netty.headers().get(HttpHeaderNames.CONNECTION, "keep-alive"));
      netty.release();
      return json;
    }
    return r;
  }

  private FullHttpResponse tooLarge() {
    return HttpResponses.error(
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "request body is larger than " + maxBytes + " bytes",
        "body");
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    FullHttpResponse resp = tooLarge();
    HttpUtil.setKeepAlive(resp, false);
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }
}
