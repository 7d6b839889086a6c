package io.vigie.web;

import io.vigie.api.ApiResponse;

/**
 * A page or action the web UI will not serve, with the answer to give instead (a redirect to the
 * login page, a 403 page). An answer, not a fault: no stack trace.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiResponse response;

  Refusal(ApiResponse response) {
    super(null, null, false, false);
    this.response = response;
  }

  ApiResponse response() {
    return response;
  }
}
