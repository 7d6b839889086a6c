package io.vigie.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
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

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    FullHttpResponse resp = HttpResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "request body is larger than " + maxBytes + " bytes", "body");
    HttpUtil.setKeepAlive(resp, false);
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }
}
