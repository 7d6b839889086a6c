package io.vigie.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query string of a request, read strictly: a parameter the endpoint does not know, or one
 * given twice, is a 400 naming it, as is a value that does not parse.
 *
 * <pre>{@code
 * QueryParams q = request.query().allowOnly("from", "limit");
 * Instant from = q.instant("from");          // null when absent
 * int limit = q.intInRange("limit", 1, 1000, 100);
 * }</pre>
 */
public final class QueryParams {
  private final Map<String, List<String>> params;

  public QueryParams(Map<String, List<String>> params) {
    this.params = Map.copyOf(params);
  }

  /** Refuses any parameter not in {@code names}; returns this for chaining. */
  public QueryParams allowOnly(String... names) {
    Set<String> ok = Set.of(names);
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (!ok.contains(e.getKey())) {
        throw ApiException.badRequest(
            "unknown query parameter '"
                + e.getKey()
                + "'"
                + (ok.isEmpty() ? "" : "; known: " + String.join(", ", names)),
            e.getKey());
      }
      if (e.getValue().size() > 1) {
        throw ApiException.badRequest(
            "query parameter '" + e.getKey() + "' given more than once", e.getKey());
      }
    }
    return this;
  }

  /** The value, or null when absent; an empty value is refused. */
  public String string(String name) {
    List<String> v = params.get(name);
    if (v == null) {
      return null;
    }
    if (v.get(0).isEmpty()) {
      throw ApiException.badRequest("query parameter '" + name + "' is empty", name);
    }
    return v.get(0);
  }

  /** The value, or null when absent or empty (an HTML form sends its empty fields). */
  public String optional(String name) {
    List<String> v = params.get(name);
    return v == null || v.get(0).isBlank() ? null : v.get(0).trim();
  }

  /** An ISO-8601 instant such as {@code 2026-11-23T08:00:00Z}, or null when absent. */
  public Instant instant(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "'" + v + "' is not an ISO-8601 instant such as 2026-11-23T08:00:00Z", name);
    }
  }

  /** An integer in {@code min..max}, or {@code dflt} when absent. */
  public int intInRange(String name, int min, int max, int dflt) {
    String v = string(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw ApiException.badRequest("'" + v + "' is not an integer in " + min + ".." + max, name);
  }
}
