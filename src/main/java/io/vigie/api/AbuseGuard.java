package io.vigie.api;

import io.vigie.config.AppLimits;
import io.vigie.evidence.Notices;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.NoticeSink;
import java.time.Clock;
import java.time.Duration;

/**
 * The ledger of refused requests and the login throttle, shared by the API server and the web UI so
 * that a source's API refusals and failed logins land in the same per-minute record.
 *
 * <pre>{@code
 * AbuseGuard guard = AbuseGuard.of(api.appLimits(), store, noticeFanout, clock);
 * WebUi ui = new WebUi(api, windows, db, null, capture, store, clock, guard);
 * ApiServer server = new ApiServer(api, windows, queries, store, clock, ui.routes(), guard);
 * }</pre>
 */
public record AbuseGuard(RefusalLedger ledger, LoginThrottle throttle) {

  public static AbuseGuard of(
      AppLimits limits, EvidenceSink evidence, NoticeSink notices, Clock clock) {
    return new AbuseGuard(
        new RefusalLedger(
            evidence,
            notices,
            clock,
            limits.refusedFloodPerMinute(),
            limits.bruteForcePerMinute(),
            limits.abuseSourcesPerMinute()),
        new LoginThrottle(
            clock,
            limits.loginFreeFailures(),
            Duration.ofSeconds(limits.loginBackoffMaxSeconds())));
  }

  /** For callers without a notice pipeline: the notices are written to the evidence only. */
  public static AbuseGuard of(AppLimits limits, EvidenceSink evidence, Clock clock) {
    return of(limits, evidence, n -> evidence.append(Notices.of(n)), clock);
  }

  /** The address part of a remote socket address as Netty prints it ({@code /127.0.0.1:4242}). */
  public static String sourceOf(String remote) {
    if (remote == null) {
      return "unknown";
    }
    String s = remote.startsWith("/") ? remote.substring(1) : remote;
    int colon = s.lastIndexOf(':');
    return colon > 0 ? s.substring(0, colon) : s;
  }
}
