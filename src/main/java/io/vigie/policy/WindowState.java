package io.vigie.policy;

import java.util.Locale;

/**
 * A window's state at an instant.
 *
 * <pre>
 *  requested ──approved──► approved ──start──► active ──end──► expired
 *      │ │                    │                  │
 *      │ └─(start+TTL)─► lapsed                  │
 *      └──► rejected      revoked ◄──(any time)──┘
 * </pre>
 */
public enum WindowState {
  /** The instant is before the request: the window did not exist yet. */
  NOT_YET_REQUESTED,
  REQUESTED,
  /** Approved, not started yet. */
  APPROVED,
  ACTIVE,
  EXPIRED,
  REJECTED,
  REVOKED,
  LAPSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether no further step can change it (approve, reject, revoke are refused). */
  public boolean isFinal() {
    return this == EXPIRED || this == REJECTED || this == REVOKED || this == LAPSED;
  }
}
