package io.vigie.web;

import io.vigie.api.ApiRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the web UI reads from a request: cookies, the urlencoded form of a POST, the language asked
 * for and whether a POST comes from a page of ours.
 *
 * <pre>{@code
 * WebRequest w = new WebRequest(apiRequest);
 * String sid = w.cookie("vigie_session");
 * String reason = w.form().get("reason");
 * }</pre>
 */
final class WebRequest {
  static final String CSRF_FIELD = "csrf";

  private final ApiRequest request;
  private Map<String, String> form;

  WebRequest(ApiRequest request) {
    this.request = request;
  }

  ApiRequest api() {
    return request;
  }

  /** The value of cookie {@code name}, or null. */
  String cookie(String name) {
    String header = request.header("cookie");
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The form fields of an {@code application/x-www-form-urlencoded} body (first value of each). */
  Map<String, String> form() {
    if (form == null) {
      form = new HashMap<>();
      String type = request.header("content-type");
      if (type != null
          && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String k = decode(eq < 0 ? pair : pair.substring(0, eq));
          String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
          form.putIfAbsent(k, v);
        }
      }
    }
    return form;
  }

  /** A trimmed form field, null when absent or blank. */
  String field(String name) {
    String v = form().get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** {@code ?lang=} when it names a language of ours, else null. */
  String langParam() {
    String v = request.query().string("lang");
    return v != null && Labels.LANGS.contains(v) ? v : null;
  }

  /** The first of our languages in Accept-Language, else the default. */
  String acceptLanguage() {
    String header = request.header("accept-language");
    if (header != null) {
      for (String part : header.split(",")) {
        String tag = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
        for (String lang : Labels.LANGS) {
          if (tag.equals(lang) || tag.startsWith(lang + "-")) {
            return lang;
          }
        }
      }
    }
    return Labels.DEFAULT_LANG;
  }

  /**
   * True when a browser says the request comes from another site: an {@code Origin} (or, without
   * one, a {@code Referer}) whose host and port are not this server's {@code Host}. A request
   * naming neither passes this check; the CSRF token is the other one.
   */
  boolean crossSite() {
    String host = request.header("host");
    String origin = request.header("origin");
    String from = origin != null ? origin : request.header("referer");
    if (from == null) {
      return false;
    }
    if (host == null || from.equals("null")) {
      return true;
    }
    try {
      URI u = new URI(from);
      String authority = u.getRawAuthority();
      return authority == null || !authority.equalsIgnoreCase(host);
    } catch (URISyntaxException e) {
      return true;
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
