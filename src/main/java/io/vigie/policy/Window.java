package io.vigie.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window: its id, its terms and the events of its life so far. Immutable; a step
 * makes a new {@code Window} with one more event. The state is not stored but computed for any
 * instant from the events that had happened by then, so that replay judges the past as it was.
 *
 * <pre>{@code
 * WindowState s = window.stateAt(Instant.parse("2026-11-23T09:30:00Z"));
 * if (s == WindowState.ACTIVE) { ... window.activeEnd() ... }
 * }</pre>
 *
 * <p>Time intervals are half-open: a window is active on {@code [activeStart, activeEnd)}, and a
 * revocation at instant r makes it revoked at r itself.
 */
public record Window(String id, WindowTerms terms, List<WindowEvent> events) {
  public Window {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("window without an id");
    }
    events = List.copyOf(events);
  }

  /** This window with one more event. */
  public Window with(WindowEvent e) {
    List<WindowEvent> more = new ArrayList<>(events);
    more.add(e);
    return new Window(id, terms, more);
  }

  /** When the quorum was complete, if it was. */
  public Optional<Instant> approvedAt() {
    return first(WindowEvent.Type.APPROVED);
  }

  public Optional<Instant> rejectedAt() {
    return first(WindowEvent.Type.REJECTED);
  }

  public Optional<Instant> revokedAt() {
    return first(WindowEvent.Type.REVOKED);
  }

  /** The individual approvals so far, in order. */
  public List<WindowEvent> approvals() {
    List<WindowEvent> out = new ArrayList<>();
    for (WindowEvent e : events) {
      if (e.type() == WindowEvent.Type.APPROVAL) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * When the window opens once approved: the requested start, or with {@code
   * duration_from_approval} the approval if it came later. Equals the requested start while not
   * approved.
   */
  public Instant activeStart() {
    Instant start = terms.start();
    Optional<Instant> approved = approvedAt();
    if (terms.durationFromApproval() && approved.isPresent() && approved.get().isAfter(start)) {
      return approved.get();
    }
    return start;
  }

  /** When the window closes (exclusive), ignoring revocation. */
  public Instant activeEnd() {
    return activeStart().plus(Duration.between(terms.start(), terms.end()));
  }

  /**
   * The instant from which the window no longer covers anything: its end, or its revocation if that
   * came first.
   */
  public Instant cutoff() {
    Instant end = activeEnd();
    Optional<Instant> r = revokedAt();
    return r.isPresent() && r.get().isBefore(end) ? r.get() : end;
  }

  /** The state at instant {@code t}, from the events at or before {@code t}. */
  public WindowState stateAt(Instant t) {
    if (t.isBefore(terms.requestedAt())) {
      return WindowState.NOT_YET_REQUESTED;
    }
    if (happenedBy(revokedAt(), t)) {
      return WindowState.REVOKED;
    }
    if (happenedBy(rejectedAt(), t)) {
      return WindowState.REJECTED;
    }
    if (happenedBy(approvedAt(), t)) {
      if (t.isBefore(activeStart())) {
        return WindowState.APPROVED;
      }
      return t.isBefore(activeEnd()) ? WindowState.ACTIVE : WindowState.EXPIRED;
    }
    return t.isBefore(terms.lapseAt()) ? WindowState.REQUESTED : WindowState.LAPSED;
  }

  /** Convenience for packet time: the state at {@code nanos} since the epoch. */
  public WindowState stateAtNanos(long nanos) {
    return stateAt(instantOfNanos(nanos));
  }

  /** Nanoseconds since the epoch, as in {@link io.vigie.flow.Session}. */
  public static long nanosOf(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  public static Instant instantOfNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static boolean happenedBy(Optional<Instant> when, Instant t) {
    return when.isPresent() && !when.get().isAfter(t);
  }

  private Optional<Instant> first(WindowEvent.Type type) {
    for (WindowEvent e : events) {
      if (e.type() == type) {
        return Optional.of(e.at());
      }
    }
    return Optional.empty();
  }
}
