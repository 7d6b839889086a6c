package io.vigie.config;

/**
 * Budgets of the API and web UI against a caller that holds a token (the vendor) or none: web
 * sessions, login attempts, page sizes, and how much evidence refused requests may cost. The {@code
 * app_limits} block of the {@code api} section; every key is optional.
 *
 * <pre>
 * api:
 *   app_limits:
 *     sessions_per_person: 5          # a person's 6th login ends their own oldest session
 *     max_sessions: 1000              # all people together; beyond it new logins are refused (503)
 *     login_free_failures: 5          # failed logins per source, or per person, before backoff
 *     login_backoff_max_seconds: 900  # backoff doubles from 1 s up to this; answered 429 + Retry-After
 *     page_size: 50                   # rows per page in the web views and API lists (and the most a client may ask)
 *     history_rows: 10                # past windows of a requester shown on the approver page
 *     refused_flood_per_minute: 300   # refused requests from one source in a minute → request_flood notice
 *     brute_force_per_minute: 20      # failed logins from one source in a minute → brute_force notice
 *     abuse_sources_per_minute: 1000  # sources counted one by one in a minute; the rest are counted together
 * </pre>
 *
 * <p>Numbers are refused, never clamped, when they are not positive.
 */
public record AppLimits(
    Integer sessionsPerPerson,
    Integer maxSessions,
    Integer loginFreeFailures,
    Integer loginBackoffMaxSeconds,
    Integer pageSize,
    Integer historyRows,
    Integer refusedFloodPerMinute,
    Integer bruteForcePerMinute,
    Integer abuseSourcesPerMinute) {

  public static final AppLimits DEFAULTS =
      new AppLimits(null, null, null, null, null, null, null, null, null);

  public AppLimits {
    sessionsPerPerson = positive("sessions_per_person", sessionsPerPerson, 5);
    maxSessions = positive("max_sessions", maxSessions, 1000);
    if (sessionsPerPerson > maxSessions) {
      throw new IllegalArgumentException(
          "sessions_per_person ("
              + sessionsPerPerson
              + ") is more than max_sessions ("
              + maxSessions
              + ")");
    }
    loginFreeFailures = positive("login_free_failures", loginFreeFailures, 5);
    loginBackoffMaxSeconds = positive("login_backoff_max_seconds", loginBackoffMaxSeconds, 900);
    pageSize = positive("page_size", pageSize, 50);
    if (pageSize > 1000) {
      throw new IllegalArgumentException("page_size must be at most 1000, was " + pageSize);
    }
    historyRows = positive("history_rows", historyRows, 10);
    refusedFloodPerMinute = positive("refused_flood_per_minute", refusedFloodPerMinute, 300);
    bruteForcePerMinute = positive("brute_force_per_minute", bruteForcePerMinute, 20);
    abuseSourcesPerMinute = positive("abuse_sources_per_minute", abuseSourcesPerMinute, 1000);
  }

  private static Integer positive(String key, Integer v, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
