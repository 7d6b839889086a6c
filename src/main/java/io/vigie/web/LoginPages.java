package io.vigie.web;

import static io.vigie.web.Html.esc;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.AbuseGuard;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.api.DirectoryLogin;
import io.vigie.api.Principal;
import io.vigie.api.TokenVerifier;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Home, login and logout. One logs in with the same bearer token as the API (pasted in a password
 * field, never echoed nor kept: only the session id goes back, in an HttpOnly, SameSite=Strict
 * cookie, Secure under TLS). Logins and logouts are recorded as evidence ({@code ui_login}, {@code
 * ui_login_refused}, {@code ui_logout}) with the principal's name, never the token.
 *
 * <p>Guessing is budgeted: a source (and a person, when the token is known but opens no view) with
 * too many failures waits, doubling each time, and is answered 429 with {@code Retry-After} before
 * its token is even hashed. A failure with an unknown token gets no record of its own: it is
 * counted in the source's per-minute {@code refused_requests} record, which raises a {@code
 * brute_force} notice over the threshold.
 *
 * <p>With a directory, people log in with their directory login and password instead ({@link
 * DirectoryLogin}: throttled per address and per login before the directory is asked, refusals
 * audited); the token field stays for those who have one.
 */
final class LoginPages {
  private final Gate gate;
  private final WebSessions sessions;
  private final TokenVerifier tokens;
  private final Access access;
  private final boolean secure;
  private final EvidenceSink evidence;
  private final Clock clock;
  private final AbuseGuard guard;
  private final DirectoryLogin directory;

  LoginPages(
      Gate gate,
      WebSessions sessions,
      TokenVerifier tokens,
      Access access,
      boolean secure,
      EvidenceSink evidence,
      Clock clock,
      AbuseGuard guard,
      DirectoryLogin directory) {
    this.directory = directory;
    this.guard = guard;
    this.gate = gate;
    this.sessions = sessions;
    this.tokens = tokens;
    this.access = access;
    this.secure = secure;
    this.evidence = evidence;
    this.clock = clock;
  }

  /** {@code GET /ui}: the views this user may open. */
  ApiResponse home(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.any());
    Labels l = v.labels();
    Principal p = v.session().principal();
    StringBuilder sb = new StringBuilder();
    sb.append("<p>")
        .append(esc(l.format("home.welcome", p.name())))
        .append("</p>\n<ul class=\"views\">\n");
    view(sb, l, p, access.city(), WebPaths.CITY, "city");
    view(sb, l, p, access.approver(), WebPaths.APPROVER, "approver");
    view(sb, l, p, access.security(), WebPaths.SECURITY, "security");
    view(sb, l, p, access.reviewer(), WebPaths.REVIEWER, "reviewer");
    sb.append("</ul>");
    return WebResponses.html(
        HttpResponseStatus.OK, Html.page(l, "home.title", v.session(), v.flash(), sb.toString()));
  }

  private static void view(
      StringBuilder sb,
      Labels l,
      Principal p,
      java.util.Set<String> roles,
      String path,
      String key) {
    if (p.hasAnyRole(roles)) {
      sb.append("<li><a href=\"")
          .append(path)
          .append("\">")
          .append(esc(l.get(key + ".title")))
          .append("</a> — ")
          .append(esc(l.get(key + ".blurb")))
          .append("</li>\n");
    }
  }

  /** {@code GET /ui/login}. */
  ApiResponse form(ApiRequest r) {
    WebRequest w = new WebRequest(r);
    return loginPage(gate.labelsFor(w), HttpResponseStatus.OK, null);
  }

  /** {@code POST /ui/login}: a token in, a session cookie out. */
  ApiResponse login(ApiRequest r) {
    WebRequest w = new WebRequest(r);
    String lang = w.field("lang");
    Labels l = lang != null && Labels.LANGS.contains(lang) ? gate.labels(lang) : gate.labelsFor(w);
    if (w.crossSite()) {
      return loginPage(l, HttpResponseStatus.FORBIDDEN, l.get("error.cross_site"));
    }
    String source = r.source() == null ? "unknown" : r.source();
    String user = w.field("user");
    if (directory.enabled() && user != null && !user.isBlank()) {
      return directoryLogin(l, user.strip(), w.field("password"), source);
    }
    Duration wait = guard.throttle().retryAfter(source, null);
    if (!wait.isZero()) {
      // Still a guess, and counted as one towards brute_force; it just costs no token work.
      guard.ledger().failedLogin(source);
      return throttled(l, wait);
    }
    String token = w.field("token");
    Optional<Principal> who = token == null ? Optional.empty() : tokens.verify(token);
    if (who.isEmpty()) {
      guard.throttle().failed(source, null);
      guard.ledger().failedLogin(source);
      return loginPage(l, HttpResponseStatus.UNAUTHORIZED, l.get("login.invalid"));
    }
    Principal p = who.get();
    wait = guard.throttle().retryAfter(source, p.person());
    if (!wait.isZero()) {
      guard.ledger().failedLogin(source);
      return throttled(l, wait);
    }
    if (!p.hasAnyRole(access.any())) {
      guard.throttle().failed(source, p.person());
      guard.ledger().failedLogin(source);
      record(
          "ui_login_refused",
          p.name(),
          Map.of("reason", "no view for roles " + List.copyOf(p.roles())));
      return loginPage(l, HttpResponseStatus.FORBIDDEN, l.get("login.no_view"));
    }
    guard.throttle().succeeded(p.person());
    return open(l, p);
  }

  private ApiResponse directoryLogin(Labels l, String user, String password, String source) {
    DirectoryLogin.Outcome o = directory.login(user, password, source, "ui");
    if (o instanceof DirectoryLogin.Throttled t) {
      return throttled(l, t.retryAfter());
    }
    if (o instanceof DirectoryLogin.Unavailable) {
      return loginPage(l, HttpResponseStatus.SERVICE_UNAVAILABLE, l.get("login.directory_down"));
    }
    if (o instanceof DirectoryLogin.Refused) {
      return loginPage(l, HttpResponseStatus.UNAUTHORIZED, l.get("login.invalid_password"));
    }
    Principal p = ((DirectoryLogin.Accepted) o).principal();
    if (!p.hasAnyRole(access.any())) {
      record(
          "ui_login_refused",
          p.name(),
          Map.of("reason", "no view for roles " + List.copyOf(p.roles()), "via", "directory"));
      return loginPage(l, HttpResponseStatus.FORBIDDEN, l.get("login.no_view"));
    }
    return open(l, p);
  }

  private ApiResponse open(Labels l, Principal p) {
    Optional<String> created = sessions.create(p, access, l.lang());
    if (created.isEmpty()) {
      record("ui_login_refused", p.name(), Map.of("reason", "max_sessions reached"));
      return loginPage(l, HttpResponseStatus.SERVICE_UNAVAILABLE, l.get("login.full"));
    }
    String sid = created.get();
    record("ui_login", p.name(), Map.of("roles", List.copyOf(new java.util.TreeSet<>(p.roles()))));
    return WebResponses.redirect(
        WebPaths.HOME, Map.of("Set-Cookie", cookie(sid, WebSessions.MAX_AGE.toSeconds())));
  }

  private ApiResponse throttled(Labels l, Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ApiResponse page =
        loginPage(l, HttpResponseStatus.TOO_MANY_REQUESTS, l.format("login.throttled", seconds));
    Map<String, String> h = new LinkedHashMap<>(page.headers());
    h.put("Retry-After", Long.toString(seconds));
    return new ApiResponse(page.status(), page.contentType(), page.body(), h);
  }

  /** {@code POST /ui/logout}: ends the session (CSRF-protected like every change). */
  ApiResponse logout(ApiRequest r) {
    Gate.Visit v = gate.change(r, access.any());
    sessions.end(v.sid());
    record("ui_logout", v.session().principal().name(), Map.of());
    return WebResponses.redirect(
        WebPaths.LOGIN + "?lang=" + v.labels().lang(), Map.of("Set-Cookie", cookie("", 0)));
  }

  private String cookie(String value, long maxAgeSeconds) {
    return gate.cookieName()
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  private ApiResponse loginPage(Labels l, HttpResponseStatus status, String error) {
    StringBuilder sb = new StringBuilder();
    if (error != null) {
      sb.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>\n");
    }
    sb.append("<form class=\"login\" method=\"post\" action=\"")
        .append(WebPaths.LOGIN)
        .append("\">\n")
        .append("<input type=\"hidden\" name=\"lang\" value=\"")
        .append(esc(l.lang()))
        .append("\">\n")
        .append(directory.enabled() ? directoryFields(l) : "")
        .append("<p><label for=\"token\">")
        .append(esc(l.get("login.token")))
        .append("</label><br>\n")
        .append("<input id=\"token\" name=\"token\" type=\"password\"")
        .append(directory.enabled() ? "" : " required")
        .append(" autocomplete=\"off\" size=\"40\"></p>\n")
        .append("<p class=\"hint\">")
        .append(esc(l.get("login.hint")))
        .append("</p>\n")
        .append("<p><button type=\"submit\">")
        .append(esc(l.get("login.submit")))
        .append("</button></p>\n</form>");
    return WebResponses.html(status, Html.page(l, "login.title", null, null, sb.toString()));
  }

  private static String directoryFields(Labels l) {
    return "<p><label for=\"user\">"
        + esc(l.get("login.user"))
        + "</label><br>\n<input id=\"user\" name=\"user\" autocomplete=\"username\" size=\"30\"></p>\n"
        + "<p><label for=\"password\">"
        + esc(l.get("login.password"))
        + "</label><br>\n<input id=\"password\" name=\"password\" type=\"password\""
        + " autocomplete=\"current-password\" size=\"30\"></p>\n"
        + "<p class=\"hint\">"
        + esc(l.get("login.or_token"))
        + "</p>\n";
  }

  private void record(String kind, String who, Map<String, Object> fields) {
    Instant now = clock.instant();
    Map<String, Object> f = new LinkedHashMap<>(fields);
    if (who != null) {
      f.put("principal", who);
    }
    evidence.append(
        new EvidenceRecord(kind, now.getEpochSecond() * 1_000_000_000L + now.getNano(), who, f));
  }
}
