package io.vigie.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One endpoint: method, path pattern ({@code /api/v1/windows/{id}}), the roles allowed to call it
 * (empty: public, no token needed) and the action, which runs on the blocking executor.
 */
public record Route(HttpMethod method, String pattern, Set<String> roles, Action action) {
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

  public boolean isPublic() {
    return roles.isEmpty();
  }

  List<String> segments() {
    return Arrays.asList(pattern.substring(1).split("/", -1));
  }
}
