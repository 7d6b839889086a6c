package io.vigie.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Builds and sends full HTTP responses; every error body is {@code {"error", "field"}} JSON. */
final class HttpResponses {
  private HttpResponses() {}

  static FullHttpResponse of(ApiResponse r) {
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, r.status(), Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    resp.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().forEach(resp.headers()::set);
    HttpUtil.setContentLength(resp, r.body().length);
    return resp;
  }

  static FullHttpResponse error(HttpResponseStatus status, String error, String field) {
    return of(new ApiResponse(status, ApiResponse.JSON, ApiJson.error(error, field)));
  }

  static FullHttpResponse error(ApiException e) {
    return error(e.status(), e.getMessage(), e.field());
  }

  /** Writes {@code resp}, closing the connection afterwards unless it is kept alive. */
  static void send(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive) {
    HttpUtil.setKeepAlive(resp, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(resp);
    } else {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
