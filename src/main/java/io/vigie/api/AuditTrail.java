package io.vigie.api;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Records every authenticated API call as evidence of kind {@code api_action}: who, method, path,
 * status, from where. The health probe is left out: monitoring polls it and it changes nothing.
 * Tokens, headers and bodies are never recorded.
 *
 * <p>Anonymous requests (no bearer token: refused ones, the web UI's own) and refused ones (401,
 * 403, 429) get no record each: anyone could flood the store with them. They are counted per source
 * and minute by the {@link RefusalLedger}, which keeps neither path nor query.
 *
 * <p>Nor is the query string of an authentication endpoint kept ({@code query_withheld: true} says
 * one was there).
 */
final class AuditTrail implements Consumer<Exchange> {
  static final String KIND = "api_action";
  private final EvidenceSink sink;
  private final RefusalLedger ledger;
  private final Clock clock;

  AuditTrail(EvidenceSink sink, RefusalLedger ledger, Clock clock) {
    this.sink = sink;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * A query string is kept only for a call that authenticated and was not refused, and never for an
   * authentication endpoint: a refused call's query may be a token pasted in the URL ({@code
   * ?access_token=...}), a login's its password. Bodies are never recorded at all.
   */
  static boolean keepsQuery(Exchange e) {
    return e.principal() != null
        && e.status() != 401
        && e.status() != 403
        && !isAuthEndpoint(e.path());
  }

  static boolean isAuthEndpoint(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    return p.contains("login")
        || p.contains("logout")
        || p.contains("/auth")
        || p.contains("token");
  }

  @Override
  public void accept(Exchange e) {
    if (e.path().equals(ApiPaths.HEALTH)) {
      return;
    }
    int status = e.status();
    if (e.principal() == null || status == 401 || status == 403 || status == 429) {
      ledger.refused(AbuseGuard.sourceOf(e.remote()), status, routeKind(e.path()));
      return;
    }
    Instant now = clock.instant();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("principal", e.principal() == null ? "anonymous" : e.principal());
    f.put("method", e.method());
    f.put("path", e.path());
    if (e.query() != null) {
      if (keepsQuery(e)) {
        f.put("query", e.query());
      } else {
        f.put("query_withheld", true);
      }
    }
    f.put("status", e.status());
    f.put("remote", e.remote());
    sink.append(
        new EvidenceRecord(
            KIND, now.getEpochSecond() * 1_000_000_000L + now.getNano(), e.principal(), f));
  }

  private static String routeKind(String path) {
    if (path.startsWith("/api/")) {
      return "api";
    }
    return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/") ? "ui" : "other";
  }
}
