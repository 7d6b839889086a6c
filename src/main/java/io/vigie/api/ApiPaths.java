package io.vigie.api;

/** The API's paths, shared by routes, handlers and tests. */
public final class ApiPaths {
  public static final String BASE = "/api/v1";
  public static final String HEALTH = BASE + "/health";
  public static final String OPENAPI = BASE + "/openapi.yaml";
  public static final String WINDOWS = BASE + "/windows";
  public static final String BASELINES = BASE + "/baselines";
  public static final String ADMIN_RELOAD = BASE + "/admin/reload";
  public static final String NOTICES = BASE + "/notices";
  public static final String SESSIONS = BASE + "/sessions";

  private ApiPaths() {}
}
