package io.vigie.notify;

import io.vigie.policy.Actor;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowSet;
import io.vigie.policy.WindowState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The window service as the API sees it, telling people of each step once the step is committed: a
 * request and each approval that leaves the quorum incomplete go to the roles still waited for;
 * approval, rejection and revocation to every role. {@link #tick} (on the notify thread) turns the
 * clock's passing into "started" and "ended". Every decision is the delegate's: this class only
 * queues events afterwards, so a slow mail server never delays an answer.
 */
public final class NotifyingWindowService implements WindowService {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final WindowService delegate;
  private final Consumer<Event> out;
  private final Clock clock;
  private final ZoneId zone;
  private final Set<String> everyone;
  private final String link;
  // Window id → state last seen by tick(); touched only on the notify thread and at construction.
  private final Map<String, WindowState> seen = new HashMap<>();

  /**
   * @param everyone the roles told of approval, start, end, rejection and revocation
   * @param publicUrl the API's public base URL (links go to its approver page)
   */
  public NotifyingWindowService(
      WindowService delegate,
      Consumer<Event> out,
      Clock clock,
      ZoneId zone,
      Set<String> everyone,
      String publicUrl) {
    this.delegate = delegate;
    this.out = out;
    this.clock = clock;
    this.zone = zone;
    this.everyone = Set.copyOf(everyone);
    this.link = publicUrl + "/ui/approver";
    // Windows already open at start-up were announced by the previous run.
    Instant now = clock.instant();
    synchronized (seen) {
      delegate.list().forEach(w -> seen.put(w.id(), w.stateAt(now)));
    }
  }

  @Override
  public Window request(WindowRequest request, Actor requester) throws PolicyException {
    Window w = delegate.request(request, requester);
    out.accept(
        event(
            "window_requested",
            "vigie: " + requester.who() + " requests maintenance window " + w.id(),
            w,
            waitingRoles(w),
            "Requested by " + requester.who() + ": " + w.terms().reason(),
            waitingLine(w)));
    return w;
  }

  @Override
  public Window approve(String id, Actor approver, String reason) throws PolicyException {
    Window w = delegate.approve(id, approver, reason);
    List<Waiting> waiting = delegate.waitingFor(w);
    if (w.approvedAt().isEmpty() && !waiting.isEmpty()) {
      out.accept(
          event(
              "approval_needed",
              "vigie: window " + w.id() + " still needs an approval",
              w,
              waitingRoles(w),
              "Approved by " + approver.who() + ".",
              waitingLine(w)));
    } else {
      out.accept(
          event(
              "window_approved",
              "vigie: window " + w.id() + " approved",
              w,
              everyone,
              "Approved by " + approver.who() + ": the quorum is complete."));
    }
    return w;
  }

  @Override
  public Window reject(String id, Actor approver, String reason) throws PolicyException {
    Window w = delegate.reject(id, approver, reason);
    out.accept(
        event(
            "window_rejected",
            "vigie: window " + w.id() + " rejected",
            w,
            everyone,
            "Rejected by " + approver.who() + ": " + reason));
    return w;
  }

  @Override
  public Window revoke(String id, Actor actor, String reason) throws PolicyException {
    Window w = delegate.revoke(id, actor, reason);
    out.accept(
        event(
            "window_revoked",
            "vigie: window " + w.id() + " revoked",
            w,
            everyone,
            "Revoked by " + actor.who() + ": " + reason));
    return w;
  }

  /**
   * Announces the windows that became active, and the active ones that reached their end, since the
   * previous call.
   */
  public void tick() {
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    synchronized (seen) {
      for (Window w : delegate.list()) {
        WindowState before = seen.get(w.id());
        WindowState after = w.stateAt(now);
        seen.put(w.id(), after);
        if (after == WindowState.ACTIVE && before != WindowState.ACTIVE) {
          events.add(
              event(
                  "window_started",
                  "vigie: window " + w.id() + " is open",
                  w,
                  everyone,
                  "The vendor may connect until " + when(w.activeEnd()) + "."));
        } else if (after == WindowState.EXPIRED && before == WindowState.ACTIVE) {
          events.add(
              event(
                  "window_ended",
                  "vigie: window " + w.id() + " has ended",
                  w,
                  everyone,
                  "Any vendor session from now on is outside a window."));
        }
      }
    }
    events.forEach(out);
  }

  private Event event(String kind, String subject, Window w, Set<String> roles, String... text) {
    List<String> lines = new ArrayList<>(List.of(text));
    lines.add("Window " + w.id() + ", ticket " + w.terms().ticket() + ".");
    lines.add("From " + when(w.activeStart()) + " to " + when(w.activeEnd()) + ".");
    return new Event(kind, subject, lines, roles, link, w.id());
  }

  /** Local time (the site's zone) beside UTC, as on the pages. */
  private String when(Instant t) {
    if (t == null) {
      return "-";
    }
    return HM.format(t.atZone(zone))
        + " "
        + zone.getId()
        + " ("
        + HM.format(t.atZone(ZoneId.of("UTC")))
        + " UTC)";
  }

  private Set<String> waitingRoles(Window w) {
    Set<String> roles = new LinkedHashSet<>();
    delegate.waitingFor(w).forEach(x -> roles.add(x.role()));
    return roles.isEmpty() ? everyone : roles;
  }

  private String waitingLine(Window w) {
    List<String> parts = new ArrayList<>();
    delegate
        .waitingFor(w)
        .forEach(x -> parts.add(x.role() + " (" + x.missing() + " of " + x.seats() + ")"));
    return parts.isEmpty() ? "Nothing more is needed." : "Waiting for: " + String.join(", ", parts);
  }

  @Override
  public List<Window> list() {
    return delegate.list();
  }

  @Override
  public Optional<Window> get(String id) {
    return delegate.get(id);
  }

  @Override
  public WindowSet snapshot() {
    return delegate.snapshot();
  }

  @Override
  public List<Waiting> waitingFor(Window w) {
    return delegate.waitingFor(w);
  }

  @Override
  public boolean approvedBy(Window w, String who) {
    return delegate.approvedBy(w, who);
  }
}
