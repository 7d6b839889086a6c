package io.vigie.firmware;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline in effect. It changes only through {@link #accept} with an effective proposal;
 * nothing is learnt from polls, in or out of a maintenance window.
 */
public final class BaselineHolder {
  private final AtomicReference<Baseline> current;
  private final EvidenceSink evidence;

  public BaselineHolder(Baseline initial, EvidenceSink evidence) {
    this.current = new AtomicReference<>(initial);
    this.evidence = evidence;
  }

  public Optional<Baseline> current() {
    return Optional.ofNullable(current.get());
  }

  /** Puts an approved proposal in effect and records it as evidence. */
  public void accept(BaselineProposal p, long tsNanos) {
    if (!p.effective()) {
      throw new IllegalStateException(
          "baseline "
              + p.digest()
              + " has "
              + p.approvers().size()
              + " of "
              + BaselineProposal.REQUIRED_APPROVALS
              + " approvals");
    }
    current.set(p.baseline());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("digest", p.digest());
    f.put("proposer", p.proposer());
    f.put("approvers", java.util.List.copyOf(p.approvers()));
    f.put("cameras", java.util.List.copyOf(p.baseline().cameras().keySet()));
    evidence.append(new EvidenceRecord("baseline", tsNanos, "baseline", f));
  }
}
