package io.vigie.api;

import java.util.Map;

/**
 * A request as a route action sees it: copied off the Netty buffers, so it can cross to the
 * blocking executor.
 *
 * @param pathParams values of the pattern's {@code {name}} parts
 * @param principal the caller; null only on public routes
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, QueryParams query,
    byte[] body, Principal principal) {
  public ApiRequest {
    pathParams = Map.copyOf(pathParams);
  }

  /** The named path parameter (always present when the route matched). */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The body as a JSON object with the given allowed fields; see {@link JsonBody}. */
  public JsonBody json(String... allowedFields) {
    return JsonBody.parse(body, allowedFields);
  }
}
