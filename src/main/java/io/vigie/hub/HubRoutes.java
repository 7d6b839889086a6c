package io.vigie.hub;

import static io.netty.handler.codec.http.HttpMethod.GET;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiException;
import io.vigie.api.ApiPaths;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.api.QueryParams;
import io.vigie.api.Route;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The city-wide API, every site's records from the hub's store, each filterable by {@code site},
 * newest first, {@code limit} 1..1000 (default 100): the same budget as a sensor's own API.
 *
 * <pre>
 * GET /api/v1/sites                                   each site: counts, last seen, last checkpoint
 * GET /api/v1/notices?site=nice-est&amp;type=vendor_access_outside_window&amp;limit=50
 * GET /api/v1/sessions?site=...    GET /api/v1/cameras?site=...&amp;camera=...
 * GET /api/v1/checkpoints?site=...
 * </pre>
 *
 * <p>Records are as the sensors published them ({@code replay --json} plus {@code site}), with
 * {@code hub_received}, when the hub stored it.
 */
final class HubRoutes {
  static final String SITES = ApiPaths.BASE + "/sites";
  static final String CAMERAS = ApiPaths.BASE + "/cameras";
  static final String CHECKPOINTS = ApiPaths.BASE + "/checkpoints";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Logger LOG = Logger.getLogger("io.vigie.hub");

  private final HubStore store;

  HubRoutes(HubStore store) {
    this.store = store;
  }

  List<Route> routes(Set<String> readers) {
    return List.of(
        Route.forRoles(GET, SITES, readers, this::sites),
        Route.forRoles(GET, ApiPaths.NOTICES, readers, this::notices),
        Route.forRoles(GET, ApiPaths.SESSIONS, readers, this::sessions),
        Route.forRoles(GET, CAMERAS, readers, this::cameras),
        Route.forRoles(GET, CHECKPOINTS, readers, this::checkpoints));
  }

  private ApiResponse sites(ApiRequest r) {
    QueryParams q = r.query().allowOnly("limit");
    int limit = q.intInRange("limit", 1, MAX_LIMIT, MAX_LIMIT);
    return ApiResponse.ok(Map.of("sites", query(() -> store.sites(limit))));
  }

  private ApiResponse notices(ApiRequest r) {
    QueryParams q = r.query().allowOnly("site", "type", "limit");
    String site = q.string("site");
    String type = q.string("type");
    int limit = limit(q);
    return ApiResponse.ok(Map.of("notices", query(() -> store.notices(site, type, limit))));
  }

  private ApiResponse sessions(ApiRequest r) {
    QueryParams q = r.query().allowOnly("site", "limit");
    String site = q.string("site");
    int limit = limit(q);
    return ApiResponse.ok(Map.of("sessions", query(() -> store.sessions(site, limit))));
  }

  private ApiResponse cameras(ApiRequest r) {
    QueryParams q = r.query().allowOnly("site", "camera", "limit");
    String site = q.string("site");
    String camera = q.string("camera");
    int limit = limit(q);
    return ApiResponse.ok(Map.of("cameras", query(() -> store.cameras(site, camera, limit))));
  }

  private ApiResponse checkpoints(ApiRequest r) {
    QueryParams q = r.query().allowOnly("site", "limit");
    String site = q.string("site");
    int limit = limit(q);
    return ApiResponse.ok(Map.of("checkpoints", query(() -> store.checkpoints(site, limit))));
  }

  private static int limit(QueryParams q) {
    return q.intInRange("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
  }

  @FunctionalInterface
  private interface Query<T> {
    T run() throws SQLException;
  }

  private static <T> T query(Query<T> q) {
    try {
      return q.run();
    } catch (SQLException e) {
      LOG.warning("event=hub_query_failed error=\"" + e.getMessage() + "\"");
      throw new ApiException(
          HttpResponseStatus.SERVICE_UNAVAILABLE, "the hub's store cannot answer now", null);
    }
  }
}
