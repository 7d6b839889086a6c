package io.vigie.policy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One step in a window's life, written to the evidence store and the journal. A window's state at
 * any instant follows from its events alone (see {@link Window#stateAt}).
 *
 * @param window the window's id
 * @param type what happened
 * @param at when (service clock, never before the previous event of the service)
 * @param who the actor
 * @param roles the actor's roles at that moment
 * @param reason why, in the actor's words (may be empty for an approval)
 */
public record WindowEvent(
    String window, Type type, Instant at, String who, List<String> roles, String reason) {
  /** Kinds of steps; wire names are snake_case. */
  public enum Type {
    /** The vendor asked. */
    REQUESTED,
    /** One approver agreed; the quorum may still need others. */
    APPROVAL,
    /** The quorum is complete (recorded with the approval that completed it). */
    APPROVED,
    /** An approver refused; final. */
    REJECTED,
    /** Withdrawn, effective at once, in any state; final. */
    REVOKED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Type fromWireName(String s) {
      for (Type t : values()) {
        if (t.wireName().equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown window event '" + s + "'");
    }
  }

  public WindowEvent {
    roles = roles == null ? List.of() : List.copyOf(roles);
    reason = reason == null ? "" : reason;
  }
}
