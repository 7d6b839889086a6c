package io.vigie.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vigie.config.ApiConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each request, checks the caller's roles (403) and runs the action on the blocking
 * executor, never on the event loop; the response is written back on the event loop.
 *
 * <pre>
 *  event loop:  match ─ roles ─ copy body ──┐                 ┌── write response ─ next request
 *  executor:                                └── action(req) ──┘
 * </pre>
 *
 * <p>Requests of one connection are answered one at a time and in order: a pipelined request waits
 * in a queue until the previous response is written. One instance per channel.
 */
final class RouterHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = System.getLogger(RouterHandler.class.getName());

  static final int MAX_PIPELINED = 16;

  private final Router router;
  private final Executor blocking;
  private final ApiConfig.Limits limits;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private boolean busy;

  RouterHandler(Router router, Executor blocking) {
    this(router, blocking, ApiConfig.Limits.DEFAULTS);
  }

  RouterHandler(Router router, Executor blocking, ApiConfig.Limits limits) {
    this.router = router;
    this.blocking = blocking;
    this.limits = limits;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (queued.size() >= MAX_PIPELINED) {
      // A client pipelining this deep is not a person at a terminal; don't hold its requests.
      req.release();
      ctx.close();
      return;
    }
    queued.add(req);
    if (!busy) {
      next(ctx);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FullHttpRequest r;
    while ((r = queued.poll()) != null) {
      r.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets, failed TLS handshakes, garbage: the connection goes; no answer can help.
    LOG.log(
        Level.DEBUG, () -> "API connection " + ctx.channel().remoteAddress() + " closed: " + cause);
    ctx.close();
  }

  private void next(ChannelHandlerContext ctx) {
    FullHttpRequest req = queued.poll();
    if (req == null) {
      return;
    }
    busy = true;
    // After a decoding failure the byte stream cannot be trusted: answer, then close.
    boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
    ApiRequest apiRequest;
    Route route;
    try {
      if (req.decoderResult().isFailure()) {
        throw ApiException.badRequest("malformed HTTP request", null);
      }
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      Router.Match m = router.match(req.method(), uri.path());
      route = m.route();
      Principal who = ctx.channel().attr(AuthHandler.PRINCIPAL).get();
      if (!route.isPublic()) {
        if (who == null) {
          throw new ApiException(
              HttpResponseStatus.UNAUTHORIZED, "missing bearer token", "Authorization");
        }
        if (!who.hasAnyRole(route.roles())) {
          String needed =
              route.roles().isEmpty()
                  ? "no configured role may"
                  : "needs one of " + String.join(", ", route.roles().stream().sorted().toList());
          throw new ApiException(
              HttpResponseStatus.FORBIDDEN,
              "'"
                  + who.name()
                  + "' may not call "
                  + req.method()
                  + " "
                  + route.pattern()
                  + " ("
                  + needed
                  + ")",
              null);
        }
      }
      byte[] body = ByteBufUtil.getBytes(req.content());
      // The shape before any parser: a peer-made nesting or number costs one scan, never a stack.
      JsonShape.check(body, limits.jsonMaxDepth(), limits.jsonMaxNumberDigits());
      apiRequest =
          new ApiRequest(
              req.method().name(),
              uri.path(),
              m.params(),
              new QueryParams(uri.parameters()),
              body,
              who,
              headers(req),
              AbuseGuard.sourceOf(String.valueOf(ctx.channel().remoteAddress())));
    } catch (ApiException e) {
      respond(ctx, HttpResponses.error(e), keepAlive);
      return;
    } catch (IllegalArgumentException e) {
      // A malformed percent-escape in the path or the query (QueryStringDecoder refuses it).
      respond(
          ctx,
          HttpResponses.error(ApiException.badRequest("malformed URL: " + e.getMessage(), "url")),
          keepAlive);
      return;
    } finally {
      req.release();
    }
    try {
      blocking.execute(
          () -> {
            FullHttpResponse resp = run(route, apiRequest);
            ctx.executor().execute(() -> respond(ctx, resp, keepAlive));
          });
    } catch (RejectedExecutionException e) {
      respond(
          ctx,
          HttpResponses.error(
              HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy or stopping", null),
          false);
    }
  }

  /**
   * First value of each header, by lower-case name; never Authorization, whose token has been
   * turned into the principal already and is not handed further.
   */
  private static Map<String, String> headers(FullHttpRequest req) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> h : req.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("authorization")) {
        out.putIfAbsent(name, h.getValue());
      }
    }
    return out;
  }

  private static FullHttpResponse run(Route route, ApiRequest request) {
    try {
      return HttpResponses.of(route.action().handle(request));
    } catch (ApiException e) {
      return HttpResponses.error(e);
    } catch (RuntimeException e) {
      // A fault of ours: the log gets the detail, the caller a plain 500 without a stack trace.
      LOG.log(Level.ERROR, "API " + request.method() + " " + request.path() + " failed", e);
      return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", null);
    }
  }

  private void respond(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive) {
    HttpResponses.send(ctx, resp, keepAlive);
    busy = false;
    if (keepAlive) {
      next(ctx);
    } else {
      FullHttpRequest r;
      while ((r = queued.poll()) != null) {
        r.release();
      }
    }
  }
}
