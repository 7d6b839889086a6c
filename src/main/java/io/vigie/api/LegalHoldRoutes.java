package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.evidence.LegalHoldBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Legal holds, over {@link LegalHoldBook}: what retention must keep for a judicial procedure.
 *
 * <pre>
 * POST /api/v1/legal-holds                  reviewer, admin   {"case": "PV-2026-0412", "window": "W-...",
 *                                                              "device": "cam-001", "from": ISO, "to": ISO,
 *                                                              "reason": "..."}   (at least one criterion)
 * GET  /api/v1/legal-holds                  reviewer, admin   the holds in force
 * POST /api/v1/legal-holds/{id}/release     reviewer, admin   {"reason": "..."}
 * </pre>
 *
 * <p>Each step is a chained record ({@code legal_hold}, {@code legal_hold_released}) whose {@code
 * by} is the token's name, committed before the answer.
 */
public final class LegalHoldRoutes {
  private static final String CASE = "id";
  private static final Set<String> ROLES = Set.of("reviewer", "admin");

  private final LegalHoldBook book;

  public LegalHoldRoutes(LegalHoldBook book) {
    this.book = book;
  }

  public List<Route> routes() {
    return List.of(
        Route.forRoles(POST, ApiPaths.LEGAL_HOLDS, ROLES, this::place),
        Route.forRoles(GET, ApiPaths.LEGAL_HOLDS, ROLES, this::list),
        Route.forRoles(
            POST, ApiPaths.LEGAL_HOLDS + "/{" + CASE + "}/release", ROLES, this::release));
  }

  private ApiResponse place(ApiRequest r) {
    r.query().allowOnly();
    JsonBody b = r.json("case", "window", "device", "from", "to", "reason");
    try {
      LegalHoldBook.Hold h =
          book.place(
              b.requiredText("case"),
              b.optionalText("window"),
              b.optionalText("device"),
              b.optionalInstant("from"),
              b.optionalInstant("to"),
              r.principal().name(),
              b.requiredText("reason"));
      return ApiResponse.json(HttpResponseStatus.CREATED, view(h));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage(), null);
    } catch (IllegalStateException e) {
      throw new ApiException(HttpResponseStatus.CONFLICT, e.getMessage(), "case");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ApiResponse list(ApiRequest r) {
    r.query().allowOnly();
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      book.active().forEach(h -> out.add(view(h)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ApiResponse.ok(Map.of("legal_holds", out));
  }

  private ApiResponse release(ApiRequest r) {
    r.query().allowOnly();
    JsonBody b = r.json("reason");
    try {
      book.release(r.pathParam(CASE), r.principal().name(), b.requiredText("reason"));
      return ApiResponse.ok(Map.of("case", r.pathParam(CASE), "released", true));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage(), "reason");
    } catch (NoSuchElementException e) {
      throw new ApiException(HttpResponseStatus.NOT_FOUND, e.getMessage(), CASE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> view(LegalHoldBook.Hold h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", h.caseId());
    m.put("window", h.window());
    m.put("device", h.device());
    m.put("from", h.from());
    m.put("to", h.to());
    m.put("by", h.by());
    m.put("reason", h.reason());
    m.put("at", h.at());
    return m;
  }
}
