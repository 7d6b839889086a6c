package io.vigie.web;

import java.util.HashSet;
import java.util.Set;

/**
 * Which roles open which view. Approvers (the quorum roles of the approval policy) decide on
 * windows; the security view is for approvers and admins; the reviewer view for reviewers and
 * admins. A vendor opens none: vendors use the API.
 *
 * <pre>{@code
 * Access a = Access.of(apiConfig.approverRoles());
 * if (principal.hasAnyRole(a.approver())) { ... }
 * }</pre>
 */
record Access(Set<String> approver, Set<String> security, Set<String> reviewer) {
  static final String ADMIN = "admin";
  static final String REVIEWER = "reviewer";

  Access {
    approver = Set.copyOf(approver);
    security = Set.copyOf(security);
    reviewer = Set.copyOf(reviewer);
  }

  static Access of(Set<String> approverRoles) {
    Set<String> security = new HashSet<>(approverRoles);
    security.add(ADMIN);
    return new Access(approverRoles, security, Set.of(REVIEWER, ADMIN));
  }

  /** Roles that open at least one view. */
  Set<String> any() {
    Set<String> all = new HashSet<>(approver);
    all.addAll(security);
    all.addAll(reviewer);
    return all;
  }
}
