package io.vigie.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What a route action answers, built off the event loop and written on it.
 *
 * @param body the bytes to send; never a stack trace
 */
public record ApiResponse(HttpResponseStatus status, String contentType, byte[] body) {
  static final String JSON = "application/json; charset=utf-8";

  /** A JSON response of {@code value} serialised by {@link ApiJson}. */
  public static ApiResponse json(HttpResponseStatus status, Object value) {
    return new ApiResponse(status, JSON, ApiJson.write(value));
  }

  public static ApiResponse ok(Object value) {
    return json(HttpResponseStatus.OK, value);
  }
}
