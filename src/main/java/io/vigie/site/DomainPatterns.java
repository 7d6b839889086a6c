package io.vigie.site;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Domain names and wildcards ({@code *.cloud.example} matches any name below cloud.example, not
 * cloud.example itself), compared case-insensitively and without a trailing dot.
 */
final class DomainPatterns {
  private final Set<String> exact = new HashSet<>();
  private final List<String> suffixes;

  DomainPatterns(List<String> patterns) {
    List<String> sfx = new java.util.ArrayList<>();
    for (String p : patterns) {
      String n = normalise(p);
      if (n.startsWith("*.")) {
        sfx.add(n.substring(1));
      } else {
        exact.add(n);
      }
    }
    this.suffixes = List.copyOf(sfx);
  }

  boolean isEmpty() {
    return exact.isEmpty() && suffixes.isEmpty();
  }

  boolean matches(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String n = normalise(name);
    if (exact.contains(n)) {
      return true;
    }
    for (String s : suffixes) {
      if (n.endsWith(s) && n.length() > s.length()) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String s) {
    String n = s.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
