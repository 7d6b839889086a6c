package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Public endpoints: {@code GET /api/v1/health} (for monitoring; touches nothing) and {@code GET
 * /api/v1/openapi.yaml} (the checked-in description of this API).
 */
final class SystemRoutes {
  static final String OPENAPI_RESOURCE = "openapi.yaml";
  private final byte[] openApi;

  SystemRoutes() {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the jar");
      }
      openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Route> routes() {
    return List.of(
        Route.open(
            GET,
            ApiPaths.HEALTH,
            r -> {
              r.query().allowOnly();
              return ApiResponse.ok(Map.of("status", "ok"));
            }),
        Route.open(
            GET,
            ApiPaths.OPENAPI,
            r -> {
              r.query().allowOnly();
              return new ApiResponse(
                  HttpResponseStatus.OK, "application/yaml; charset=utf-8", openApi);
            }));
  }
}
