package io.vigie.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route action answers, built off the event loop and written on it.
 *
 * @param body the bytes to send; never a stack trace
 * @param headers extra headers (Set-Cookie, Location, Content-Disposition...), in order
 */
public record ApiResponse(
    HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json; charset=utf-8";

  public ApiResponse {
    headers =
        headers == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public ApiResponse(HttpResponseStatus status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** A JSON response of {@code value} serialised by {@link ApiJson}. */
  public static ApiResponse json(HttpResponseStatus status, Object value) {
    return new ApiResponse(status, JSON, ApiJson.write(value));
  }

  public static ApiResponse ok(Object value) {
    return json(HttpResponseStatus.OK, value);
  }
}
