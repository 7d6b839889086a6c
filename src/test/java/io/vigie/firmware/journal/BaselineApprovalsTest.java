package io.vigie.firmware.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.BaselineRefused;
import io.vigie.firmware.onvif.OnvifResponsesTest;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal and start-up side of baseline review; the API test covers the steps over HTTP. */
class BaselineApprovalsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  @TempDir Path dir;

  private final List<EvidenceRecord> evidence = new ArrayList<>();
  private final BaselineHolder holder = new BaselineHolder(null, evidence::add);

  private BaselineApprovals approvals() throws IOException {
    return new BaselineApprovals(
        dir.resolve("baselines.jsonl"),
        dir.resolve("baseline.accepted.json"),
        holder,
        evidence::add,
        evidence::contains,
        Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static Baseline baseline() throws Exception {
    return new Baseline(
        1_763_863_200_000_000_000L, Map.of("cam-acme", OnvifResponsesTest.acmeState()));
  }

  @Test
  void aTornLastLineIsIgnoredAndAnyOtherBadLineNamesFileAndLine() throws Exception {
    Baseline b = baseline();
    String id = approvals().propose(b, "alice").id();
    approvals().approve(id, "bob", b.digest(), null);
    Path journal = dir.resolve("baselines.jsonl");
    Files.writeString(journal, "{\"event\":\"approved\",\"id\":\"" + id, StandardOpenOption.APPEND);
    BaselineApprovals back = approvals();
    assertEquals(List.of("bob"), List.copyOf(back.get(id).orElseThrow().proposal().approvers()));
    Files.writeString(journal, "\n", StandardOpenOption.APPEND);
    IOException e = assertThrows(IOException.class, this::approvals);
    assertTrue(e.getMessage().contains("baselines.jsonl:3"), e.getMessage());
  }

  @Test
  void refusalsSayWhichFieldIsAtFault() throws Exception {
    Baseline b = baseline();
    BaselineApprovals a = approvals();
    String id = a.propose(b, "alice").id();
    assertEquals("B-20261123-001", id);
    BaselineRefused own =
        assertThrows(BaselineRefused.class, () -> a.approve(id, "alice", b.digest(), null));
    assertEquals(BaselineRefused.Kind.FORBIDDEN, own.kind());
    BaselineRefused wrong =
        assertThrows(BaselineRefused.class, () -> a.approve(id, "bob", "sha256:0", null));
    assertEquals("digest", wrong.field());
    assertEquals(
        BaselineRefused.Kind.NOT_FOUND,
        assertThrows(BaselineRefused.class, () -> a.approve("B-1", "bob", b.digest(), null))
            .kind());
    assertTrue(holder.current().isEmpty());
  }

  @Test
  void theDaemonStartsFromTheAcceptedBaselineOnlyWhenItIsNewer() throws Exception {
    Path configured = dir.resolve("baseline.json");
    Path accepted = dir.resolve("baseline.accepted.json");
    assertNull(BaselineFile.newest(null, accepted));
    Baseline old = new Baseline(1L, Map.of());
    Baseline approved = baseline();
    BaselineFile.write(old, configured);
    assertEquals(old, BaselineFile.newest(configured, accepted));
    BaselineFile.write(approved, accepted);
    Files.setLastModifiedTime(configured, FileTime.from(T0));
    Files.setLastModifiedTime(accepted, FileTime.from(T0.plusSeconds(60)));
    assertEquals(approved.digest(), BaselineFile.newest(configured, accepted).digest());
    assertEquals(approved.digest(), BaselineFile.newest(null, accepted).digest());
    // The operator certified again and put the new file in the config: it wins.
    Files.setLastModifiedTime(configured, FileTime.from(T0.plusSeconds(120)));
    assertEquals(old, BaselineFile.newest(configured, accepted));
    Files.writeString(accepted, "{}", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(accepted, FileTime.from(T0.plusSeconds(180)));
    assertThrows(BaselineFile.BadBaseline.class, () -> BaselineFile.newest(configured, accepted));
  }

  /**
   * Issue 16: the journal is replayed through the rules and each line looked up in the chain; a
   * forged or edited line is refused (journal_tampered), its proposal closed to approvals.
   */
  @Test
  void forgedOrEditedJournalLinesAreRefusedAgainstTheChain() throws Exception {
    Baseline b = baseline();
    BaselineApprovals a = approvals();
    String id = a.propose(b, "alice").id();
    a.approve(id, "bob", b.digest(), "seen");
    String other = a.propose(b, "dave").id();
    Path journal = dir.resolve("baselines.jsonl");
    List<String> lines = Files.readAllLines(journal);
    assertTrue(approvals().refused().isEmpty(), "the genuine journal replays as it is");

    // An approval by carol, never given: with bob's, it would put the baseline in effect.
    String forged = lines.get(1).replace("\"bob\"", "\"carol\"");
    Files.writeString(journal, forged + "\n", StandardOpenOption.APPEND);
    BaselineApprovals back = approvals();
    assertEquals(1, back.refused().size());
    BaselineApprovals.Refusal r = back.refused().get(0);
    assertEquals(id, r.id());
    assertEquals(4, r.line());
    assertTrue(r.why().contains("not in the evidence chain"), r.why());
    Notice n = r.notice(1L, journal);
    assertEquals("journal_tampered", n.note());
    assertEquals(Severity.CRITICAL, n.severity());
    assertTrue(n.msg().contains("baselines.jsonl line 4"), n.msg());
    assertEquals(List.of("bob"), List.copyOf(back.get(id).orElseThrow().proposal().approvers()));
    BaselineRefused closed =
        assertThrows(BaselineRefused.class, () -> back.approve(id, "erin", b.digest(), null));
    assertEquals(BaselineRefused.Kind.CONFLICT, closed.kind());
    assertTrue(closed.getMessage().contains("refused at start"), closed.getMessage());
    assertTrue(holder.current().isEmpty(), "nothing in effect");
    // The other proposal is untouched.
    back.approve(other, "bob", b.digest(), null);

    // An edited line (the proposer rewritten) is not in the chain either; and a line that the
    // chain holds is still refused when it breaks a rule (the proposer approving).
    Files.writeString(
        journal, lines.get(0).replace("\"alice\"", "\"mallory\"") + "\n" + lines.get(1) + "\n");
    BaselineApprovals edited = approvals();
    assertEquals(
        1, edited.refused().size(), "the approval after a refused proposal is not applied");
    assertEquals(1, edited.refused().get(0).line());
    assertTrue(edited.get(id).isEmpty());
    String self = lines.get(1).replace("\"bob\"", "\"alice\"");
    evidence.add(
        new EvidenceRecord(
            "baseline",
            evidence.get(1).tsNanos(),
            id,
            Map.of("event", "approved", "who", "alice", "digest", b.digest(), "reason", "seen")));
    Files.writeString(journal, lines.get(0) + "\n" + self + "\n");
    BaselineApprovals selfApproved = approvals();
    assertEquals(1, selfApproved.refused().size());
    assertTrue(
        selfApproved.refused().get(0).why().contains("alice approved their own proposal"),
        selfApproved.refused().get(0).why());
    assertTrue(selfApproved.get(id).orElseThrow().proposal().approvers().isEmpty());
  }
}
