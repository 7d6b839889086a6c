package io.vigie.web;

/** The web UI's paths: everything under {@code /ui}, and {@code /} which leads there. */
final class WebPaths {
  static final String ROOT = "/";
  static final String HOME = "/ui";
  static final String LOGIN = "/ui/login";
  static final String LOGOUT = "/ui/logout";
  static final String APPROVER = "/ui/approver";
  static final String WINDOW_ACTION = "/ui/windows/{id}/{action}";
  static final String SECURITY = "/ui/security";
  static final String REVIEWER = "/ui/reviewer";
  static final String SESSION = "/ui/reviewer/session";
  static final String SLICE = "/ui/reviewer/slice";
  static final String EXPORT = "/ui/reviewer/export";
  static final String REPORT = "/ui/reviewer/report";
  static final String CSS = "/ui/static/vigie.css";
  static final String CITY = "/ui/city";

  private WebPaths() {}

  static String window(String id, String action) {
    return "/ui/windows/"
        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        + "/"
        + action;
  }
}
