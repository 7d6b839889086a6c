package io.vigie.web;

/**
 * HTML escaping and the page shell. Every value that is not a literal of ours goes through {@link
 * #esc} (text and attribute values alike, so one function serves both).
 *
 * <pre>{@code
 * String page = Html.page(labels, "approver.title", me, csrf, body);
 * }</pre>
 */
final class Html {
  private Html() {}

  /** Escapes {@code & < > " '}; null becomes the empty string. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC);

  /** A time for people, in a {@code <time>} element with the machine-readable instant. */
  static String time(java.time.Instant t) {
    if (t == null) {
      return "—";
    }
    return "<time datetime=\"" + esc(t) + "\">" + esc(TIME.format(t)) + "</time>";
  }

  private static final java.time.format.DateTimeFormatter LOCAL =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", java.util.Locale.ROOT);

  /**
   * A time in the site's zone first (what people read), then in UTC (what the evidence says):
   * {@code 2026-11-23 10:00:00 CET (09:00:00 UTC)}.
   */
  static String time(java.time.Instant t, java.time.ZoneId zone) {
    if (t == null) {
      return "—";
    }
    return "<time datetime=\""
        + esc(t)
        + "\">"
        + esc(LOCAL.format(t.atZone(zone)))
        + "</time> <span class=\"utc\">("
        + esc(TIME.format(t))
        + ")</span>";
  }

  /** The same, from nanoseconds since the epoch (evidence records). */
  static String timeNanos(long nanos) {
    return time(
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
  }

  /** {@code a, b, c}, escaped; "—" when empty. */
  static String list(java.util.Collection<?> items) {
    if (items == null || items.isEmpty()) {
      return "—";
    }
    StringBuilder sb = new StringBuilder();
    for (Object o : items) {
      sb.append(sb.length() == 0 ? "" : ", ").append(esc(o));
    }
    return sb.toString();
  }

  /** A hidden CSRF field for a form that changes something. */
  static String csrfField(String token) {
    return "<input type=\"hidden\" name=\""
        + WebRequest.CSRF_FIELD
        + "\" value=\""
        + esc(token)
        + "\">";
  }

  /**
   * A whole page: language, title, navigation for the views {@code me} may open, the language
   * switch, a flash message, then {@code main}.
   *
   * @param me the logged-in user, or null on the login page
   */
  static String page(Labels l, String titleKey, WebSession me, String flash, String main) {
    return page(l, titleKey, me, flash, main, java.util.Map.of());
  }

  /**
   * The same, with query parameters the language switch keeps (a filter, the session shown), so
   * that changing language stays on the same content.
   */
  static String page(
      Labels l,
      String titleKey,
      WebSession me,
      String flash,
      String main,
      java.util.Map<String, String> keep) {
    StringBuilder kept = new StringBuilder();
    new java.util.TreeMap<>(keep)
        .forEach(
            (k, v) -> {
              if (v != null) {
                kept.append('&')
                    .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8))
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
              }
            });
    StringBuilder sb = new StringBuilder(4096 + main.length());
    sb.append("<!DOCTYPE html>\n<html lang=\"")
        .append(l.lang())
        .append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(l.get(titleKey)))
        .append(" · vigie</title>\n")
        .append("<link rel=\"stylesheet\" href=\"")
        .append(WebPaths.CSS)
        .append("\">\n")
        .append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">")
        .append(esc(l.get("nav.skip")))
        .append("</a>\n<header>\n<p class=\"brand\"><a href=\"")
        .append(WebPaths.HOME)
        .append("\">vigie</a></p>\n");
    if (me != null) {
      sb.append("<nav aria-label=\"").append(esc(l.get("nav.label"))).append("\"><ul>\n");
      if (me.principal().hasAnyRole(me.access().city())) {
        sb.append("<li><a href=\"")
            .append(WebPaths.CITY)
            .append("\">")
            .append(esc(l.get("city.title")))
            .append("</a></li>\n");
      }
      if (me.principal().hasAnyRole(me.access().approver())) {
        sb.append("<li><a href=\"")
            .append(WebPaths.APPROVER)
            .append("\">")
            .append(esc(l.get("approver.title")))
            .append("</a></li>\n");
      }
      if (me.principal().hasAnyRole(me.access().security())) {
        sb.append("<li><a href=\"")
            .append(WebPaths.SECURITY)
            .append("\">")
            .append(esc(l.get("security.title")))
            .append("</a></li>\n");
      }
      if (me.principal().hasAnyRole(me.access().reviewer())) {
        sb.append("<li><a href=\"")
            .append(WebPaths.REVIEWER)
            .append("\">")
            .append(esc(l.get("reviewer.title")))
            .append("</a></li>\n");
      }
      sb.append("</ul></nav>\n<form class=\"logout\" method=\"post\" action=\"")
          .append(WebPaths.LOGOUT)
          .append("\">")
          .append(csrfField(me.csrf()))
          .append("<span>")
          .append(esc(me.principal().name()))
          .append("</span> ")
          .append("<button type=\"submit\">")
          .append(esc(l.get("nav.logout")))
          .append("</button></form>\n");
    }
    sb.append("<p class=\"lang\">");
    for (String lang : Labels.LANGS) {
      if (lang.equals(l.lang())) {
        sb.append("<strong>").append(lang.toUpperCase(java.util.Locale.ROOT)).append("</strong> ");
      } else {
        sb.append("<a href=\"?lang=")
            .append(lang)
            .append(esc(kept))
            .append("\" hreflang=\"")
            .append(lang)
            .append("\" lang=\"")
            .append(lang)
            .append("\">")
            .append(lang.toUpperCase(java.util.Locale.ROOT))
            .append("</a> ");
      }
    }
    sb.append("</p>\n</header>\n<main id=\"main\">\n<h1>")
        .append(esc(l.get(titleKey)))
        .append("</h1>\n");
    if (flash != null) {
      sb.append("<p class=\"flash\" role=\"status\">").append(esc(flash)).append("</p>\n");
    }
    sb.append(main).append("\n</main>\n</body>\n</html>\n");
    return sb.toString();
  }
}
