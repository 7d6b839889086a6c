package io.vigie.firmware.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.facts.EvidenceRecord;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.BaselineProposal;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The baseline the daemon starts from: only one that two approvers accepted, as the evidence chain
 * says. A file written over the configured baseline or over {@code baseline.accepted.json} (by
 * {@code vigie cameras certify}, by hand) is not in effect until it has gone through the review; it
 * is refused with a critical {@code baseline_not_accepted} notice, and the last accepted baseline
 * stays.
 *
 * <pre>{@code
 * AcceptedBaseline.Choice c = AcceptedBaseline.choose(configured, acceptedFile, baselineJournal,
 *     chain.records(), nowNanos);
 * c.notices().forEach(out::onNotice);
 * BaselineHolder holder = new BaselineHolder(c.baseline(), evidence);
 * }</pre>
 *
 * <p>An acceptance is the {@code baseline} record {@link BaselineHolder#accept} writes (subject
 * {@code baseline}): its digest, proposer and at least {@link BaselineProposal#REQUIRED_APPROVALS}
 * approvers, none of them the proposer. The last accepted baseline's content is looked up by its
 * digest in the accepted file, the configured file and the proposals of the baseline journal.
 */
public final class AcceptedBaseline {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The baseline to start from (null: none), and the notices that say what was refused. */
  public record Choice(Baseline baseline, List<Notice> notices) {
    public Choice {
      notices = List.copyOf(notices);
    }
  }

  private AcceptedBaseline() {}

  /**
   * @param configured the site file's {@code baseline}, or null
   * @param accepted {@code baseline.accepted.json} in the state dir
   * @param journal {@code baselines.jsonl} in the state dir
   * @param chain the chain's {@code baseline} records, in chain order
   * @throws BaselineFile.BadBaseline when the file that would be in effect cannot be read at all
   */
  public static Choice choose(
      Path configured, Path accepted, Path journal, List<EvidenceRecord> chain, long nowNanos)
      throws BaselineFile.BadBaseline {
    List<String> digests = acceptedDigests(chain);
    Baseline wanted = BaselineFile.newest(configured, accepted);
    if (wanted == null && digests.isEmpty()) {
      return new Choice(null, List.of());
    }
    if (wanted != null && digests.contains(wanted.digest())) {
      return new Choice(wanted, List.of());
    }
    List<Notice> notices = new ArrayList<>();
    Baseline last =
        digests.isEmpty()
            ? null
            : find(digests.get(digests.size() - 1), configured, accepted, journal).orElse(null);
    if (wanted != null) {
      String file =
          configured != null
                  && Files.exists(configured)
                  && wanted.equals(read(configured).orElse(null))
              ? configured.toString()
              : accepted.toString();
      String stays =
          last != null
              ? "the last accepted baseline " + last.digest() + " stays in effect"
              : digests.isEmpty()
                  ? "no baseline is in effect until two approvers accept one"
                  : "the last accepted baseline cannot be found, so none is in effect";
      notices.add(
          NoticeType.BASELINE_NOT_ACCEPTED.notice(
              nowNanos,
              "baseline_not_accepted:" + wanted.digest(),
              null,
              "The baseline "
                  + wanted.digest()
                  + " in "
                  + file
                  + " was not accepted by two approvers (no acceptance in"
                  + " the evidence chain); "
                  + stays
                  + ".",
              null));
    }
    return new Choice(last, notices);
  }

  /**
   * Digests the chain records as accepted by enough approvers other than the proposer, oldest
   * first.
   */
  static List<String> acceptedDigests(List<EvidenceRecord> chain) {
    List<String> out = new ArrayList<>();
    for (EvidenceRecord r : chain) {
      if (!"baseline".equals(r.kind()) || !"baseline".equals(r.subject())) {
        continue;
      }
      Object digest = r.fields().get("digest");
      Object proposer = r.fields().get("proposer");
      Set<String> approvers = new HashSet<>();
      if (r.fields().get("approvers") instanceof List<?> l) {
        l.forEach(a -> approvers.add(String.valueOf(a)));
      }
      approvers.remove(String.valueOf(proposer));
      if (digest instanceof String d && approvers.size() >= BaselineProposal.REQUIRED_APPROVALS) {
        out.remove(d);
        out.add(d);
      }
    }
    return out;
  }

  private static Optional<Baseline> find(
      String digest, Path configured, Path accepted, Path journal) {
    Set<Baseline> candidates = new LinkedHashSet<>();
    read(accepted).ifPresent(candidates::add);
    if (configured != null) {
      read(configured).ifPresent(candidates::add);
    }
    candidates.addAll(proposals(journal));
    return candidates.stream().filter(b -> b.digest().equals(digest)).findFirst();
  }

  private static Optional<Baseline> read(Path file) {
    try {
      return Files.exists(file) ? Optional.of(BaselineFile.read(file)) : Optional.empty();
    } catch (BaselineFile.BadBaseline e) {
      return Optional.empty();
    }
  }

  /**
   * The baselines proposed in the journal; lines that do not read are skipped (the review reads it
   * whole).
   */
  private static List<Baseline> proposals(Path journal) {
    List<Baseline> out = new ArrayList<>();
    String text;
    try {
      text = Files.readString(journal, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      return out;
    }
    for (String line : text.split("\n")) {
      try {
        JsonNode n = JSON.readTree(line);
        if (n != null && "proposed".equals(n.path("event").asText())) {
          out.add(
              BaselineFile.parse(
                  "baseline journal",
                  n.path("baseline").asText().getBytes(StandardCharsets.UTF_8)));
        }
      } catch (IOException | RuntimeException | BaselineFile.BadBaseline e) {
        // skipped: see above
      }
    }
    return out;
  }
}
