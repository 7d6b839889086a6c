package io.vigie.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.net.App;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quorum rules a journal read back at start must follow, line by line. */
class JournalAuditTest {
  private static final ApprovalConfig TWO_ROLES =
      new ApprovalConfig(
          List.of(
              new ApprovalConfig.QuorumRule("town_hall", 1),
              new ApprovalConfig.QuorumRule("it_security", 1)),
          List.of("vendor"),
          null,
          null,
          null,
          null);
  private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");

  private static JournalEntry request(String id, String who, String role) {
    WindowTerms terms =
        new WindowTerms(
            who,
            T,
            "maintenance",
            "ACME-1",
            new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
            T,
            T.plusSeconds(3600),
            List.of(),
            T.plusSeconds(600),
            false);
    return new JournalEntry(
        new WindowEvent(id, WindowEvent.Type.REQUESTED, T, who, List.of(role), "maintenance"),
        terms);
  }

  private static JournalEntry step(String id, WindowEvent.Type type, String who, String... roles) {
    return new JournalEntry(
        new WindowEvent(id, type, T.plusSeconds(60), who, List.of(roles), "ok"), null);
  }

  private static JournalAudit.Result check(JournalEntry... lines) {
    return JournalAudit.check(TWO_ROLES, List.of(lines), r -> true);
  }

  @Test
  void aSoundHistoryIsAcceptedWhole() {
    List<JournalEntry> lines =
        new ArrayList<>(
            List.of(
                request("W-1", "acme", "vendor"),
                step("W-1", WindowEvent.Type.APPROVAL, "mayor", "town_hall"),
                step("W-1", WindowEvent.Type.APPROVAL, "dsi", "it_security"),
                step("W-1", WindowEvent.Type.APPROVED, "dsi", "it_security"),
                step("W-1", WindowEvent.Type.REVOKED, "acme", "vendor")));
    JournalAudit.Result r = JournalAudit.check(TWO_ROLES, lines, e -> true);
    assertEquals(List.of(), r.refused());
    assertEquals(lines, r.accepted());
  }

  @Test
  void eachBrokenRuleIsRefusedWithTheLineAndTheRestOfItsWindowIsNotApplied() {
    JournalAudit.Result self =
        check(
            request("W-1", "acme", "vendor"),
            step("W-1", WindowEvent.Type.APPROVAL, "acme", "town_hall"),
            step("W-1", WindowEvent.Type.APPROVAL, "dsi", "it_security"));
    assertEquals(1, self.refused().size());
    assertEquals(2, self.refused().get(0).line());
    assertTrue(self.refused().get(0).why().contains("own window"));
    assertEquals(1, self.accepted().size(), "the later approval builds on a refused step");

    JournalAudit.Result roleMissing =
        check(
            request("W-1", "acme", "vendor"),
            step("W-1", WindowEvent.Type.APPROVAL, "mayor", "town_hall"),
            step("W-1", WindowEvent.Type.APPROVAL, "deputy", "town_hall"));
    assertTrue(
        roleMissing.refused().get(0).why().contains("none of the roles still needed [it_security]"),
        roleMissing.refused().toString());

    JournalAudit.Result noQuorum =
        check(
            request("W-1", "acme", "vendor"),
            step("W-1", WindowEvent.Type.APPROVAL, "mayor", "town_hall"),
            step("W-1", WindowEvent.Type.APPROVED, "mayor", "town_hall"));
    assertTrue(
        noQuorum.refused().get(0).why().contains("without its quorum"),
        noQuorum.refused().toString());

    JournalAudit.Result badRequester = check(request("W-1", "mallory", "town_hall"));
    assertTrue(
        badRequester.refused().get(0).why().contains("requester roles"),
        badRequester.refused().toString());

    JournalAudit.Result rejectByVendor =
        check(
            request("W-1", "acme", "vendor"),
            step("W-1", WindowEvent.Type.REJECTED, "acme2", "vendor"));
    assertTrue(
        rejectByVendor.refused().get(0).why().contains("approver roles"),
        rejectByVendor.refused().toString());
  }

  @Test
  void aLineTheChainDoesNotHoldIsRefusedEvenWhenItFollowsTheRules() {
    JournalEntry req = request("W-1", "acme", "vendor");
    JournalAudit.Result r =
        JournalAudit.check(
            TWO_ROLES,
            List.of(req, step("W-1", WindowEvent.Type.APPROVAL, "mayor", "town_hall")),
            e -> e.equals(WindowEvidence.of(req)));
    assertEquals(1, r.refused().size());
    assertEquals(2, r.refused().get(0).line());
    assertTrue(r.refused().get(0).why().contains("not in the evidence chain"));
  }
}
