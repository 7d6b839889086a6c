package io.vigie.api;

import java.util.Set;

/**
 * Who is calling: the token's configured name and roles. The name is what the audit trail and
 * the window journal record as the actor; the token itself is never kept.
 */
public record Principal(String name, Set<String> roles) {
  public Principal {
    roles = Set.copyOf(roles);
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
