package io.vigie.api;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Records every API call as evidence of kind {@code api_action}: who, method, path, status, from
 * where. The health probe is left out: monitoring polls it and it changes nothing. Tokens,
 * headers and bodies are never recorded.
 */
final class AuditTrail implements Consumer<Exchange> {
  static final String KIND = "api_action";
  private final EvidenceSink sink;
  private final Clock clock;

  AuditTrail(EvidenceSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public void accept(Exchange e) {
    if (e.path().equals(ApiPaths.HEALTH)) {
      return;
    }
    Instant now = clock.instant();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("principal", e.principal() == null ? "anonymous" : e.principal());
    f.put("method", e.method());
    f.put("path", e.path());
    if (e.query() != null) {
      f.put("query", e.query());
    }
    f.put("status", e.status());
    f.put("remote", e.remote());
    sink.append(new EvidenceRecord(KIND, now.getEpochSecond() * 1_000_000_000L + now.getNano(),
        e.principal(), f));
  }
}
