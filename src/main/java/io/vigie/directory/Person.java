package io.vigie.directory;

import java.util.Set;

/**
 * A person of the directory as vigie sees them.
 *
 * @param name their name in vigie: the value of the configured name attribute, the same whatever
 *     case was typed at login
 * @param displayName how pages and mails address them
 * @param mail their address, or null
 * @param roles the vigie roles their groups give (empty: they may open nothing)
 */
public record Person(String name, String displayName, String mail, Set<String> roles) {
  public Person {
    roles = Set.copyOf(roles);
  }
}
