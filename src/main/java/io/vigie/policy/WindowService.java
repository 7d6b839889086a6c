package io.vigie.policy;

import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows and their approval: the domain behind the HTTP API. Time is the
 * implementation's injected clock (never earlier than its previous step); who acts and with which
 * roles is the caller's {@link Actor}, as authenticated by the caller. Every step that succeeds is
 * written to the evidence store (kind {@code window_event}, subject = the window id, fields who /
 * roles / reason / event) and to the journal before the method returns; a refused step writes
 * nothing and throws {@link PolicyException}.
 *
 * <pre>{@code
 * WindowService windows = JournaledWindowService.forSite(siteConfig, journal, evidence, clock);
 * Window w = windows.request(request, new Actor("j.martin@acme", Set.of("vendor")));
 * windows.approve(w.id(), new Actor("m.dupont", Set.of("town_hall")), "OK for the upgrade");
 * windows.approve(w.id(), new Actor("s.roux", Set.of("it_security")), "");   // quorum complete
 * WindowSet forTheJudge = windows.snapshot();
 * windows.revoke(w.id(), new Actor("s.roux", Set.of("it_security")), "unexpected RDP");
 * }</pre>
 *
 * <p>Implementations are safe for concurrent use: steps are serialised.
 */
public interface WindowService {

  /**
   * Records a request by {@code requester}. Refused ({@code INVALID}, naming the field) when the
   * reason, ticket, scope or end is missing, the end is not after the start, the start is in the
   * past, the length exceeds {@code max_window_minutes}, or an expected change is malformed;
   * ({@code FORBIDDEN}) when {@code requester_roles} is set and the requester holds none of them.
   *
   * @return the new window, state {@code requested}, with a fresh id
   */
  Window request(WindowRequest request, Actor requester) throws PolicyException;

  /**
   * Records one approval. The window becomes approved when the approvals fill the quorum, each
   * approver counting once for one of their roles. Refused: {@code NOT_FOUND}; {@code FORBIDDEN}
   * for the requester (self-approval), an approver holding no quorum role still needed, or an
   * approval outside {@code approver_hours}; {@code CONFLICT} when the window is already approved,
   * final (rejected, revoked, lapsed, expired) or the actor approved it before.
   *
   * @param reason optional comment (null allowed)
   * @return the window after the step
   */
  Window approve(String id, Actor approver, String reason) throws PolicyException;

  /**
   * Rejects a window that is not approved yet; any holder of a quorum role other than the requester
   * may, at any hour (refusing is always safe). The reason is required ({@code INVALID}); {@code
   * CONFLICT} unless the window is still {@code requested}.
   */
  Window reject(String id, Actor approver, String reason) throws PolicyException;

  /**
   * Revokes a window at once, whether requested, approved or active; sessions it covered become
   * violations from this instant. A holder of a quorum role may revoke, and the requester may
   * withdraw their own window. The reason is required. Refused ({@code CONFLICT}) when the window
   * is already final.
   */
  Window revoke(String id, Actor actor, String reason) throws PolicyException;

  /** Every window, in id order. */
  List<Window> list();

  /** The window with this id, if any. */
  Optional<Window> get(String id);

  /** An immutable snapshot for the judge and the firmware watcher. */
  WindowSet snapshot();

  /**
   * The quorum's roles that window {@code w} still waits for: each role with the seats still empty
   * and the seats it has in all ("IT security, 1 of 1"); empty when nothing is missing.
   */
  default List<Waiting> waitingFor(Window w) {
    return List.of();
  }

  /**
   * Whether {@code who} (or the person behind that name) has already approved {@code w}, so that a
   * page shows the approval as given instead of a button the service would refuse.
   */
  default boolean approvedBy(Window w, String who) {
    return w.approvals().stream().anyMatch(a -> a.who().equals(who));
  }

  /** A quorum role still needed: {@code missing} of its {@code seats}. */
  record Waiting(String role, int missing, int seats) {}
}
