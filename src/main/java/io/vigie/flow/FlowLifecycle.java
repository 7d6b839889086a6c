package io.vigie.flow;

import io.vigie.config.SiteConfig.FlowConfig;

/**
 * When flows end: an idle list per timeout class (open TCP, closed TCP lingering, everything else)
 * ordered by last packet, and an age list ordered by first packet for the active timeout. Expiry
 * and eviction only ever look at list heads; the lists are intrusive, so nothing is allocated.
 *
 * <pre>{@code
 * lifecycle.beginExpiry(now);
 * for (Flow f; (f = lifecycle.nextExpired()) != null; ) {
 *   table.end(f, lifecycle.expiredReason());    // which calls lifecycle.ended(f)
 * }
 * }</pre>
 */
final class FlowLifecycle {
  /** How long a closed TCP flow lingers so its last ACKs do not start a new flow. */
  static final long CLOSED_LINGER_NANOS = 2_000_000_000L;

  private final long activeNanos;
  private final FlowList tcpOpen;
  private final FlowList tcpClosed;
  private final FlowList other;
  private Flow ageHead;
  private Flow ageTail;
  // The expiry pass under way: lists are drained in a fixed order, as a flow ends.
  private long expiryNanos;
  private int phase;
  private String reason;

  FlowLifecycle(FlowConfig config) {
    this.activeNanos = config.activeSeconds() * 1_000_000_000L;
    this.tcpOpen = new FlowList(config.tcpIdleSeconds() * 1_000_000_000L, "idle");
    this.tcpClosed = new FlowList(CLOSED_LINGER_NANOS, null);
    this.other = new FlowList(config.udpIdleSeconds() * 1_000_000_000L, "idle");
  }

  /** A new flow: youngest on the age list, last on its idle list. */
  void started(Flow f) {
    if (ageTail == null) {
      ageHead = f;
    } else {
      ageTail.ageNext = f;
      f.agePrev = ageTail;
    }
    ageTail = f;
    (f.isTcp() ? tcpOpen : other).addLast(f);
  }

  /** A packet of the flow was seen: it is now the most recently active of its list. */
  void touched(Flow f) {
    if (f.idleList != null) {
      f.idleList.moveToTail(f);
    }
  }

  /** A TCP flow's flags changed: once both sides closed (or one reset) it only lingers. */
  void tcpStateChanged(Flow f) {
    if (f.idleList == tcpOpen && f.closed()) {
      tcpOpen.remove(f);
      tcpClosed.addLast(f);
    }
  }

  /** Unlinks an ending flow from every list. */
  void ended(Flow f) {
    if (f.idleList != null) {
      f.idleList.remove(f);
    }
    if (f.agePrev == null) {
      ageHead = f.ageNext;
    } else {
      f.agePrev.ageNext = f.ageNext;
    }
    if (f.ageNext == null) {
      ageTail = f.agePrev;
    } else {
      f.ageNext.agePrev = f.agePrev;
    }
    f.agePrev = null;
    f.ageNext = null;
  }

  /**
   * Starts an expiry pass at packet time {@code t}; {@link #nextExpired} then names each flow to
   * end.
   */
  void beginExpiry(long t) {
    expiryNanos = t;
    phase = 0;
  }

  /**
   * The next flow of the pass that timed out, or null when none is left: idle open TCP first, then
   * lingering closed TCP, then the rest, then flows past the active timeout. The caller ends it (so
   * {@link #ended} unlinks it) before asking again.
   */
  Flow nextExpired() {
    long t = expiryNanos;
    while (phase < 3) {
      FlowList list = phase == 0 ? tcpOpen : phase == 1 ? tcpClosed : other;
      Flow f = list.head;
      if (f != null && t - f.lastNanos >= list.timeoutNanos) {
        reason = list.endReason != null ? list.endReason : (f.rst ? "rst" : "fin");
        return f;
      }
      phase++;
    }
    if (ageHead != null && t - ageHead.firstNanos >= activeNanos) {
      reason = "active";
      return ageHead;
    }
    return null;
  }

  /** Why the flow {@link #nextExpired} named ends: idle, fin, rst or active. */
  String expiredReason() {
    return reason;
  }

  /** The flow idle the longest across the idle lists (to make room at the flow limit), or null. */
  Flow leastRecentlyActive() {
    // At the limit this runs for every new flow: compare the three heads, allocate nothing.
    return older(older(tcpClosed.head, other.head), tcpOpen.head);
  }

  /** The flow that started first, or null when there is none (flush ends them in this order). */
  Flow oldest() {
    return ageHead;
  }

  private static Flow older(Flow a, Flow b) {
    if (a == null) {
      return b;
    }
    return b == null || a.lastNanos <= b.lastNanos ? a : b;
  }
}
