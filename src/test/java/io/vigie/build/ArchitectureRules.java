package io.vigie.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "may import" table and the library table of {@code docs/ARCHITECTURE.md}, parsed: the doc is
 * the only place the rules are written.
 *
 * <pre>{@code
 * | package | job | may import |          | library | Java packages |
 * | `site` | ... | config, flow |          | Jackson | `com.fasterxml.jackson` |
 * }</pre>
 *
 * Package names are relative to {@code io.vigie} (except the root itself); "everything" allows
 * every package but the root and every library; the row "(every package)" names what all may
 * import.
 */
record ArchitectureRules(
    Map<String, Set<String>> mayImport, Set<String> everyone, Map<String, List<String>> libraries) {
  static final String ROOT = "io.vigie";
  static final String EVERYTHING = "everything";
  private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

  static ArchitectureRules parse(String doc) {
    Map<String, Set<String>> may = new LinkedHashMap<>();
    Set<String> everyone = new LinkedHashSet<>();
    Map<String, List<String>> libraries = new LinkedHashMap<>();
    Map<String, String> rawMay = new LinkedHashMap<>();
    String table = null;
    for (String line : doc.lines().toList()) {
      if (!line.startsWith("|")) {
        table = null;
        continue;
      }
      String[] cells = line.split("\\|", -1);
      if (line.startsWith("| package | job | may import |")) {
        table = "packages";
      } else if (line.startsWith("| library | Java packages |")) {
        table = "libraries";
      } else if (line.startsWith("|---") || table == null) {
        continue;
      } else if (table.equals("packages")) {
        if (cells.length != 5) {
          throw new IllegalArgumentException(
              "ARCHITECTURE.md: a package row needs 3 cells: " + line);
        }
        if (cells[1].strip().equals("(every package)")) {
          everyone.addAll(names(cells[3]));
          continue;
        }
        for (String pkg : ticked(cells[1])) {
          if (rawMay.put(pkg, cells[3]) != null) {
            throw new IllegalArgumentException("ARCHITECTURE.md: package " + pkg + " has two rows");
          }
        }
      } else {
        List<String> pkgs = ticked(cells[2]);
        if (cells.length != 4 || pkgs.isEmpty()) {
          throw new IllegalArgumentException(
              "ARCHITECTURE.md: a library row needs a name and its packages: " + line);
        }
        libraries.put(cells[1].strip(), pkgs);
      }
    }
    if (rawMay.isEmpty() || libraries.isEmpty()) {
      throw new IllegalArgumentException(
          "ARCHITECTURE.md: the package or the library table is missing");
    }
    rawMay.forEach((pkg, cell) -> may.put(pkg, names(cell)));
    ArchitectureRules rules =
        new ArchitectureRules(Map.copyOf(may), Set.copyOf(everyone), Map.copyOf(libraries));
    // A name the tables do not define is a typo that would silently allow nothing.
    List<String> unknown = new ArrayList<>();
    may.forEach(
        (pkg, names) ->
            names.stream()
                .filter(n -> !n.equals(EVERYTHING) && !rules.defines(n))
                .forEach(n -> unknown.add(pkg + " -> " + n)));
    everyone.stream()
        .filter(n -> !rules.defines(n))
        .forEach(n -> unknown.add("(every package) -> " + n));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "ARCHITECTURE.md: may import a name that is no package or library: " + unknown);
    }
    return rules;
  }

  boolean defines(String name) {
    return mayImport.containsKey(name) || libraries.containsKey(name);
  }

  boolean allows(String from, String to) {
    Set<String> may = mayImport.getOrDefault(from, Set.of());
    return everyone.contains(to)
        || may.contains(to)
        || may.contains(EVERYTHING) && (!to.equals(ROOT) || from.equals(ROOT));
  }

  /**
   * The row of a Java package of vigie: the longest row name it is, or is below; the root only as
   * itself.
   */
  String rowOf(String javaPackage) {
    if (javaPackage.equals(ROOT)) {
      return mayImport.containsKey(ROOT) ? ROOT : null;
    }
    String best = null;
    for (String row : mayImport.keySet()) {
      String full = ROOT + "." + row;
      if ((javaPackage.equals(full) || javaPackage.startsWith(full + "."))
          && (best == null || row.length() > best.length())) {
        best = row;
      }
    }
    return best;
  }

  /** The library owning a Java package, or null. */
  String libraryOf(String javaPackage) {
    String best = null;
    int bestLength = -1;
    for (Map.Entry<String, List<String>> e : libraries.entrySet()) {
      for (String prefix : e.getValue()) {
        if ((javaPackage.equals(prefix) || javaPackage.startsWith(prefix + "."))
            && prefix.length() > bestLength) {
          best = e.getKey();
          bestLength = prefix.length();
        }
      }
    }
    return best;
  }

  private static List<String> ticked(String cell) {
    List<String> l = new ArrayList<>();
    Matcher m = TICKED.matcher(cell);
    while (m.find()) {
      l.add(m.group(1));
    }
    return l;
  }

  private static Set<String> names(String cell) {
    Set<String> s = new LinkedHashSet<>();
    for (String part : cell.split(",")) {
      String n = part.replace("`", "").strip();
      if (!n.isEmpty() && !n.equals("—")) {
        s.add(n);
      }
    }
    return s;
  }
}
