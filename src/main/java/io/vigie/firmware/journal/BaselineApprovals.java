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

/**
 * Baseline proposals under review, and the step that puts one in effect. Two distinct approvers,
 * never the proposer, each naming the digest they reviewed; at the second approval the baseline is
 * written to {@code accepted} (read again at the next start) and handed to the {@link
 * BaselineHolder}, so the camera watch compares against it from its next round.
 *
 * <pre>{@code
 * BaselineApprovals a = new BaselineApprovals(stateDir.resolve("baselines.jsonl"),
 *     stateDir.resolve("baseline.accepted.json"), holder, evidence, clock);
 * Entry e = a.propose(BaselineFile.parse("body", bytes), "alice");
 * a.approve(e.id(), "bob", e.proposal().digest(), "reviewed with the DSI");
 * a.approve(e.id(), "carol", e.proposal().digest(), null);   // now effective
 * }</pre>
 *
 * <p>Every step is appended to a JSON Lines journal, forced to disk, before it is answered, and
 * recorded as evidence (kind {@code baseline}, subject the proposal id). Ids are {@code
 * B-<yyyyMMdd>-<nnn>}, UTC date of the proposal. A torn last journal line (crash during an append)
 * is ignored; any other bad line fails the start with file and line.
 */
public final class BaselineApprovals {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final ObjectMapper JSON = new ObjectMapper();

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
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /**
   * Reads the journal back (proposals survive a restart); does not touch the holder: the daemon
   * starts from {@link BaselineFile#newest}.
   */
  public BaselineApprovals(
      Path journal, Path accepted, BaselineHolder holder, EvidenceSink evidence, Clock clock)
      throws IOException {
    this.journal = journal;
    this.accepted = accepted;
    this.holder = holder;
    this.evidence = evidence;
    this.clock = clock;
    replay();
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
    while (entries.containsKey(prefix + String.format("%03d", n))) {
      n++;
    }
    return prefix + String.format("%03d", n);
  }

  private void record(
      String id, String event, String who, String digest, String reason, Instant at) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("event", event);
    f.put("who", who);
    f.put("digest", digest);
    if (reason != null) {
      f.put("reason", reason);
    }
    evidence.append(
        new EvidenceRecord("baseline", at.getEpochSecond() * 1_000_000_000L + at.getNano(), id, f));
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
        apply(JSON.readTree(lines[i]));
      } catch (IOException | RuntimeException | BaselineFile.BadBaseline e) {
        throw new IOException(
            journal + ":" + (i + 1) + ": bad baseline journal line: " + e.getMessage(), e);
      }
    }
  }

  private void apply(JsonNode n) throws BaselineFile.BadBaseline {
    String id = n.path("id").asText();
    Instant at = Instant.parse(n.path("at").asText());
    switch (n.path("event").asText()) {
      case "proposed" -> {
        Baseline b =
            BaselineFile.parse(id, n.path("baseline").asText().getBytes(StandardCharsets.UTF_8));
        entries.put(
            id,
            new Entry(
                id, at, BaselineProposal.of(b, n.path("proposer").asText()), List.of(), null));
      }
      case "approved" -> {
        Entry e = entries.get(id);
        if (e == null) {
          throw new IllegalArgumentException("approval of unknown proposal '" + id + "'");
        }
        if (!e.proposal().digest().equals(n.path("digest").asText())) {
          throw new IllegalArgumentException("approval of " + id + " names another digest");
        }
        String reason = n.path("reason").isTextual() ? n.path("reason").asText() : null;
        entries.put(id, withApproval(e, n.path("approver").asText(), at, reason));
      }
      default ->
          throw new IllegalArgumentException("unknown event '" + n.path("event").asText() + "'");
    }
  }
}
