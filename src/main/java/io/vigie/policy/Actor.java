package io.vigie.policy;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who does something to a window, as authenticated by the caller (the HTTP API, a test, the windows
 * file): a stable user name and the roles the user holds.
 *
 * <pre>{@code
 * Actor mayor = new Actor("m.dupont", Set.of("town_hall"));
 * }</pre>
 */
public record Actor(String who, Set<String> roles) {
  public Actor {
    if (who == null || who.isBlank()) {
      throw new IllegalArgumentException("missing 'who'");
    }
    // Sorted so that evidence and journal lines are stable.
    roles = roles == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(roles));
  }
}
