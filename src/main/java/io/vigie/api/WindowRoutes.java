package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.net.Cidr;
import io.vigie.policy.Actor;
import io.vigie.policy.ExpectedChange;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The maintenance window endpoints, over {@link WindowService}:
 *
 * <pre>
 * POST /api/v1/windows                  vendor          request (requester = the token's name)
 * GET  /api/v1/windows[?state=active][&limit=50][&offset=0]   any role   list, one page
 * GET  /api/v1/windows/{id}             any role        show
 * POST /api/v1/windows/{id}/approve     approver roles  {"reason": "..."} optional
 * POST /api/v1/windows/{id}/reject      approver roles  {"reason": "..."} required
 * POST /api/v1/windows/{id}/revoke      approver roles, vendor (own window)  {"reason": "..."}
 * </pre>
 *
 * <p>The service has the last word on who may do what (quorum roles, self-approval, the vendor
 * withdrawing only its own window); its refusals map to 400, 403, 404 and 409.
 */
final class WindowRoutes {
  private static final String ID = "id";

  private final WindowService windows;
  private final Clock clock;
  private final int pageSize;

  WindowRoutes(WindowService windows, Clock clock, int pageSize) {
    this.windows = windows;
    this.clock = clock;
    this.pageSize = pageSize;
  }

  List<Route> routes(Set<String> approverRoles, Set<String> everyone) {
    Set<String> revokers = new HashSet<>(approverRoles);
    revokers.add("vendor");
    String one = ApiPaths.WINDOWS + "/{" + ID + "}";
    return List.of(
        Route.forRoles(POST, ApiPaths.WINDOWS, Set.of("vendor"), this::request),
        Route.forRoles(GET, ApiPaths.WINDOWS, everyone, this::list),
        Route.forRoles(GET, one, everyone, this::show),
        Route.forRoles(POST, one + "/approve", approverRoles, this::approve),
        Route.forRoles(POST, one + "/reject", approverRoles, this::reject),
        Route.forRoles(POST, one + "/revoke", revokers, this::revoke));
  }

  private ApiResponse request(ApiRequest r) {
    r.query().allowOnly();
    JsonBody b = r.json("reason", "ticket", "scope", "start", "end", "expected_changes");
    JsonBody s = b.object("scope", "devices", "subnets", "endpoints", "apps");
    List<Cidr> subnets = new ArrayList<>();
    List<String> subnetTexts = s.textList("subnets");
    for (int i = 0; i < subnetTexts.size(); i++) {
      try {
        subnets.add(Cidr.parse(subnetTexts.get(i)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage(), "scope.subnets[" + i + "]");
      }
    }
    List<ExpectedChange> changes = new ArrayList<>();
    for (JsonBody c :
        b.objectList("expected_changes", "camera", "firmware_version", "image_sha256", "modules")) {
      changes.add(
          new ExpectedChange(
              c.optionalText("camera"),
              c.optionalText("firmware_version"),
              c.optionalText("image_sha256"),
              c.textList("modules")));
    }
    WindowRequest req;
    try {
      Scope scope =
          new Scope(
              s.textList("devices"),
              subnets,
              s.textList("endpoints"),
              Scope.parseApps(s.textList("apps")));
      req =
          new WindowRequest(
              b.requiredText("reason"),
              b.requiredText("ticket"),
              scope,
              b.optionalInstant("start"),
              b.requiredInstant("end"),
              changes);
      return ApiResponse.json(HttpResponseStatus.CREATED, view(windows.request(req, actor(r))));
    } catch (PolicyException e) {
      throw refused(e);
    }
  }

  /**
   * One page of windows, in id order: {@code limit} (1..page_size, default page_size) from {@code
   * offset} (default 0); {@code total} says how many match.
   */
  private ApiResponse list(ApiRequest r) {
    QueryParams q = r.query().allowOnly("state", "limit", "offset");
    String stateName = q.string("state");
    WindowState state = stateName == null ? null : parseState(stateName);
    int limit = q.intInRange("limit", 1, pageSize, pageSize);
    int offset = q.intInRange("offset", 0, Integer.MAX_VALUE, 0);
    Instant now = clock.instant();
    List<Map<String, Object>> out = new ArrayList<>();
    int total = 0;
    for (Window w : windows.list()) {
      if (state == null || w.stateAt(now) == state) {
        if (total >= offset && out.size() < limit) {
          out.add(WindowView.of(w, now));
        }
        total++;
      }
    }
    return ApiResponse.ok(Map.of("windows", out, "total", total, "offset", offset, "limit", limit));
  }

  private ApiResponse show(ApiRequest r) {
    r.query().allowOnly();
    String id = r.pathParam(ID);
    return windows.get(id).map(w -> ApiResponse.ok(view(w))).orElseThrow(() -> notFound(id));
  }

  private ApiResponse approve(ApiRequest r) {
    r.query().allowOnly();
    String reason = r.body().length == 0 ? null : r.json("reason").optionalText("reason");
    try {
      return ApiResponse.ok(view(windows.approve(r.pathParam(ID), actor(r), reason)));
    } catch (PolicyException e) {
      throw refused(e);
    }
  }

  private ApiResponse reject(ApiRequest r) {
    r.query().allowOnly();
    String reason = r.json("reason").requiredText("reason");
    try {
      return ApiResponse.ok(view(windows.reject(r.pathParam(ID), actor(r), reason)));
    } catch (PolicyException e) {
      throw refused(e);
    }
  }

  private ApiResponse revoke(ApiRequest r) {
    r.query().allowOnly();
    String reason = r.json("reason").requiredText("reason");
    try {
      return ApiResponse.ok(view(windows.revoke(r.pathParam(ID), actor(r), reason)));
    } catch (PolicyException e) {
      throw refused(e);
    }
  }

  private Map<String, Object> view(Window w) {
    return WindowView.of(w, clock.instant());
  }

  private static Actor actor(ApiRequest r) {
    return new Actor(r.principal().name(), r.principal().roles());
  }

  private static WindowState parseState(String name) {
    for (WindowState s : WindowState.values()) {
      if (s != WindowState.NOT_YET_REQUESTED && s.wireName().equals(name)) {
        return s;
      }
    }
    throw ApiException.badRequest(
        "unknown state '"
            + name
            + "'; known: requested, approved, active, expired, rejected, revoked, lapsed",
        "state");
  }

  private static ApiException notFound(String id) {
    return new ApiException(HttpResponseStatus.NOT_FOUND, "no window '" + id + "'", ID);
  }

  private static ApiException refused(PolicyException e) {
    return switch (e.kind()) {
      case INVALID -> ApiException.badRequest(e.getMessage(), e.field());
      case NOT_FOUND -> new ApiException(HttpResponseStatus.NOT_FOUND, e.getMessage(), ID);
      case FORBIDDEN -> new ApiException(HttpResponseStatus.FORBIDDEN, e.getMessage(), e.field());
      case CONFLICT -> new ApiException(HttpResponseStatus.CONFLICT, e.getMessage(), e.field());
      case TOO_MANY ->
          new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage(), e.field());
    };
  }
}
