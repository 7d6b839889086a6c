package io.vigie.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Responses of the web UI. Every HTML page carries a strict Content-Security-Policy (no script at
 * all, styles and forms only from here, no framing), so that even an escaping mistake could not run
 * code.
 */
final class WebResponses {
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'";

  private WebResponses() {}

  static ApiResponse html(HttpResponseStatus status, String page) {
    return html(status, page, Map.of());
  }

  static ApiResponse html(HttpResponseStatus status, String page, Map<String, String> extra) {
    Map<String, String> h = pageHeaders();
    h.putAll(extra);
    return new ApiResponse(
        status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), h);
  }

  /** 303 See Other: after a POST, the browser GETs {@code location}. */
  static ApiResponse redirect(String location) {
    return redirect(location, Map.of());
  }

  static ApiResponse redirect(String location, Map<String, String> extra) {
    Map<String, String> h = pageHeaders();
    h.put("Location", location);
    h.putAll(extra);
    return new ApiResponse(
        HttpResponseStatus.SEE_OTHER, "text/plain; charset=utf-8", new byte[0], h);
  }

  /** A file to save, not to show. {@code name} is ours (ASCII, no quote). */
  static ApiResponse download(String contentType, String name, byte[] body) {
    Map<String, String> h = pageHeaders();
    h.put("Content-Disposition", "attachment; filename=\"" + name + "\"");
    return new ApiResponse(HttpResponseStatus.OK, contentType, body, h);
  }

  static ApiResponse css(byte[] body) {
    return new ApiResponse(HttpResponseStatus.OK, "text/css; charset=utf-8", body, pageHeaders());
  }

  private static Map<String, String> pageHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "same-origin");
    return h;
  }
}
