package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.api.ApiRequest;
import io.vigie.api.QueryParams;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebRequestTest {
  private static WebRequest req(
      Map<String, String> headers, String body, Map<String, List<String>> query) {
    return new WebRequest(
        new ApiRequest(
            "POST",
            "/ui/x",
            Map.of(),
            new QueryParams(query),
            body.getBytes(StandardCharsets.UTF_8),
            null,
            headers));
  }

  private static WebRequest req(String... headerPairs) {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      h.put(headerPairs[i], headerPairs[i + 1]);
    }
    return req(h, "", Map.of());
  }

  @Test
  void originMustBeThisServer() {
    assertFalse(req("host", "127.0.0.1:8443", "origin", "https://127.0.0.1:8443").crossSite());
    assertTrue(req("host", "127.0.0.1:8443", "origin", "https://evil.example").crossSite());
    assertTrue(
        req("host", "127.0.0.1:8443", "origin", "https://127.0.0.1:9999").crossSite(),
        "another port");
    assertTrue(
        req("host", "127.0.0.1:8443", "origin", "null").crossSite(), "sandboxed or file origin");
    assertTrue(
        req("host", "127.0.0.1:8443", "referer", "https://evil.example/page").crossSite(),
        "Referer when there is no Origin");
    assertFalse(
        req("host", "127.0.0.1:8443", "referer", "https://127.0.0.1:8443/ui/approver").crossSite());
    assertFalse(
        req("host", "127.0.0.1:8443").crossSite(), "neither header: the CSRF token decides");
  }

  @Test
  void formsCookiesAndLanguages() {
    WebRequest w =
        req(
            Map.of(
                "content-type",
                "application/x-www-form-urlencoded; charset=UTF-8",
                "cookie",
                "a=1; vigie_session=abc; b=2",
                "accept-language",
                "de-DE,en-GB;q=0.8,fr;q=0.5"),
            "reason=OK+pour+la+mise+%C3%A0+jour&csrf=t%2Bk&reason=second&empty=",
            Map.of());
    assertEquals("OK pour la mise à jour", w.field("reason"), "the first value counts");
    assertEquals("t+k", w.form().get("csrf"));
    assertNull(w.field("empty"));
    assertEquals("abc", w.cookie("vigie_session"));
    assertNull(w.cookie("vigie"));
    assertEquals("en", w.acceptLanguage());
    assertEquals("fr", req().acceptLanguage(), "French by default");
    assertTrue(
        req(Map.of("content-type", "text/plain"), "reason=x", Map.of()).form().isEmpty(),
        "only urlencoded forms are read");
    assertEquals("en", req(Map.of(), "", Map.of("lang", List.of("en"))).langParam());
    assertNull(req(Map.of(), "", Map.of("lang", List.of("de"))).langParam());
  }

  @Test
  void escapingCoversTextAndAttributes() {
    assertEquals(
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
        Html.esc("<a href=\"x\" title='y'>&</a>"));
    assertEquals("", Html.esc(null));
  }
}
