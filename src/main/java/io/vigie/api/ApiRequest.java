package io.vigie.api;

import java.util.Locale;
import java.util.Map;

/**
 * A request as a route action sees it: copied off the Netty buffers, so it can cross to the
 * blocking executor.
 *
 * @param pathParams values of the pattern's {@code {name}} parts
 * @param principal the caller; null only on public routes
 * @param headers request headers by lower-case name (first value of each), for routes that read
 *     cookies or negotiate a language (the web UI)
 * @param source the client's address (no port), for budgets kept per source such as login
 *     throttling; null when unknown
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    QueryParams query,
    byte[] body,
    Principal principal,
    Map<String, String> headers,
    String source) {
  /** A request whose source is not known. */
  public ApiRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      QueryParams query,
      byte[] body,
      Principal principal,
      Map<String, String> headers) {
    this(method, path, pathParams, query, body, principal, headers, null);
  }

  public ApiRequest {
    pathParams = Map.copyOf(pathParams);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A request without headers, for callers that need none. */
  public ApiRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      QueryParams query,
      byte[] body,
      Principal principal) {
    this(method, path, pathParams, query, body, principal, Map.of());
  }

  /** The header's first value, or null; {@code name} in any case. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
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
