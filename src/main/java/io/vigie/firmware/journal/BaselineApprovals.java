package io.vigie.firmware.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.BaselineProposal;
import io.vigie.firmware.BaselineRefused;
import io.vigie.journal.JsonLinesAppender;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Baseline proposals under review, and the step that puts one in effect. Two distinct approvers,
 * never the proposer, each naming the digest they reviewed; at the second approval the baseline is
 * written to {@code accepted} (read again at the next start) and handed to the {@link
 * BaselineHolder}, so the camera watch compares against it from its next round.
 *
 * <pre>{@code
 * BaselineApprovals a = new BaselineApprovals(stateDir.resolve("baselines.jsonl"),
 *     stateDir.resolve("baseline.accepted.json"), holder, evidence, chain::holds, clock);
 * a.refused().forEach(r -> notices.onNotice(r.notice(now, journal)));
 * Entry e = a.propose(BaselineFile.parse("body", bytes), "alice");
 * a.approve(e.id(), "bob", e.proposal().digest(), "reviewed with the DSI");
 * a.approve(e.id(), "carol", e.proposal().digest(), null);   // now effective
 * }</pre>
 *
 * <p>Every step is appended to a JSON Lines journal, forced to disk, before it is answered, and
 * recorded as evidence (kind {@code baseline}, subject the proposal id). Ids are {@code
 * B-<yyyyMMdd>-<nnn>}, UTC date of the proposal. A torn last journal line (crash during an append)
 * is ignored; a line that does not read fails the start with file and line.
 *
 * <p>The journal read back at start is not trusted as written, like the window journal: each line
 * is replayed through the rules {@link #approve} applies (no approval by the proposer, none twice,
 * the proposal's digest, none once in effect) and must be in the evidence chain as the {@code
 * baseline} record written at the step. A line that breaks a rule or is not in the chain (forged or
 * edited while the daemon was stopped) is refused ({@link #refused}, a critical {@code
 * journal_tampered} notice): its proposal keeps the steps before it, is closed to approvals, and a
 * forged approval never counts towards the two that put a baseline in effect. The baseline in
 * effect is the chain's last accepted one ({@link AcceptedBaseline}) whatever the journal says.
 */
public final class BaselineApprovals {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One journal line refused at start.
   *
   * @param id the proposal's id
   * @param line the line's number in the journal (1 = first)
   * @param event the step ({@code proposed}, {@code approved})
   * @param why what is wrong with it
   */
  public record Refusal(String id, int line, String event, String why) {
    /** The critical notice that says so. */
    public Notice notice(long tsNanos, Path journal) {
      return NoticeType.JOURNAL_TAMPERED.notice(
          tsNanos,
          "journal_tampered:" + id + ":" + line,
          null,
          journal
              + " line "
              + line
              + " ('"
              + event
              + "' of baseline proposal "
              + id
              + ") refused: "
              + why
              + "; the proposal is closed and the baseline in effect stays the last one the"
              + " evidence chain accepted.",
          null);
    }
  }

  /** One approval as recorded. */
  public record Approval(String approver, Instant at, String reason) {}

  /** A proposal with its id, times and approvals. */
  public record Entry(
      String id,
      Instant proposedAt,
      BaselineProposal proposal,
      List<Approval> approvals,
      Instant acceptedAt) {
    public Entry {
      approvals = List.copyOf(approvals);
    }
  }

  private final Path journal;
  private final Path accepted;
  private final BaselineHolder holder;
  private final EvidenceSink evidence;
  private final Clock clock;
  private final Predicate<EvidenceRecord> chain;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Proposals refused at start, by id: closed to approvals. */
  private final Map<String, Refusal> refusedIds = new LinkedHashMap<>();

  /**
   * Reads the journal back (proposals survive a restart) and checks it against the chain; does not
   * touch the holder: the daemon starts from {@link AcceptedBaseline}.
   *
   * @param chain whether the evidence chain holds a record (the daemon's {@code
   *     ChainWitness::holds} over its {@code baseline} records)
   */
  public BaselineApprovals(
      Path journal,
      Path accepted,
      BaselineHolder holder,
      EvidenceSink evidence,
      Predicate<EvidenceRecord> chain,
      Clock clock)
      throws IOException {
    this.journal = journal;
    this.accepted = accepted;
    this.holder = holder;
    this.evidence = evidence;
    this.chain = chain;
    this.clock = clock;
    replay();
  }

  /** The journal lines refused at start, in journal order. */
  public synchronized List<Refusal> refused() {
    return List.copyOf(refusedIds.values());
  }

  /** Records a new proposal by {@code proposer}. */
  public synchronized Entry propose(Baseline baseline, String proposer) throws BaselineRefused {
    if (proposer == null || proposer.isBlank()) {
      throw new BaselineRefused(
          BaselineRefused.Kind.INVALID, "a baseline proposal needs a proposer", "proposer");
    }
    if (baseline.cameras().isEmpty()) {
      throw new BaselineRefused(
          BaselineRefused.Kind.INVALID, "the baseline has no camera", "cameras");
    }
    Instant now = clock.instant();
    String id = nextId(now);
    BaselineProposal p = BaselineProposal.of(baseline, proposer);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "proposed");
    line.put("id", id);
    line.put("at", now.toString());
    line.put("proposer", proposer);
    line.put("baseline", BaselineFile.toJson(baseline));
    append(line);
    Entry e = new Entry(id, now, p, List.of(), null);
    entries.put(id, e);
    record(id, "proposed", proposer, p.digest(), null, now);
    return e;
  }

  /**
   * Adds {@code approver}'s approval of the baseline they reviewed ({@code digest}); the second one
   * puts the baseline in effect.
   */
  public synchronized Entry approve(String id, String approver, String digest, String reason)
      throws BaselineRefused {
    Refusal refusal = refusedIds.get(id);
    if (refusal != null) {
      throw new BaselineRefused(
          BaselineRefused.Kind.CONFLICT,
          id
              + " was refused at start (journal line "
              + refusal.line()
              + ": "
              + refusal.why()
              + "): propose the baseline again",
          "id");
    }
    Entry e = entries.get(id);
    if (e == null) {
      throw new BaselineRefused(
          BaselineRefused.Kind.NOT_FOUND, "no baseline proposal '" + id + "'", "id");
    }
    BaselineProposal p = e.proposal();
    if (approver.equals(p.proposer())) {
      throw new BaselineRefused(
          BaselineRefused.Kind.FORBIDDEN,
          approver + " proposed " + id + " and cannot approve it: two other people must",
          "approver");
    }
    if (p.effective()) {
      throw new BaselineRefused(BaselineRefused.Kind.CONFLICT, id + " is already in effect", "id");
    }
    if (p.approvers().contains(approver)) {
      throw new BaselineRefused(
          BaselineRefused.Kind.CONFLICT, approver + " already approved " + id, "approver");
    }
    if (!p.digest().equals(digest)) {
      throw new BaselineRefused(
          BaselineRefused.Kind.CONFLICT,
          "digest "
              + digest
              + " is not the digest of "
              + id
              + " ("
              + p.digest()
              + "): review the proposed baseline again",
          "digest");
    }
    Instant now = clock.instant();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "approved");
    line.put("id", id);
    line.put("at", now.toString());
    line.put("approver", approver);
    line.put("digest", digest);
    line.put("reason", reason);
    append(line);
    Entry next = withApproval(e, approver, now, reason);
    entries.put(id, next);
    record(id, "approved", approver, digest, reason, now);
    if (next.proposal().effective()) {
      try {
        BaselineFile.write(next.proposal().baseline(), accepted);
      } catch (IOException ex) {
        throw new UncheckedIOException(accepted + ": cannot write the accepted baseline", ex);
      }
      long ts = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      holder.accept(next.proposal(), ts);
      next = new Entry(id, next.proposedAt(), next.proposal(), next.approvals(), now);
      entries.put(id, next);
      record(id, "accepted", approver, digest, reason, now);
    }
    return next;
  }

  /** Every proposal, newest first. */
  public synchronized List<Entry> list() {
    List<Entry> out = new ArrayList<>(entries.values());
    Collections.reverse(out);
    return out;
  }

  /** The digest of the baseline the camera watch compares against now, if any. */
  public Optional<String> digestInEffect() {
    return holder.current().map(Baseline::digest);
  }

  public synchronized Optional<Entry> get(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  private static Entry withApproval(Entry e, String approver, Instant at, String reason) {
    BaselineProposal p = e.proposal().approve(approver, e.proposal().digest());
    List<Approval> as = new ArrayList<>(e.approvals());
    as.add(new Approval(approver, at, reason));
    return new Entry(e.id(), e.proposedAt(), p, as, p.effective() ? at : null);
  }

  private String nextId(Instant now) {
    String prefix = "B-" + LocalDateTime.ofInstant(now, ZoneOffset.UTC).format(DAY) + "-";
    int n = 1;
    while (entries.containsKey(prefix + String.format("%03d", n))
        || refusedIds.containsKey(prefix + String.format("%03d", n))) {
      n++;
    }
    return prefix + String.format("%03d", n);
  }

  private void record(
      String id, String event, String who, String digest, String reason, Instant at) {
    evidence.append(evidenceOf(id, event, who, digest, reason, at));
  }

  /** The record a step is in the chain as; replay looks each journal line up by it. */
  private static EvidenceRecord evidenceOf(
      String id, String event, String who, String digest, String reason, Instant at) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("event", event);
    f.put("who", who);
    f.put("digest", digest);
    if (reason != null) {
      f.put("reason", reason);
    }
    return new EvidenceRecord(
        "baseline", at.getEpochSecond() * 1_000_000_000L + at.getNano(), id, f);
  }

  private void append(Map<String, Object> line) {
    try {
      JsonLinesAppender.append(journal, JSON.writeValueAsString(line));
    } catch (IOException e) {
      throw new UncheckedIOException(journal + ": cannot append to the baseline journal", e);
    }
  }

  private void replay() throws IOException {
    String text;
    try {
      text = Files.readString(journal, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return;
    }
    String[] lines = text.split("\n", -1);
    // The element after the last newline is "" for a complete file, a torn line otherwise.
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        apply(JSON.readTree(lines[i]), i + 1);
      } catch (IOException | RuntimeException | BaselineFile.BadBaseline e) {
        throw new IOException(
            journal + ":" + (i + 1) + ": bad baseline journal line: " + e.getMessage(), e);
      }
    }
  }

  private void apply(JsonNode n, int line) throws BaselineFile.BadBaseline {
    String id = n.path("id").asText();
    Instant at = Instant.parse(n.path("at").asText());
    String event = n.path("event").asText();
    if (refusedIds.containsKey(id)) {
      return; // builds on a step that did not happen
    }
    switch (event) {
      case "proposed" -> {
        Baseline b =
            BaselineFile.parse(id, n.path("baseline").asText().getBytes(StandardCharsets.UTF_8));
        String proposer = n.path("proposer").asText();
        String why =
            entries.containsKey(id)
                ? "a second proposal with the same id"
                : proposer.isBlank()
                    ? "a proposal without a proposer"
                    : inChain(evidenceOf(id, event, proposer, b.digest(), null, at));
        if (why != null) {
          refuse(id, line, event, why);
          return;
        }
        entries.put(id, new Entry(id, at, BaselineProposal.of(b, proposer), List.of(), null));
      }
      case "approved" -> {
        Entry e = entries.get(id);
        String approver = n.path("approver").asText();
        String digest = n.path("digest").asText();
        String reason = n.path("reason").isTextual() ? n.path("reason").asText() : null;
        String why;
        if (e == null) {
          why = "an approval of a proposal never made";
        } else if (approver.isBlank()) {
          why = "an approval without an approver";
        } else if (approver.equals(e.proposal().proposer())) {
          why = approver + " approved their own proposal";
        } else if (e.proposal().approvers().contains(approver)) {
          why = approver + " approved twice";
        } else if (!e.proposal().digest().equals(digest)) {
          why = "the approval names another digest than the proposal's";
        } else if (e.proposal().effective()) {
          why = "an approval of a proposal already in effect";
        } else {
          why = inChain(evidenceOf(id, event, approver, digest, reason, at));
        }
        if (why != null) {
          refuse(id, line, event, why);
          return;
        }
        entries.put(id, withApproval(e, approver, at, reason));
      }
      default -> throw new IllegalArgumentException("unknown event '" + event + "'");
    }
  }

  private String inChain(EvidenceRecord r) {
    return chain.test(r) ? null : "not in the evidence chain (written outside vigie, or edited)";
  }

  private void refuse(String id, int line, String event, String why) {
    refusedIds.put(id, new Refusal(id, line, event, why));
  }
}
