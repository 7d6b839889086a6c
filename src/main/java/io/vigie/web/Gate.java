package io.vigie.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * Lets a request in or refuses it: a page needs a live session whose principal holds one of the
 * view's roles; a change (POST) needs that too, plus a same-site origin and the session's CSRF
 * token in the form (synchroniser token pattern, OWASP CSRF cheat sheet).
 *
 * <pre>{@code
 * Visit v = gate.page(request, access.approver());      // or throws Refusal (303 to login, 403)
 * Visit v = gate.change(request, access.approver());    // POST: also origin and CSRF token
 * }</pre>
 */
final class Gate {
  /** An admitted request: the session (id and content), its language and its pending message. */
  record Visit(WebRequest request, String sid, WebSession session, Labels labels, String flash) {}

  private final WebSessions sessions;
  private final Map<String, Labels> labels;
  private final String cookieName;

  Gate(WebSessions sessions, Map<String, Labels> labels, String cookieName) {
    this.sessions = sessions;
    this.labels = labels;
    this.cookieName = cookieName;
  }

  String cookieName() {
    return cookieName;
  }

  Labels labels(String lang) {
    return labels.get(lang);
  }

  /** The labels for a request without a session: {@code ?lang=}, else Accept-Language. */
  Labels labelsFor(WebRequest w) {
    String lang = w.langParam();
    return labels.get(lang != null ? lang : w.acceptLanguage());
  }

  Visit page(ApiRequest r, Set<String> roles) {
    WebRequest w = new WebRequest(r);
    String sid = w.cookie(cookieName);
    WebSession s =
        sessions.find(sid).orElseThrow(() -> new Refusal(WebResponses.redirect(WebPaths.LOGIN)));
    String lang = w.langParam();
    if (lang != null && !lang.equals(s.lang())) {
      sessions.update(sid, x -> x.withLang(lang));
      s = s.withLang(lang);
    }
    Labels l = labels.get(s.lang());
    if (!s.principal().hasAnyRole(roles)) {
      throw forbidden(l, s, l.get("error.role"));
    }
    return new Visit(w, sid, s, l, sessions.takeFlash(sid));
  }

  Visit change(ApiRequest r, Set<String> roles) {
    WebRequest w = new WebRequest(r);
    Labels fallback = labelsFor(w);
    if (w.crossSite()) {
      throw forbidden(fallback, null, fallback.get("error.cross_site"));
    }
    String sid = w.cookie(cookieName);
    WebSession s =
        sessions
            .find(sid)
            .orElseThrow(() -> forbidden(fallback, null, fallback.get("error.no_session")));
    Labels l = labels.get(s.lang());
    String presented = w.form().get(WebRequest.CSRF_FIELD);
    if (presented == null
        || !MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8),
            s.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw forbidden(l, s, l.get("error.csrf"));
    }
    if (!s.principal().hasAnyRole(roles)) {
      throw forbidden(l, s, l.get("error.role"));
    }
    return new Visit(w, sid, s, l, null);
  }

  /** Sets a one-shot message for the next page of this session. */
  void flash(Visit v, String message) {
    sessions.update(v.sid(), x -> x.withFlash(message));
  }

  static Refusal forbidden(Labels l, WebSession s, String why) {
    String main =
        "<p class=\"error\" role=\"alert\">"
            + Html.esc(why)
            + "</p>\n<p><a href=\""
            + WebPaths.HOME
            + "\">"
            + Html.esc(l.get("nav.home"))
            + "</a></p>";
    return new Refusal(
        WebResponses.html(
            HttpResponseStatus.FORBIDDEN, Html.page(l, "error.title", s, null, main)));
  }
}
