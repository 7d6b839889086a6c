package io.vigie.firmware;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A baseline waiting for review. It takes effect only when two distinct approvers, neither of them
 * the proposer, have accepted it: one person can never change what "normal" means alone.
 *
 * <pre>{@code
 * BaselineProposal p = BaselineProposal.of(baseline, "alice");
 * p = p.approve("bob", baseline.digest()).approve("carol", baseline.digest());
 * p.effective(); // true
 * }</pre>
 */
public record BaselineProposal(
    Baseline baseline, String digest, String proposer, Set<String> approvers) {
  public static final int REQUIRED_APPROVALS = 2;

  public BaselineProposal {
    if (proposer == null || proposer.isBlank()) {
      throw new IllegalArgumentException("a baseline proposal needs a proposer");
    }
    if (!baseline.digest().equals(digest)) {
      throw new IllegalArgumentException("digest does not match the baseline");
    }
    approvers = Collections.unmodifiableSet(new LinkedHashSet<>(approvers));
  }

  public static BaselineProposal of(Baseline baseline, String proposer) {
    return new BaselineProposal(baseline, baseline.digest(), proposer, Set.of());
  }

  /**
   * Adds an approval of the baseline with {@code digest} (the approver states what they reviewed,
   * so a swapped file cannot be approved by accident).
   *
   * @throws IllegalArgumentException the proposer approving, a second approval by the same person,
   *     or a digest that is not this baseline's
   */
  public BaselineProposal approve(String approver, String reviewedDigest) {
    if (approver == null || approver.isBlank()) {
      throw new IllegalArgumentException("an approval needs an approver");
    }
    if (!digest.equals(reviewedDigest)) {
      throw new IllegalArgumentException(
          "approval is for baseline " + reviewedDigest + ", not " + digest);
    }
    if (approver.equals(proposer)) {
      throw new IllegalArgumentException(
          approver + " proposed this baseline and cannot approve it");
    }
    if (approvers.contains(approver)) {
      throw new IllegalArgumentException(approver + " already approved this baseline");
    }
    Set<String> next = new LinkedHashSet<>(approvers);
    next.add(approver);
    return new BaselineProposal(baseline, digest, proposer, next);
  }

  public boolean effective() {
    return approvers.size() >= REQUIRED_APPROVALS;
  }
}
