package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 3: 26,871 anonymous 401s in 10 s each became an evidence record, and 500 failed
 * logins in 4.9 s went through with no slow-down, each recorded. Now, against the real server and
 * its real SQLite store, refusals from one source make one record per minute with counts, the
 * floods raise {@code request_flood} and {@code brute_force}, and the login throttle answers 429
 * with Retry-After before looking at the token.
 */
@Tag("abuse")
class AbuseEvidenceTest {
  private static final int ANONYMOUS = 2000;
  private static final int FAILED_LOGINS = 500;
  private static final String SECRET_QUERY = "access_token=s3cr3t-in-the-query";

  @TempDir Path dir;

  @Test
  void refusalsAndFailedLoginsMakeAFewRecordsAndRaiseNotices() throws Exception {
    List<TimelineEntry> before;
    List<TimelineEntry> after;
    long bytesBefore;
    int throttled = 0;
    int unauthorized = 0;
    String retryAfter = null;
    try (WebKit kit = new WebKit(dir, null)) {
      kit.store.flush();
      before = Timeline.read(kit.db, new TimelineFilter(null, null, null, null, true));
      bytesBefore = size(before);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < ANONYMOUS; i++) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(kit.uri("/api/v1/windows?" + SECRET_QUERY))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (i % 2 == 1) {
          b.header("Authorization", "Bearer not-a-token-" + i);
        }
        assertEquals(
            401, http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
      }
      Visitor guesser = new Visitor(kit);
      for (int i = 0; i < FAILED_LOGINS; i++) {
        HttpResponse<String> r =
            guesser.post("/ui/login", Map.of("token", "guess-" + i), guesser.origin());
        if (r.statusCode() == 429) {
          throttled++;
          retryAfter = r.headers().firstValue("retry-after").orElse(null);
        } else {
          assertEquals(401, r.statusCode());
          unauthorized++;
        }
      }
      // The throttle is checked before the token: even the right token waits.
      HttpResponse<String> locked = new Visitor(kit).login("mayor");
      assertEquals(429, locked.statusCode(), "a locked-out source waits, whatever the token");
      assertTrue(locked.headers().firstValue("retry-after").isPresent());
      kit.clock.advance(
          Duration.ofSeconds(Long.parseLong(locked.headers().firstValue("retry-after").get())));
      assertEquals(
          303,
          new Visitor(kit).login("mayor").statusCode(),
          "after the wait, the right token works");
      kit.clock.advance(Duration.ofMinutes(2));
      kit.server.close();
      kit.store.flush();
      after = Timeline.read(kit.db, new TimelineFilter(null, null, null, null, true));
    }
    assertEquals(
        5, unauthorized, "login_free_failures guesses are answered, then the source waits");
    assertEquals(FAILED_LOGINS - 5, throttled);
    assertTrue(retryAfter != null && Long.parseLong(retryAfter) > 0, "Retry-After " + retryAfter);

    List<TimelineEntry> added = after.subList(before.size(), after.size());
    List<TimelineEntry> refused =
        added.stream().filter(e -> e.kind().equals("refused_requests")).toList();
    assertTrue(
        refused.size() >= 1 && refused.size() <= 3,
        "one record per source per minute, not one per request: " + refused.size());
    long counted = refused.stream().mapToLong(e -> e.fields().path("refused").asLong()).sum();
    assertEquals(ANONYMOUS + FAILED_LOGINS + 1, counted, "every refusal is counted");
    assertEquals(
        FAILED_LOGINS + 1,
        refused.stream().mapToLong(e -> e.fields().path("failed_logins").asLong()).sum(),
        "every guess, and the right token sent while locked out, counts as a failed login");
    assertEquals(
        0,
        added.stream().filter(e -> e.kind().equals("api_action")).count(),
        "no record per request");
    assertEquals(
        0,
        added.stream().filter(e -> e.kind().equals("ui_login_refused")).count(),
        "no record per guess");
    assertTrue(
        added.stream().anyMatch(e -> "request_flood".equals(e.fields().path("note").asText())),
        "request_flood raised");
    assertTrue(
        added.stream().anyMatch(e -> "brute_force".equals(e.fields().path("note").asText())),
        "brute_force raised");
    assertTrue(
        added.size() < 20,
        added.size() + " records added for " + (ANONYMOUS + FAILED_LOGINS) + " refusals");
    long bytesAdded = size(after) - bytesBefore;
    assertTrue(bytesAdded < 16 * 1024, bytesAdded + " bytes of evidence added");
    for (TimelineEntry e : added) {
      String text = e.fields().toString();
      assertFalse(text.contains("s3cr3t"), "a refused request's query is never recorded: " + text);
      assertFalse(
          text.contains("not-a-token") || text.contains("guess-"),
          "no presented token is recorded: " + text);
    }
    assertTrue(Files.size(dir.resolve("evidence.db")) > 0);
  }

  private static long bytesAdded(List<TimelineEntry> a, List<TimelineEntry> b) {
    return size(b) - size(a);
  }

  private static long size(List<TimelineEntry> entries) {
    return entries.stream()
        .mapToLong(e -> e.kind().length() + e.fields().toString().length())
        .sum();
  }
}
