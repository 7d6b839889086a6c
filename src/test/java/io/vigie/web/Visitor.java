package io.vigie.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A browser without a browser, for the security tests: keeps the session cookie by hand, follows no
 * redirect, sends forms as a browser would (urlencoded, with an Origin header).
 */
final class Visitor {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final WebKit kit;
  private final HttpClient http;
  String cookie;

  Visitor(WebKit kit, SSLContext ssl) {
    this.kit = kit;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  Visitor(WebKit kit) {
    this(kit, null);
  }

  /**
   * Logs in with {@code principal}'s token; returns the response (303 with a cookie when accepted).
   */
  HttpResponse<String> login(String principal) throws IOException, InterruptedException {
    HttpResponse<String> r = post("/ui/login", Map.of("token", WebKit.token(principal)), origin());
    r.headers().firstValue("set-cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
    return r;
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(kit.uri(pathAndQuery)).GET());
  }

  HttpResponse<String> get(String pathAndQuery, String header, String value)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(kit.uri(pathAndQuery)).header(header, value).GET());
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(kit.uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The CSRF token of the forms on {@code page}. */
  String csrf(String page) throws IOException, InterruptedException {
    HttpResponse<String> r = get(page);
    Matcher m = CSRF.matcher(r.body());
    if (!m.find()) {
      throw new AssertionError(
          "no CSRF field on " + page + " (" + r.statusCode() + "): " + r.body());
    }
    return m.group(1);
  }

  HttpResponse<String> post(String path, Map<String, String> form, String origin)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(kit.uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  HttpResponse<byte[]> postBytes(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(kit.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin())
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  String origin() {
    URI u = kit.uri("/");
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    b.timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }
}
