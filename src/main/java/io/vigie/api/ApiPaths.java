package io.vigie.api;

/** The API's paths, shared by routes, handlers and tests. */
public final class ApiPaths {
  public static final String BASE = "/api/v1";
  public static final String HEALTH = BASE + "/health";
  public static final String OPENAPI = BASE + "/openapi.yaml";
  public static final String WINDOWS = BASE + "/windows";
  public static final String BASELINES = BASE + "/baselines";
  public static final String LEGAL_HOLDS = BASE + "/legal-holds";
  public static final String ADMIN_RELOAD = BASE + "/admin/reload";

  /**
   * The decoded path of a request URI, or its raw path when a percent-escape is malformed: the
   * router then answers 400; logging and authentication must not fail on it first.
   */
  static String pathOf(String uri) {
    try {
      return new io.netty.handler.codec.http.QueryStringDecoder(uri).path();
    } catch (IllegalArgumentException e) {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }
  }

  public static final String NOTICES = BASE + "/notices";
  public static final String SESSIONS = BASE + "/sessions";

  private ApiPaths() {}
}
