package io.vigie.api;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns the {@code Authorization: Bearer <token>} header into a {@link Principal}, stored in the
 * channel attribute {@link #PRINCIPAL} for the request being handled, or answers 401 with a {@code
 * WWW-Authenticate} challenge (RFC 6750 section 3). Public paths (health, the OpenAPI description)
 * pass without a token, but a token that is presented must still be valid.
 */
@Sharable
final class AuthHandler extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Principal> PRINCIPAL = AttributeKey.valueOf("vigie.api.principal");
  private static final String SCHEME = "Bearer ";

  private final TokenVerifier verifier;
  private final Predicate<String> isPublicPath;

  AuthHandler(TokenVerifier verifier, Predicate<String> isPublicPath) {
    this.verifier = verifier;
    this.isPublicPath = isPublicPath;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ctx.channel().attr(PRINCIPAL).set(null);
    if (req.decoderResult().isFailure()) {
      // Not HTTP: the router answers 400 and closes; no credential is involved.
      ctx.fireChannelRead(req);
      return;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null) {
      if (isPublicPath.test(ApiPaths.pathOf(req.uri()))) {
        ctx.fireChannelRead(req);
      } else {
        reject(ctx, req, "missing bearer token", "Bearer realm=\"vigie\"");
      }
      return;
    }
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      reject(
          ctx,
          req,
          "Authorization must be 'Bearer <token>'",
          "Bearer realm=\"vigie\", error=\"invalid_request\"");
      return;
    }
    Optional<Principal> who = verifier.verify(header.substring(SCHEME.length()).trim());
    if (who.isEmpty()) {
      reject(ctx, req, "invalid token", "Bearer realm=\"vigie\", error=\"invalid_token\"");
      return;
    }
    ctx.channel().attr(PRINCIPAL).set(who.get());
    ctx.fireChannelRead(req);
  }

  private static void reject(
      ChannelHandlerContext ctx, FullHttpRequest req, String reason, String challenge) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    req.release();
    FullHttpResponse resp =
        HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, reason, "Authorization");
    resp.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
    HttpResponses.send(ctx, resp, keepAlive);
  }
}
