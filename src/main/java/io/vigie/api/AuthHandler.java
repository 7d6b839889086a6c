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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Turns the {@code Authorization: Bearer <token>} header into a {@link Principal}, stored in the
 * channel attribute {@link #PRINCIPAL} for the request being handled, or answers 401 with a {@code
 * WWW-Authenticate} challenge (RFC 6750 section 3). Public paths (health, the OpenAPI description)
 * pass without a token, but a token that is presented must still be valid.
 *
 * <p>With a directory, people may also send {@code Authorization: Basic} with their directory login
 * and password (RFC 7617): the check runs on the worker pool (it is network I/O, never on the event
 * loop), throttled and audited by {@link DirectoryLogin}; a throttled caller gets 429 with {@code
 * Retry-After}, a directory that cannot be asked 503.
 */
@Sharable
final class AuthHandler extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Principal> PRINCIPAL = AttributeKey.valueOf("vigie.api.principal");
  private static final String SCHEME = "Bearer ";
  private static final String BASIC = "Basic ";

  private final TokenVerifier verifier;
  private final Predicate<String> isPublicPath;
  private final DirectoryLogin logins;
  private final Executor blocking;

  AuthHandler(TokenVerifier verifier, Predicate<String> isPublicPath) {
    this(verifier, isPublicPath, null, null);
  }

  /** With directory logins over HTTP Basic, checked on {@code blocking}. */
  AuthHandler(
      TokenVerifier verifier,
      Predicate<String> isPublicPath,
      DirectoryLogin logins,
      Executor blocking) {
    this.verifier = verifier;
    this.isPublicPath = isPublicPath;
    this.logins = logins != null && logins.enabled() ? logins : null;
    this.blocking = blocking;
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
    if (logins != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      basic(ctx, req, header.substring(BASIC.length()).trim());
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

  private void basic(ChannelHandlerContext ctx, FullHttpRequest req, String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      reject(ctx, req, "Basic credentials must be base64 of login:password", BASIC_CHALLENGE);
      return;
    }
    String login = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String source = AbuseGuard.sourceOf(String.valueOf(ctx.channel().remoteAddress()));
    try {
      blocking.execute(
          () -> {
            DirectoryLogin.Outcome o = logins.login(login, password, source, "api");
            ctx.executor().execute(() -> answer(ctx, req, o));
          });
    } catch (RejectedExecutionException e) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      req.release();
      HttpResponses.send(
          ctx,
          HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy", null),
          keepAlive);
    }
  }

  private static void answer(
      ChannelHandlerContext ctx, FullHttpRequest req, DirectoryLogin.Outcome o) {
    if (o instanceof DirectoryLogin.Accepted a) {
      ctx.channel().attr(PRINCIPAL).set(a.principal());
      ctx.fireChannelRead(req);
      return;
    }
    if (o instanceof DirectoryLogin.Refused) {
      reject(ctx, req, "invalid login or password", BASIC_CHALLENGE);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    req.release();
    FullHttpResponse resp;
    if (o instanceof DirectoryLogin.Throttled t) {
      long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
      resp =
          HttpResponses.error(
              HttpResponseStatus.TOO_MANY_REQUESTS,
              "too many failed logins: retry in " + seconds + " s",
              "Authorization");
      resp.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
    } else {
      resp =
          HttpResponses.error(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "the directory cannot be reached; use a token or retry",
              "Authorization");
    }
    HttpResponses.send(ctx, resp, keepAlive);
  }

  private static final String BASIC_CHALLENGE = "Basic realm=\"vigie\", charset=\"UTF-8\"";

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
