package io.vigie.policy;

import io.vigie.config.ApprovalConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The window journal read back at start is not trusted as written: each line is replayed through
 * the rules the live service applies (requester role, no self-approval, one seat per approver,
 * quorum before "approved", approver role to reject or revoke) and must be in the evidence chain,
 * where the service put it at the moment of the step.
 *
 * <pre>{@code
 * JournalAudit.Result r = JournalAudit.check(config.approval(), journal.readAll(), chain::holds);
 * r.accepted();   // the lines to fold into windows
 * r.refused();    // one per window with a bad line: that window stays closed
 * }</pre>
 *
 * <p>A window with a refused line keeps the steps before it and is closed at its request time (see
 * {@link #closing}); later lines of that window are not applied: they build on a step that did not
 * happen.
 */
public final class JournalAudit {
  /** Who closes a window whose journal was refused. */
  static final String ACTOR = "vigie";

  /**
   * One refused journal line.
   *
   * @param window the window's id
   * @param line the line's number among the journal's entries (1 = first)
   * @param event the refused step's wire name
   * @param why what is wrong with it
   */
  public record Refusal(String window, int line, String event, String why) {
    /** The critical notice that says so. */
    public Notice notice(long tsNanos, String journal) {
      String id = "journal_tampered:" + window + ":" + line;
      String where = line == 0 ? journal + " (a step missing)" : journal + " line " + line;
      return NoticeType.JOURNAL_TAMPERED.notice(
          tsNanos,
          id,
          null,
          where
              + " ('"
              + event
              + "' of window "
              + window
              + ") refused: "
              + why
              + "; the window stays closed.",
          window);
    }
  }

  /** The lines to apply, in order, and the refusals. */
  public record Result(List<JournalEntry> accepted, List<Refusal> refused) {
    public Result {
      accepted = List.copyOf(accepted);
      refused = List.copyOf(refused);
    }
  }

  private JournalAudit() {}

  /**
   * @param chain whether the evidence chain holds a record; {@code r -> true} checks the rules only
   *     (what-if files and tests, which keep no evidence)
   */
  public static Result check(
      ApprovalConfig config, List<JournalEntry> entries, Predicate<EvidenceRecord> chain) {
    return check(config, entries, chain, List.of());
  }

  /**
   * As above, and the other way round: a step the chain holds ({@code chainEvents}, its {@code
   * window_event} records) that no journal line has (a revocation deleted from the journal to open
   * the window again) closes its window too; such a refusal has line 0.
   */
  public static Result check(
      ApprovalConfig config,
      List<JournalEntry> entries,
      Predicate<EvidenceRecord> chain,
      List<EvidenceRecord> chainEvents) {
    Set<String> journalled = new HashSet<>();
    for (JournalEntry e : entries) {
      journalled.add(
          stepKey(
              e.event().window(),
              e.event().type().wireName(),
              e.event().who(),
              e.event().at().toString()));
    }
    List<Refusal> missing = new ArrayList<>();
    Set<String> missingWindows = new HashSet<>();
    for (EvidenceRecord r : chainEvents) {
      Object event = r.fields().get("event");
      Object who = r.fields().get("who");
      Object at = r.fields().get("at");
      if (!journalled.contains(
              stepKey(r.subject(), String.valueOf(event), String.valueOf(who), String.valueOf(at)))
          && missingWindows.add(r.subject())) {
        missing.add(
            new Refusal(
                r.subject(),
                0,
                String.valueOf(event),
                "the evidence chain holds this step ("
                    + event
                    + " by "
                    + who
                    + " at "
                    + at
                    + ") and the journal does not: a line was deleted"));
      }
    }
    Result forward = checkLines(config, entries, chain);
    if (missing.isEmpty()) {
      return forward;
    }
    List<Refusal> refused = new ArrayList<>(forward.refused());
    Set<String> already = new HashSet<>();
    refused.forEach(r -> already.add(r.window()));
    for (Refusal r : missing) {
      if (already.add(r.window())) {
        refused.add(r);
      }
    }
    // The window's journalled steps stand; the service closes it after them.
    return new Result(forward.accepted(), refused);
  }

  private static String stepKey(String window, String event, String who, String at) {
    return window + '\n' + event + '\n' + who + '\n' + at;
  }

  private static Result checkLines(
      ApprovalConfig config, List<JournalEntry> entries, Predicate<EvidenceRecord> chain) {
    Quorum quorum = new Quorum(config);
    Map<String, Window> windows = new HashMap<>();
    Set<String> refusedWindows = new HashSet<>();
    List<JournalEntry> accepted = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JournalEntry e = entries.get(i);
      WindowEvent ev = e.event();
      if (refusedWindows.contains(ev.window())) {
        continue;
      }
      String why = breaks(config, quorum, windows.get(ev.window()), e);
      if (why == null && !chain.test(WindowEvidence.of(e))) {
        why = "not in the evidence chain (written outside vigie, or edited)";
      }
      if (why != null) {
        refused.add(new Refusal(ev.window(), i + 1, ev.type().wireName(), why));
        refusedWindows.add(ev.window());
        continue;
      }
      windows.put(
          ev.window(),
          e.terms() != null
              ? new Window(ev.window(), e.terms(), List.of(ev))
              : windows.get(ev.window()).with(ev));
      accepted.add(e);
    }
    return new Result(accepted, refused);
  }

  /**
   * The step that keeps a refused window closed: a revocation by vigie at the window's request, so
   * that it is never active, in event time either.
   */
  static WindowEvent closing(String window, Instant requestedAt, Refusal r) {
    return new WindowEvent(
        window,
        WindowEvent.Type.REVOKED,
        requestedAt,
        ACTOR,
        List.of(),
        (r.line() == 0
                ? "journal refused at start: "
                : "journal line " + r.line() + " refused at start: ")
            + r.why());
  }

  /** Why the step breaks the rules, or null. */
  private static String breaks(ApprovalConfig config, Quorum quorum, Window w, JournalEntry e) {
    WindowEvent ev = e.event();
    if (ev.type() == WindowEvent.Type.REQUESTED) {
      if (w != null) {
        return "a second request for the same window";
      }
      if (!ev.who().equals(e.terms().requester())) {
        return "requested by " + ev.who() + " for " + e.terms().requester();
      }
      if (!config.requesterRoles().isEmpty()
          && ev.roles().stream().noneMatch(config.requesterRoles()::contains)) {
        return ev.who() + " holds none of the requester roles " + config.requesterRoles();
      }
      return null;
    }
    if (w == null) {
      return "a step for a window never requested";
    }
    boolean closed = w.revokedAt().isPresent() || w.rejectedAt().isPresent();
    boolean self = ev.who().equals(w.terms().requester());
    List<List<String>> roles = new ArrayList<>();
    w.approvals().forEach(a -> roles.add(a.roles()));
    return switch (ev.type()) {
      case APPROVAL -> {
        if (closed || w.approvedAt().isPresent()) {
          yield "an approval of a window already " + (closed ? "closed" : "approved");
        }
        if (self) {
          yield ev.who() + " approved their own window";
        }
        if (w.approvals().stream().anyMatch(a -> a.who().equals(ev.who()))) {
          yield ev.who() + " approved twice";
        }
        int before = quorum.seatsFilled(roles);
        roles.add(ev.roles());
        yield quorum.seatsFilled(roles) == before
            ? ev.who()
                + " holds none of the roles still needed "
                + quorum.stillNeeded(roles.subList(0, roles.size() - 1))
            : null;
      }
      case APPROVED -> {
        if (closed || w.approvedAt().isPresent()) {
          yield "a window already " + (closed ? "closed" : "approved") + " approved again";
        }
        yield quorum.filled(roles)
            ? null
            : "approved without its quorum (still needed " + quorum.stillNeeded(roles) + ")";
      }
      case REJECTED -> {
        if (closed || w.approvedAt().isPresent()) {
          yield "a rejection of a window already " + (closed ? "closed" : "approved");
        }
        if (self) {
          yield ev.who() + " rejected their own window";
        }
        yield quorum.isApproverRole(ev.roles())
            ? null
            : ev.who() + " holds none of the approver roles " + config.quorumRoles();
      }
      case REVOKED ->
          closed
              ? "a revocation of a window already closed"
              : quorum.isApproverRole(ev.roles()) || self ? null : ev.who() + " may not revoke it";
      case REQUESTED -> throw new IllegalStateException("handled above");
    };
  }
}
