package io.vigie.policy;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import java.util.List;

/**
 * What {@link Judge#judge} decided about a session.
 *
 * @param verdict {@code authorised}, a violation reason (see {@link Verdicts}), or null when no
 *     rule applies to the session (see {@link Judge})
 * @param window the window that covers the session, or whose terms it broke, or null
 * @param notices the notices to raise (before suppression); empty when authorised or not judged
 */
public record Judgement(String verdict, String window, List<Notice> notices) {
  public static final Judgement NOT_JUDGED = new Judgement(null, null, List.of());

  public Judgement {
    notices = List.copyOf(notices);
  }

  /** The session with this verdict and window set. */
  public Session applyTo(Session s) {
    return s.withVerdict(verdict, window);
  }

  public boolean isViolation() {
    return verdict != null && !Verdicts.AUTHORISED.equals(verdict);
  }
}
