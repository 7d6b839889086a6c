package io.vigie.policy;

import io.vigie.config.ApprovalConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a set of approvers fills an AND-of-roles quorum. Each approver fills at most one seat of
 * one of their roles, so one person holding both {@code town_hall} and {@code it_security} does not
 * satisfy "one of each" alone. The assignment is a maximum bipartite matching (Kuhn's augmenting
 * paths), which is tiny here: a quorum has a handful of seats.
 *
 * <pre>{@code
 * Quorum q = new Quorum(config.approval());
 * boolean done = q.filled(approverRoles);     // one role list per distinct approver
 * }</pre>
 */
public final class Quorum {
  private final List<String> seats = new ArrayList<>();

  public Quorum(ApprovalConfig config) {
    for (ApprovalConfig.QuorumRule r : config.quorum()) {
      for (int i = 0; i < r.count(); i++) {
        seats.add(r.role());
      }
    }
  }

  /** How many seats the approvers can fill at most. */
  public int seatsFilled(List<List<String>> approverRoles) {
    int[] seatOwner = new int[seats.size()];
    Arrays.fill(seatOwner, -1);
    int filled = 0;
    for (int a = 0; a < approverRoles.size(); a++) {
      if (augment(a, approverRoles, seatOwner, new boolean[seats.size()])) {
        filled++;
      }
    }
    return filled;
  }

  public boolean filled(List<List<String>> approverRoles) {
    return seatsFilled(approverRoles) == seats.size();
  }

  /** The roles of seats left empty by the best assignment, for messages. */
  public List<String> stillNeeded(List<List<String>> approverRoles) {
    int[] seatOwner = new int[seats.size()];
    Arrays.fill(seatOwner, -1);
    for (int a = 0; a < approverRoles.size(); a++) {
      augment(a, approverRoles, seatOwner, new boolean[seats.size()]);
    }
    List<String> out = new ArrayList<>();
    for (int s = 0; s < seats.size(); s++) {
      if (seatOwner[s] < 0) {
        out.add(seats.get(s));
      }
    }
    return out;
  }

  /** Whether the actor holds any role of the quorum. */
  public boolean isApproverRole(Iterable<String> roles) {
    for (String r : roles) {
      if (seats.contains(r)) {
        return true;
      }
    }
    return false;
  }

  private boolean augment(int a, List<List<String>> roles, int[] seatOwner, boolean[] visited) {
    for (int s = 0; s < seats.size(); s++) {
      if (visited[s] || !roles.get(a).contains(seats.get(s))) {
        continue;
      }
      visited[s] = true;
      if (seatOwner[s] < 0 || augment(seatOwner[s], roles, seatOwner, visited)) {
        seatOwner[s] = a;
        return true;
      }
    }
    return false;
  }
}
