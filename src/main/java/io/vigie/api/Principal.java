package io.vigie.api;

import java.util.Set;

/**
 * Who is calling: the token's configured name and roles, and the person the token belongs to. The
 * name is what the audit trail and the window journal record as the actor; the person is who counts
 * in a quorum and whose web sessions are capped together. The token itself is never kept.
 */
public record Principal(String name, Set<String> roles, String person) {
  /** A principal that is its own person. */
  public Principal(String name, Set<String> roles) {
    this(name, roles, null);
  }

  public Principal {
    roles = Set.copyOf(roles);
    person = person == null ? name : person;
  }

  /** True when this principal holds at least one of {@code wanted}. */
  public boolean hasAnyRole(Set<String> wanted) {
    for (String r : wanted) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
