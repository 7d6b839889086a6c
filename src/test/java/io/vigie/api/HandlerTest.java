package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vigie.config.ApiConfig;
import io.vigie.facts.EvidenceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each handler alone in an {@link EmbeddedChannel}. */
class HandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenVerifier TOKENS =
      new TokenVerifier(
          List.of(
              new ApiConfig.Token(
                  "acme", List.of("vendor"), TokenVerifier.sha256Hex("secret-acme")),
              new ApiConfig.Token(
                  "mayor",
                  List.of("town_hall", "reviewer"),
                  TokenVerifier.sha256Hex("secret-mayor"))));

  private static FullHttpRequest request(HttpMethod m, String uri, String token, String body) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, m, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    HttpUtil.setContentLength(r, r.content().readableBytes());
    if (token != null) {
      r.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    return r;
  }

  private static JsonNode body(FullHttpResponse r) throws Exception {
    try {
      return JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    } finally {
      r.release();
    }
  }

  @Test
  void authPassesAValidTokenWithItsPrincipal() {
    EmbeddedChannel ch = new EmbeddedChannel(new AuthHandler(TOKENS, p -> false));
    FullHttpRequest req = request(GET, "/api/v1/windows", "secret-mayor", "");
    ch.writeInbound(req);
    assertSame(req, ch.readInbound());
    Principal p = ch.attr(AuthHandler.PRINCIPAL).get();
    assertEquals("mayor", p.name());
    assertEquals(Set.of("town_hall", "reviewer"), p.roles());
    assertNull(ch.readOutbound());
    req.release();
  }

  @Test
  void authAnswers401WithAChallenge() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new AuthHandler(TOKENS, p -> p.equals("/open")));
    FullHttpRequest missing = request(GET, "/api/v1/windows", null, "");
    ch.writeInbound(missing);
    assertNull(ch.readInbound());
    assertEquals(0, missing.refCnt(), "refused request released");
    FullHttpResponse r = ch.readOutbound();
    assertEquals(HttpResponseStatus.UNAUTHORIZED, r.status());
    assertEquals("Bearer realm=\"vigie\"", r.headers().get(HttpHeaderNames.WWW_AUTHENTICATE));
    assertEquals("Authorization", body(r).path("field").asText());

    ch.writeInbound(request(GET, "/api/v1/windows", "secret-acmE", ""));
    FullHttpResponse wrong = ch.readOutbound();
    assertEquals(HttpResponseStatus.UNAUTHORIZED, wrong.status());
    assertTrue(wrong.headers().get(HttpHeaderNames.WWW_AUTHENTICATE).contains("invalid_token"));
    assertEquals("invalid token", body(wrong).path("error").asText());
    assertNull(ch.attr(AuthHandler.PRINCIPAL).get());

    FullHttpRequest open = request(GET, "/open?x=1", null, "");
    ch.writeInbound(open);
    assertSame(open, ch.readInbound(), "public path needs no token");
    open.release();
  }

  @Test
  void bodyLimitAnswers413InJson() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitHandler(1024));
    DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, POST, "/api/v1/windows");
    HttpUtil.setContentLength(head, 2000);
    ch.writeInbound(head);
    FullHttpResponse r = ch.readOutbound();
    assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
    assertEquals("body", body(r).path("field").asText());
    assertFalse(ch.isOpen(), "connection closed after 413");

    EmbeddedChannel ok = new EmbeddedChannel(new BodyLimitHandler(1024));
    DefaultHttpRequest small =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, POST, "/api/v1/windows");
    HttpUtil.setTransferEncodingChunked(small, true);
    ok.writeInbound(small);
    ok.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));
    ok.writeInbound(new io.netty.handler.codec.http.DefaultLastHttpContent());
    FullHttpRequest full = ok.readInbound();
    assertEquals("{}", full.content().toString(StandardCharsets.UTF_8));
    full.release();
  }

  @Test
  void bodyLimitRefusesAnAnnouncedOversizedBodyInJson() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitHandler(1024));
    DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, POST, "/api/v1/windows");
    HttpUtil.setContentLength(head, 5000);
    HttpUtil.set100ContinueExpected(head, true);
    ch.writeInbound(head);
    FullHttpResponse r = ch.readOutbound();
    assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, r.status());
    assertEquals("body", body(r).path("field").asText());
    assertNull(ch.readInbound(), "nothing reaches the handlers behind");
  }

  /** An executor that only queues, so a test sees that nothing runs inline on the event loop. */
  private static final class QueueExecutor implements java.util.concurrent.Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable r) {
      tasks.add(r);
    }

    void runAll() {
      List<Runnable> now = new ArrayList<>(tasks);
      tasks.clear();
      now.forEach(Runnable::run);
    }
  }

  private static EmbeddedChannel routed(QueueExecutor exec, Principal who) {
    Router router =
        new Router(
            List.of(
                Route.forRoles(
                    GET,
                    "/api/v1/things/{id}",
                    Set.of("reviewer"),
                    r ->
                        ApiResponse.ok(
                            java.util.Map.of(
                                "id",
                                r.pathParam("id"),
                                "by",
                                r.principal().name(),
                                "thread",
                                Thread.currentThread().getName()))),
                Route.forRoles(
                    POST,
                    "/api/v1/things",
                    Set.of("vendor"),
                    r -> {
                      throw new IllegalStateException("boom at /secret/path");
                    }),
                Route.open(GET, "/api/v1/open", r -> ApiResponse.ok(java.util.Map.of()))));
    EmbeddedChannel ch = new EmbeddedChannel(new RouterHandler(router, exec));
    ch.attr(AuthHandler.PRINCIPAL).set(who);
    return ch;
  }

  @Test
  void theRouterRefusesABodyDeeperThanTheConfiguredDepthBeforeTheAction() throws Exception {
    QueueExecutor exec = new QueueExecutor();
    Router router =
        new Router(
            List.of(
                Route.open(
                    POST,
                    "/api/v1/open",
                    r -> ApiResponse.ok(java.util.Map.of("n", r.json("a").toString().length())))));
    ApiConfig.Limits four =
        new ApiConfig.Limits(null, null, null, null, null, null, null, 4, 16, null);
    EmbeddedChannel ch = new EmbeddedChannel(new RouterHandler(router, exec, four));
    ch.writeInbound(request(POST, "/api/v1/open", null, "{\"a\":[[[[]]]]}"));
    FullHttpResponse refused = ch.readOutbound();
    assertEquals(HttpResponseStatus.BAD_REQUEST, refused.status());
    assertEquals("body", body(refused).path("field").asText());
    assertTrue(exec.tasks.isEmpty(), "refused before reaching the executor");
    ch.writeInbound(request(POST, "/api/v1/open", null, "{\"a\":[[[]]]}"));
    assertEquals(1, exec.tasks.size(), "within the configured depth the action runs");
  }

  @Test
  void routerRunsActionsOnTheExecutorAndChecksRoles() throws Exception {
    QueueExecutor exec = new QueueExecutor();
    EmbeddedChannel ch = routed(exec, new Principal("mayor", Set.of("reviewer")));
    ch.writeInbound(request(GET, "/api/v1/things/a%20b", null, ""));
    assertNull(ch.readOutbound(), "nothing answered on the event loop");
    assertEquals(1, exec.tasks.size());
    exec.runAll();
    ch.runPendingTasks();
    JsonNode ok = body(ch.readOutbound());
    assertEquals("a b", ok.path("id").asText());
    assertEquals("mayor", ok.path("by").asText());

    ch.writeInbound(request(POST, "/api/v1/things", null, "{}"));
    FullHttpResponse forbidden = ch.readOutbound();
    assertEquals(HttpResponseStatus.FORBIDDEN, forbidden.status());
    assertTrue(body(forbidden).path("error").asText().contains("vendor"));
    assertTrue(exec.tasks.isEmpty(), "refused before reaching the executor");

    ch.writeInbound(request(GET, "/api/v1/nowhere", null, ""));
    FullHttpResponse notFound = ch.readOutbound();
    assertEquals(HttpResponseStatus.NOT_FOUND, notFound.status());
    assertEquals("path", body(notFound).path("field").asText());

    ch.writeInbound(request(POST, "/api/v1/things/x", null, ""));
    FullHttpResponse notAllowed = ch.readOutbound();
    assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, notAllowed.status());
    assertEquals("method", body(notAllowed).path("field").asText());
  }

  @Test
  void routerHidesFaultsAndAnswersInOrder() throws Exception {
    QueueExecutor exec = new QueueExecutor();
    EmbeddedChannel ch = routed(exec, new Principal("acme", Set.of("vendor", "reviewer")));
    // Two pipelined requests: the second waits for the first's answer.
    ch.writeInbound(request(POST, "/api/v1/things", null, "{}"));
    ch.writeInbound(request(GET, "/api/v1/things/2", null, ""));
    assertEquals(1, exec.tasks.size());
    exec.runAll();
    ch.runPendingTasks();
    FullHttpResponse fault = ch.readOutbound();
    assertEquals(HttpResponseStatus.INTERNAL_SERVER_ERROR, fault.status());
    String text = fault.content().toString(StandardCharsets.UTF_8);
    assertEquals("{\"error\":\"internal error\"}", text);
    fault.release();
    assertEquals(1, exec.tasks.size(), "second request started after the first answer");
    exec.runAll();
    ch.runPendingTasks();
    assertEquals("2", body(ch.readOutbound()).path("id").asText());

    EmbeddedChannel anon = routed(exec, null);
    anon.writeInbound(request(GET, "/api/v1/open", null, ""));
    exec.runAll();
    anon.runPendingTasks();
    assertEquals(HttpResponseStatus.OK, ((FullHttpResponse) anon.readOutbound()).status());
  }

  @Test
  void routerClosesAConnectionThatPipelinesTooDeep() {
    QueueExecutor exec = new QueueExecutor();
    EmbeddedChannel ch = routed(exec, new Principal("mayor", Set.of("reviewer")));
    List<FullHttpRequest> sent = new ArrayList<>();
    for (int i = 0; i <= RouterHandler.MAX_PIPELINED + 1; i++) {
      FullHttpRequest r = request(GET, "/api/v1/things/" + i, null, "");
      sent.add(r);
      ch.writeInbound(r);
    }
    assertFalse(ch.isOpen());
    assertEquals(1, exec.tasks.size(), "only the first request started");
    ch.finishAndReleaseAll();
    for (FullHttpRequest r : sent) {
      assertEquals(0, r.refCnt(), "every request released");
    }
  }

  @Test
  void observerReportsEachExchangeWithoutSecrets() {
    List<Exchange> seen = new ArrayList<>();
    long[] clock = {1_000};
    EmbeddedChannel ch =
        new EmbeddedChannel(new RequestObserver(List.of(seen::add), () -> clock[0]));
    ch.attr(AuthHandler.PRINCIPAL).set(new Principal("mayor", Set.of("town_hall")));
    FullHttpRequest req =
        request(POST, "/api/v1/windows/W-1/approve?x=1", "secret-mayor", "{\"reason\":\"r\"}");
    ch.writeInbound(req);
    FullHttpRequest passed = ch.readInbound();
    passed.release();
    clock[0] = 4_000_000;
    ch.writeOutbound(HttpResponses.of(ApiResponse.ok(java.util.Map.of())));
    assertEquals(1, seen.size());
    Exchange e = seen.get(0);
    assertEquals("POST", e.method());
    assertEquals("/api/v1/windows/W-1/approve", e.path());
    assertEquals("x=1", e.query());
    assertEquals(200, e.status());
    assertEquals("mayor", e.principal());
    assertEquals(3_999_000, e.durationNanos());
    // What reaches the evidence store names who and what, never the token or the body.
    List<io.vigie.facts.EvidenceRecord> kept = new ArrayList<>();
    java.time.Clock utc = java.time.Clock.systemUTC();
    new AuditTrail(kept::add, new RefusalLedger(kept::add, n -> {}, utc, 100, 100, 100), utc)
        .accept(e);
    assertEquals(1, kept.size());
    String record = kept.get(0).toString();
    assertTrue(record.contains("mayor") && record.contains("/api/v1/windows/W-1/approve"), record);
    assertFalse(record.contains("secret") || record.contains("reason"), record);
    ((FullHttpResponse) ch.readOutbound()).release();
  }

  @Test
  void auditTrailRecordsApiActionsButNotHealthProbes() {
    List<EvidenceRecord> out = new ArrayList<>();
    java.time.Clock fixed =
        java.time.Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), java.time.ZoneOffset.UTC);
    AuditTrail audit =
        new AuditTrail(out::add, new RefusalLedger(out::add, n -> {}, fixed, 100, 100, 100), fixed);
    audit.accept(new Exchange("/127.0.0.1:5000", "GET", ApiPaths.HEALTH, null, 200, null, 1));
    audit.accept(new Exchange("/127.0.0.1:5000", "POST", ApiPaths.WINDOWS, null, 201, "acme", 1));
    assertEquals(1, out.size());
    EvidenceRecord r = out.get(0);
    assertEquals("api_action", r.kind());
    assertEquals("acme", r.subject());
    assertEquals(
        Instant.parse("2026-11-23T08:00:00Z").getEpochSecond() * 1_000_000_000L, r.tsNanos());
    assertEquals(201, r.fields().get("status"));
    assertEquals("POST", r.fields().get("method"));
  }

  @Test
  void tokenVerifierKnowsOnlyHashes() {
    assertEquals("acme", TOKENS.verify("secret-acme").orElseThrow().name());
    assertTrue(TOKENS.verify("secret-acm").isEmpty());
    assertTrue(TOKENS.verify("").isEmpty());
    // SHA-256 of "abc" (FIPS 180-2 appendix B.1).
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        TokenVerifier.sha256Hex("abc"));
  }
}
