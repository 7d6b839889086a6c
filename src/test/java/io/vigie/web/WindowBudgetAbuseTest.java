package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.policy.Actor;
import io.vigie.policy.Window;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, attack 1: a vendor token sent 300 window requests with 30 KB reasons and tickets
 * starting 300 days ahead, all accepted; the approver page repeated every other request of the
 * requester on each card and exhausted the heap. Now the requests are refused over the real API,
 * and the approver page stays small with the most pending requests the budgets allow, at the
 * longest reason, with a long history of decided windows full of notices.
 */
@Tag("abuse")
class WindowBudgetAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Characters that HTML escaping makes longest, so that the page bound is the worst case. */
  private static final String WORST = "\"<&'>";

  /**
   * What the page may weigh with the default budgets (10 pending, 2000-char reasons, 10 history
   * rows).
   */
  private static final int PAGE_BOUND_BYTES = 256 * 1024;

  @TempDir Path dir;
  WebKit kit;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    kit = new WebKit(dir, null);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(kit.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + WebKit.token("acme"));
    b =
        body == null
            ? b.GET()
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String request(String reason, String ticket, Instant start) throws Exception {
    ObjectMapper m = JSON;
    var o = m.createObjectNode();
    o.put("reason", reason);
    o.put("ticket", ticket);
    o.putObject("scope").putArray("devices").add("cam-001");
    ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("scope")).putArray("apps").add("ssh");
    if (start != null) {
      o.put("start", start.toString());
    }
    o.put(
        "end", (start == null ? kit.clock.instant() : start).plus(Duration.ofHours(2)).toString());
    return m.writeValueAsString(o);
  }

  private static String repeat(int chars) {
    return WORST.repeat(chars / WORST.length() + 1).substring(0, chars);
  }

  private static void assertRefused(int status, String field, HttpResponse<String> r)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body());
    assertEquals(field, e.path("field").asText(), r.body());
  }

  @Test
  void hugeRequestsAreRefusedAndTheApproverPageStaysBounded() throws Exception {
    Instant farAhead = kit.clock.instant().plus(Duration.ofDays(300));
    String thirtyKb = "x".repeat(30 * 1024);
    for (int i = 0; i < 300; i++) {
      assertRefused(
          400, "reason", api("POST", "/api/v1/windows", request(thirtyKb, thirtyKb, farAhead)));
    }
    assertRefused(400, "ticket", api("POST", "/api/v1/windows", request("ok", thirtyKb, null)));
    assertRefused(400, "start", api("POST", "/api/v1/windows", request("ok", "T-1", farAhead)));
    assertEquals(0, kit.windows.list().size(), "nothing refused was recorded");

    // A long past: 40 decided windows of the same requester, each with 20 notices under it.
    for (int i = 0; i < 40; i++) {
      Window w = kit.request("acme", "past " + i);
      kit.windows.reject(w.id(), new Actor("mayor", Set.of("town_hall")), "no");
      noticesUnder(w.id());
    }

    // Then the most pending requests the budget allows, at the longest reason and ticket.
    String reason = repeat(2000);
    String ticket = repeat(128);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> ok = api("POST", "/api/v1/windows", request(reason, ticket, null));
      assertEquals(201, ok.statusCode(), ok.body());
      noticesUnder(JSON.readTree(ok.body()).get("id").asText());
    }
    kit.store.flush();
    assertRefused(429, "requester", api("POST", "/api/v1/windows", request(reason, ticket, null)));
    assertRefused(
        400, "reason", api("POST", "/api/v1/windows", request(reason + "x", ticket, null)));

    Visitor mayor = new Visitor(kit);
    assertEquals(303, mayor.login("mayor").statusCode());
    HttpResponse<byte[]> page = mayor.getBytes("/ui/approver");
    assertEquals(200, page.statusCode());
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertTrue(
        page.body().length < PAGE_BOUND_BYTES, "approver page of " + page.body().length + " bytes");
    assertEquals(10, count(html, "<article class=\"card\""), "every pending request has its card");
    assertEquals(
        1,
        count(html, "<h3 id=\"h-acme\">"),
        "the requester's history is shown once, not on each card");
    Matcher past = Pattern.compile("<tr><td>W-[0-9-]+</td>").matcher(html);
    int rows = 0;
    while (past.find()) {
      rows++;
    }
    assertEquals(10, rows, "history_rows past windows, not all 40");
    assertTrue(html.contains("3+<ul"), "a few notices per past window and a count, not all 20");

    // The API list is paginated too.
    assertRefused(400, "limit", api("GET", "/api/v1/windows?limit=1000", null));
    JsonNode list = JSON.readTree(api("GET", "/api/v1/windows?limit=5&offset=45", null).body());
    assertEquals(50, list.get("total").asInt());
    assertEquals(5, list.get("windows").size());
    assertEquals(
        50,
        JSON.readTree(api("GET", "/api/v1/windows", null).body()).get("windows").size(),
        "the default page is page_size");
  }

  private void noticesUnder(String window) {
    for (int n = 0; n < 20; n++) {
      kit.store.onNotice(
          new Notice(
              WebKit.nanos(kit.clock.instant()) + n,
              "vendor_access_out_of_scope",
              Severity.HIGH,
              window + "-" + n,
              null,
              repeat(500),
              window,
              null));
    }
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
