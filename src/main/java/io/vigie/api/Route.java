package io.vigie.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One endpoint: method, path pattern ({@code /api/v1/windows/{id}}), who may call it and the
 * action, which runs on the blocking executor.
 *
 * <pre>{@code
 * Route.open(GET, "/api/v1/health", r -> ApiResponse.ok(Map.of("status", "ok")));
 * Route.forRoles(GET, "/api/v1/windows/{id}", Set.of("vendor", "reviewer"), this::show);
 * }</pre>
 *
 * @param open true when no token is needed
 * @param roles when not open, the caller must hold one of these; an empty set lets nobody in
 */
public record Route(
    HttpMethod method, String pattern, boolean open, Set<String> roles, Action action) {
  /** Handles one request off the event loop; throws {@link ApiException} to refuse it. */
  @FunctionalInterface
  public interface Action {
    ApiResponse handle(ApiRequest request);
  }

  public Route {
    roles = Set.copyOf(roles);
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
    }
  }

  /** A route anyone may call, without a token. */
  public static Route open(HttpMethod method, String pattern, Action action) {
    return new Route(method, pattern, true, Set.of(), action);
  }

  /** A route for holders of one of {@code roles}. */
  public static Route forRoles(
      HttpMethod method, String pattern, Set<String> roles, Action action) {
    return new Route(method, pattern, false, roles, action);
  }

  public boolean isPublic() {
    return open;
  }

  List<String> segments() {
    // "/" itself (the web UI's home) has no segment, like the path "/" the router splits.
    return pattern.equals("/") ? List.of() : Arrays.asList(pattern.substring(1).split("/", -1));
  }
}
