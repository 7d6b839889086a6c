package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.POST;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/admin/reload}: re-read the site file, whole or not at all, as SIGHUP and
 * {@code vigie reload} do. Admin only; a refused config answers 409 with the reason, and the
 * running config stays.
 */
public final class AdminRoutes {
  /** What the daemon does on reload. */
  @FunctionalInterface
  public interface Reloader {
    Result reload();
  }

  /** Applied, or refused with the reason (file, line, key). */
  public record Result(boolean applied, String message) {}

  private final Reloader reloader;

  public AdminRoutes(Reloader reloader) {
    this.reloader = reloader;
  }

  public List<Route> routes() {
    return List.of(Route.forRoles(POST, ApiPaths.ADMIN_RELOAD, Set.of("admin"), this::reload));
  }

  private ApiResponse reload(ApiRequest request) {
    Result r = reloader.reload();
    if (!r.applied()) {
      throw new ApiException(HttpResponseStatus.CONFLICT, r.message(), "config");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("applied", true);
    body.put("message", r.message());
    return ApiResponse.ok(body);
  }
}
