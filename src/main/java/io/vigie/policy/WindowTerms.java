package io.vigie.policy;

import java.time.Instant;
import java.util.List;

/**
 * A window as it was granted to be judged: the request, its requester, and the policy terms fixed
 * when it was requested (so that a later change of the site's approval section does not rewrite the
 * past).
 *
 * @param requester who asked
 * @param requestedAt when (the service's clock)
 * @param start the requested start (never null here)
 * @param end the requested end (exclusive)
 * @param lapseAt a window not approved before this instant lapses (start + lapse_after_minutes)
 * @param durationFromApproval whether its length counts from the approval when that comes after the
 *     start
 */
public record WindowTerms(
    String requester,
    Instant requestedAt,
    String reason,
    String ticket,
    Scope scope,
    Instant start,
    Instant end,
    List<ExpectedChange> expectedChanges,
    Instant lapseAt,
    boolean durationFromApproval) {
  public WindowTerms {
    expectedChanges = expectedChanges == null ? List.of() : List.copyOf(expectedChanges);
  }
}
