package io.vigie.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.config.ApiConfig;
import io.vigie.firmware.BaselineRefused;
import io.vigie.firmware.journal.BaselineApprovals;
import io.vigie.firmware.journal.BaselineFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The camera baseline review endpoints, over {@link BaselineApprovals}:
 *
 * <pre>
 * POST /api/v1/baselines                 approver roles, admin   body = the file of `vigie cameras certify`
 * GET  /api/v1/baselines                 approver roles, reviewer, admin   newest first
 * GET  /api/v1/baselines/{id}            approver roles, reviewer, admin   with the baseline itself
 * POST /api/v1/baselines/{id}/approve    approver roles          {"digest": "sha256:...", "reason": "..."}
 * </pre>
 *
 * <p>Given to {@link ApiServer} as extra routes by the daemon: {@code new ApiServer(config,
 * windows, queries, evidence, clock, new BaselineRoutes(approvals).routes(config))}. The proposer
 * is the token's name. The second distinct approval (never the proposer's) puts the baseline in
 * effect for the camera watch.
 */
public final class BaselineRoutes {
  private static final String ID = "id";

  private final BaselineApprovals approvals;

  public BaselineRoutes(BaselineApprovals approvals) {
    this.approvals = approvals;
  }

  /** The routes, with roles from the API config's tokens. */
  public List<Route> routes(ApiConfig config) {
    Set<String> approvers = config.approverRoles();
    Set<String> proposers = new HashSet<>(approvers);
    proposers.add("admin");
    Set<String> readers = new HashSet<>(proposers);
    readers.add("reviewer");
    String one = ApiPaths.BASELINES + "/{" + ID + "}";
    return List.of(
        Route.forRoles(POST, ApiPaths.BASELINES, proposers, this::propose),
        Route.forRoles(GET, ApiPaths.BASELINES, readers, this::list),
        Route.forRoles(GET, one, readers, this::show),
        Route.forRoles(POST, one + "/approve", approvers, this::approve));
  }

  private ApiResponse propose(ApiRequest r) {
    r.query().allowOnly();
    if (r.body().length == 0) {
      throw ApiException.badRequest(
          "request body must be a baseline file (vigie cameras certify --out)", "body");
    }
    try {
      BaselineApprovals.Entry e =
          approvals.propose(BaselineFile.parse("body", r.body()), r.principal().name());
      return ApiResponse.json(HttpResponseStatus.CREATED, view(e, false, inEffect()));
    } catch (BaselineFile.BadBaseline e) {
      throw ApiException.badRequest(e.getMessage(), e.field() == null ? "body" : e.field());
    } catch (BaselineRefused e) {
      throw refused(e);
    }
  }

  private ApiResponse list(ApiRequest r) {
    r.query().allowOnly();
    List<Map<String, Object>> out = new ArrayList<>();
    for (BaselineApprovals.Entry e : approvals.list()) {
      out.add(view(e, false, inEffect()));
    }
    return ApiResponse.ok(Map.of("baselines", out));
  }

  private ApiResponse show(ApiRequest r) {
    r.query().allowOnly();
    String id = r.pathParam(ID);
    return approvals
        .get(id)
        .map(e -> ApiResponse.ok(view(e, true, inEffect())))
        .orElseThrow(
            () ->
                new ApiException(
                    HttpResponseStatus.NOT_FOUND, "no baseline proposal '" + id + "'", ID));
  }

  private ApiResponse approve(ApiRequest r) {
    r.query().allowOnly();
    JsonBody b = r.json("digest", "reason");
    String digest = b.requiredText("digest");
    String reason = b.optionalText("reason");
    try {
      return ApiResponse.ok(
          view(
              approvals.approve(r.pathParam(ID), r.principal().name(), digest, reason),
              false,
              inEffect()));
    } catch (BaselineRefused e) {
      throw refused(e);
    }
  }

  private String inEffect() {
    return approvals.digestInEffect().orElse(null);
  }

  private static Map<String, Object> view(
      BaselineApprovals.Entry e, boolean withBaseline, String digestInEffect) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("digest", e.proposal().digest());
    m.put("proposer", e.proposal().proposer());
    m.put("proposed_at", e.proposedAt());
    m.put("cameras", List.copyOf(e.proposal().baseline().cameras().keySet()));
    List<Map<String, Object>> as = new ArrayList<>();
    for (BaselineApprovals.Approval a : e.approvals()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("approver", a.approver());
      am.put("at", a.at());
      am.put("reason", a.reason());
      as.add(am);
    }
    m.put("approvals", as);
    m.put("effective", e.proposal().effective());
    m.put("accepted_at", e.acceptedAt());
    // Whether the camera watch compares against this content now (a later acceptance, or a newer
    // configured file at start, replaces it).
    m.put("in_effect", e.proposal().digest().equals(digestInEffect));
    if (withBaseline) {
      try {
        m.put("baseline", ApiJson.MAPPER.readTree(BaselineFile.toJson(e.proposal().baseline())));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException("a baseline always reads back", ex);
      }
    }
    return m;
  }

  private static ApiException refused(BaselineRefused e) {
    HttpResponseStatus status =
        switch (e.kind()) {
          case INVALID -> HttpResponseStatus.BAD_REQUEST;
          case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
          case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
          case CONFLICT -> HttpResponseStatus.CONFLICT;
        };
    return new ApiException(status, e.getMessage(), e.field());
  }
}
