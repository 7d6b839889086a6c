package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vigie.budget.RateLimitedLog;
import io.vigie.budget.SourceBudget;
import io.vigie.config.ApiConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transport budgets of the API ({@link PreAuthLimit}, {@link RequestDeadline}, {@link
 * ConnectionBudget}).
 */
class TransportBudgetTest {
  private static final TokenVerifier TOKENS =
      new TokenVerifier(
          List.of(
              new ApiConfig.Token(
                  "acme", List.of("vendor"), TokenVerifier.sha256Hex("secret-acme"))));

  private final List<String> refused = new ArrayList<>();
  private final ApiMetrics metrics =
      new ApiMetrics() {
        @Override
        public void refused(String reason) {
          refused.add(reason);
        }
      };

  private static HttpRequest head(String token, long length) {
    HttpRequest r =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/windows");
    if (length >= 0) {
      HttpUtil.setContentLength(r, length);
    } else {
      HttpUtil.setTransferEncodingChunked(r, true);
    }
    if (token != null) {
      r.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    return r;
  }

  private static DefaultHttpContent bytes(int n) {
    return new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[n]));
  }

  @Test
  void anAnonymousBodyOverTheCapIsRefusedFromItsHeadAndNeverRead() {
    EmbeddedChannel ch = new EmbeddedChannel(new PreAuthLimit(TOKENS, 65536, 8192, metrics));
    ch.writeInbound(head(null, 65536));
    FullHttpResponse resp = ch.readOutbound();
    assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, resp.status());
    assertTrue(resp.content().toString(StandardCharsets.UTF_8).contains("8192"));
    resp.release();
    assertFalse(ch.isOpen(), "closed: the rest of the body is never read");
    assertFalse(ch.config().isAutoRead(), "no further read is asked for");
    assertNull(ch.readInbound(), "nothing reaches the aggregator");
    assertEquals(List.of(ApiMetrics.Refusals.PRE_AUTH_BODY_TOO_LARGE), refused);
  }

  @Test
  void aChunkedAnonymousBodyIsCountedAndCutAtTheCap() {
    EmbeddedChannel ch = new EmbeddedChannel(new PreAuthLimit(TOKENS, 65536, 8192, metrics));
    ch.writeInbound(head("not-a-token", -1), bytes(8000));
    assertTrue(ch.isOpen());
    ch.writeInbound(bytes(500));
    FullHttpResponse resp = ch.readOutbound();
    assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, resp.status());
    resp.release();
    assertFalse(ch.isOpen());
    Object m;
    int passed = 0;
    while ((m = ch.readInbound()) != null) {
      passed++;
      ReferenceCountUtil.release(m);
    }
    assertEquals(2, passed, "the head and the first 8000 bytes only");
  }

  @Test
  void aValidTokenMayUseTheWholeBodyLimit() {
    EmbeddedChannel ch = new EmbeddedChannel(new PreAuthLimit(TOKENS, 65536, 8192, metrics));
    ch.writeInbound(head("secret-acme", 65536), bytes(32768), bytes(32768));
    assertNull(ch.readOutbound(), "no refusal");
    assertTrue(ch.isOpen());
    assertTrue(refused.isEmpty());
    ch.finishAndReleaseAll();
  }

  @Test
  void theHeadMustArriveBeforeItsDeadline() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestDeadline(10, 30, metrics, () -> {}));
    ch.advanceTimeBy(9, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "a slow head has until its deadline");
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(
        ch.isOpen(), "a trickled head (slowloris) is cut at the deadline, whatever bytes came");
    assertEquals(List.of(ApiMetrics.Refusals.HEADER_TIMEOUT), refused);
  }

  @Test
  void theBodyHasItsOwnDeadlineAndServingHasNone() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestDeadline(10, 30, metrics, () -> {}));
    ch.writeInbound(head(null, 10));
    ch.advanceTimeBy(29, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "the head deadline no longer applies once the head is in");
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[10])));
    ch.advanceTimeBy(600, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "no deadline while the request is being served");
    ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    ch.advanceTimeBy(10, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen(), "after the answer, the next head has its deadline again");
    assertEquals(List.of(ApiMetrics.Refusals.HEADER_TIMEOUT), refused);
    ch.finishAndReleaseAll();
  }

  @Test
  void aSlowBodyIsCutAtItsDeadline() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestDeadline(10, 30, metrics, () -> {}));
    ch.writeInbound(head(null, 100), bytes(1));
    ch.advanceTimeBy(30, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen());
    assertEquals(List.of(ApiMetrics.Refusals.BODY_TIMEOUT), refused);
    ch.finishAndReleaseAll();
  }

  @Test
  void connectionsOverTheSourceOrTotalBudgetAreClosedAtOnceAndCounted() throws Exception {
    List<String> lines = new ArrayList<>();
    long[] now = {0};
    ConnectionBudget budget =
        new ConnectionBudget(
            new SourceBudget(3, 2),
            metrics,
            new RateLimitedLog(1, Duration.ofMinutes(1), () -> now[0], lines::add));
    List<EmbeddedChannel> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      EmbeddedChannel ch = new EmbeddedChannel();
      assertTrue(budget.admit(ch), "within the source's share");
      held.add(ch);
    }
    EmbeddedChannel third = new EmbeddedChannel();
    assertFalse(budget.admit(third));
    assertFalse(third.isOpen());
    EmbeddedChannel fourth = new EmbeddedChannel();
    assertFalse(budget.admit(fourth));
    assertEquals(
        List.of(
            ApiMetrics.Refusals.TOO_MANY_CONNECTIONS_PER_SOURCE,
            ApiMetrics.Refusals.TOO_MANY_CONNECTIONS_PER_SOURCE),
        refused);
    assertEquals(1, lines.size(), "refusals are logged at a bounded rate: " + lines);
    held.get(0).close();
    EmbeddedChannel again = new EmbeddedChannel();
    assertTrue(budget.admit(again), "a closed connection gives its slot back");
    assertSame(Boolean.TRUE, again.isOpen());
  }
}
