package io.vigie.web;

import java.util.HashSet;
import java.util.Set;

/**
 * Which roles open which view. Approvers (the quorum roles of the approval policy) decide on
 * windows; the security view is for approvers and admins; the reviewer view for reviewers and
 * admins. A vendor opens none: vendors use the API. The city view exists only on a hub ({@code
 * vigie hub}): there every role that opens a view opens it too; on a sensor {@code city} is empty,
 * so no page links to a route the sensor does not serve.
 *
 * <pre>{@code
 * Access a = Access.of(apiConfig.approverRoles());
 * if (principal.hasAnyRole(a.approver())) { ... }
 * }</pre>
 */
record Access(Set<String> approver, Set<String> security, Set<String> reviewer, Set<String> city) {
  static final String ADMIN = "admin";
  static final String REVIEWER = "reviewer";

  Access {
    approver = Set.copyOf(approver);
    security = Set.copyOf(security);
    reviewer = Set.copyOf(reviewer);
    city = Set.copyOf(city);
  }

  static Access of(Set<String> approverRoles) {
    Set<String> security = new HashSet<>(approverRoles);
    security.add(ADMIN);
    return new Access(approverRoles, security, Set.of(REVIEWER, ADMIN), Set.of());
  }

  /** The same, on a hub: the city view opens for every role that opens another view. */
  Access withCity() {
    return new Access(approver, security, reviewer, any());
  }

  /** Roles that open at least one view. */
  Set<String> any() {
    Set<String> all = new HashSet<>(approver);
    all.addAll(security);
    all.addAll(reviewer);
    all.addAll(city);
    return all;
  }
}
