package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;

import io.vigie.net.App;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/notices} and {@code GET /api/v1/sessions}: the evidence store's notices and
 * sessions, filtered by {@code from}, {@code to}, {@code type} (notices) or {@code app} (sessions),
 * {@code device}, {@code window} and {@code limit} (1..1000, default 100).
 */
final class EventRoutes {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final EventQueries queries;

  EventRoutes(EventQueries queries) {
    this.queries = queries;
  }

  List<Route> routes(Set<String> readers) {
    return List.of(
        Route.forRoles(GET, ApiPaths.NOTICES, readers, this::notices),
        Route.forRoles(GET, ApiPaths.SESSIONS, readers, this::sessions));
  }

  private ApiResponse notices(ApiRequest r) {
    QueryParams q = r.query().allowOnly("from", "to", "type", "device", "window", "limit");
    Instant from = q.instant("from");
    Instant to = checkedTo(from, q.instant("to"));
    var query =
        new EventQueries.NoticeQuery(
            from,
            to,
            q.string("type"),
            q.string("device"),
            q.string("window"),
            q.intInRange("limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    return ApiResponse.ok(Map.of("notices", queries.notices(query)));
  }

  private ApiResponse sessions(ApiRequest r) {
    QueryParams q = r.query().allowOnly("from", "to", "app", "device", "window", "limit");
    Instant from = q.instant("from");
    Instant to = checkedTo(from, q.instant("to"));
    App app = null;
    String appName = q.string("app");
    if (appName != null) {
      try {
        app = App.fromWireName(appName);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage(), "app");
      }
    }
    var query =
        new EventQueries.SessionQuery(
            from,
            to,
            app,
            q.string("device"),
            q.string("window"),
            q.intInRange("limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    return ApiResponse.ok(Map.of("sessions", queries.sessions(query)));
  }

  private static Instant checkedTo(Instant from, Instant to) {
    if (from != null && to != null && !to.isAfter(from)) {
      throw ApiException.badRequest("'to' must be after 'from'", "to");
    }
    return to;
  }
}
