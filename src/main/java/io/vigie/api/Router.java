package io.vigie.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Method + path → route. An unknown path is a 404, a known path with another method a 405; both are
 * JSON errors like every other refusal.
 *
 * <pre>{@code
 * Router r = new Router(List.of(Route.forRoles(GET, "/api/v1/windows/{id}", roles, action)));
 * Router.Match m = r.match(GET, "/api/v1/windows/w-1");   // m.params() = {id=w-1}
 * }</pre>
 */
public final class Router {
  /** A matched route with its path parameters. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes;

  public Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
    for (int i = 0; i < this.routes.size(); i++) {
      for (int j = 0; j < i; j++) {
        Route a = this.routes.get(i);
        Route b = this.routes.get(j);
        if (a.method().equals(b.method()) && a.pattern().equals(b.pattern())) {
          throw new IllegalArgumentException(
              "route " + a.method() + " " + a.pattern() + " declared twice");
        }
      }
    }
  }

  public List<Route> routes() {
    return routes;
  }

  /** The route for this request, or an {@link ApiException} (404, 405). */
  public Match match(HttpMethod method, String path) {
    String[] parts =
        path.length() > 1 && path.startsWith("/")
            ? path.substring(1).split("/", -1)
            : new String[0];
    boolean pathKnown = false;
    List<String> allowed = new ArrayList<>();
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments(), parts);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (r.method().equals(method)) {
        return new Match(r, params);
      }
      allowed.add(r.method().name());
    }
    if (pathKnown) {
      throw new ApiException(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method " + method + " not allowed here; use " + String.join(" or ", allowed),
          "method");
    }
    throw new ApiException(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path, "path");
  }

  /** True when some route for {@code path} (any method) needs no token. */
  public boolean isPublicPath(String path) {
    String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
    return routes.stream().anyMatch(r -> r.isPublic() && bind(r.segments(), parts) != null);
  }

  private static Map<String, String> bind(List<String> pattern, String[] parts) {
    if (pattern.size() != parts.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(
            p.substring(1, p.length() - 1), URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }
}
