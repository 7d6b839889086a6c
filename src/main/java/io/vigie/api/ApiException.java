package io.vigie.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the API refuses, with the status and the reason sent back as {@code {"error": "...",
 * "field": "..."}}. Thrown by route actions and request parsing; it has no stack trace because it
 * is an answer, not a fault.
 */
public final class ApiException extends RuntimeException {
  private final HttpResponseStatus status;
  private final String field;

  public ApiException(HttpResponseStatus status, String error, String field) {
    super(error, null, false, false);
    this.status = status;
    this.field = field;
  }

  public static ApiException badRequest(String error, String field) {
    return new ApiException(HttpResponseStatus.BAD_REQUEST, error, field);
  }

  public HttpResponseStatus status() {
    return status;
  }

  /** The request field, query parameter or path part at fault; null when none is. */
  public String field() {
    return field;
  }
}
