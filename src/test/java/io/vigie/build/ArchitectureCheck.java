package io.vigie.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks vigie's sources against {@link ArchitectureRules}: every arrow between packages (an
 * import, or a fully qualified name in the code) must be allowed by the table, domain packages must
 * not reach infrastructure libraries, and the packages must not form a cycle. Arrows listed as
 * known violations are tolerated, but only while they still exist and still break a rule.
 *
 * <pre>{@code
 * List<String> problems = new ArchitectureCheck(rules, knownText).check(Map.of("A.java", source));
 * }</pre>
 */
final class ArchitectureCheck {
  static final Set<String> DOMAIN =
      Set.of("flow", "protocol", "site", "policy", "firmware", "notice", "decode", "net");
  static final Set<String> NOT_IN_DOMAIN =
      Set.of("Netty", "Pcap4J", "JDBC", "Prometheus", "Jackson", "java.net.http");

  /** Comments, text blocks, strings and characters: names in them are not arrows. */
  private static final Pattern NOT_CODE =
      Pattern.compile(
          "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");

  /** A qualified name: lower-case segments, then a type (upper-case first letter). */
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.])((?:io|com|org|java|javax|jdk|picocli)(?:\\.[a-z_]\\w*)*)\\.[A-Z]\\w*");

  private static final Pattern KNOWN_LINE =
      Pattern.compile("\\s*([\\w.]+)\\s*->\\s*([\\w. ]+?)\\s*");

  private final ArchitectureRules rules;
  private final Set<String> known;

  ArchitectureCheck(ArchitectureRules rules, String knownViolations) {
    this.rules = rules;
    this.known = new LinkedHashSet<>();
    for (String line : knownViolations.lines().toList()) {
      String l = line.replaceFirst("#.*", "");
      if (l.isBlank()) {
        continue;
      }
      Matcher m = KNOWN_LINE.matcher(l);
      if (!m.matches()) {
        throw new IllegalArgumentException("known violations: not 'from -> to': " + line);
      }
      known.add(m.group(1) + " -> " + m.group(2));
    }
  }

  /**
   * Arrow ("from -> to", rows or libraries) to the files that draw it, from sources by file name.
   */
  Map<String, Set<String>> arrows(Map<String, String> sources) {
    Map<String, Set<String>> arrows = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    sources.forEach(
        (file, source) -> {
          Matcher p = PACKAGE.matcher(source);
          if (!p.find()) {
            problems.add(file + ": no package declaration");
            return;
          }
          String from = rules.rowOf(p.group(1));
          if (from == null) {
            problems.add(
                file
                    + ": package "
                    + p.group(1)
                    + " has no row in the table of docs/ARCHITECTURE.md");
            return;
          }
          String code = NOT_CODE.matcher(source).replaceAll(" ");
          Set<String> packages = new TreeSet<>();
          Matcher i = IMPORT.matcher(code);
          while (i.find()) {
            packages.add(packageOf(i.group(1)));
          }
          Matcher q = QUALIFIED.matcher(code.replaceAll("(?m)^(package|import)\\s[^;]*;", " "));
          while (q.find()) {
            packages.add(q.group(1));
          }
          for (String pkg : packages) {
            String to =
                pkg.equals(ArchitectureRules.ROOT) || pkg.startsWith(ArchitectureRules.ROOT + ".")
                    ? rules.rowOf(pkg)
                    : rules.libraryOf(pkg);
            if (to == null && (pkg.startsWith(ArchitectureRules.ROOT + ".") || !isJdk(pkg))) {
              problems.add(file + ": " + pkg + " is in neither table of docs/ARCHITECTURE.md");
            } else if (to != null && !to.equals(from)) {
              arrows.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>()).add(file);
            }
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
    return arrows;
  }

  /** Everything wrong with the sources, one line each; empty when they follow the doc. */
  List<String> check(Map<String, String> sources) {
    Map<String, Set<String>> arrows = arrows(sources);
    List<String> problems = new ArrayList<>();
    Set<String> broken = new LinkedHashSet<>();
    for (String arrow : arrows.keySet()) {
      String[] ends = arrow.split(" -> ");
      if (!rules.allows(ends[0], ends[1])) {
        broken.add(arrow);
      }
      if (DOMAIN.contains(ends[0]) && NOT_IN_DOMAIN.contains(ends[1])) {
        broken.add(arrow);
      }
    }
    Set<String> cyclic = onCycles(arrows.keySet());
    for (String arrow : broken) {
      if (!known.contains(arrow)) {
        problems.add(
            "not allowed by docs/ARCHITECTURE.md: "
                + arrow
                + " ("
                + String.join(", ", arrows.get(arrow))
                + ")");
      }
    }
    Set<String> tolerated = new HashSet<>(arrows.keySet());
    tolerated.removeAll(known);
    for (Set<String> cycle : cycles(tolerated)) {
      problems.add("cycle between packages " + cycle + ": " + cycleArrows(cycle, arrows));
    }
    for (String arrow : known) {
      if (!arrows.containsKey(arrow)) {
        problems.add("known violation gone, remove it from the list: " + arrow);
      } else if (!broken.contains(arrow) && !cyclic.contains(arrow)) {
        problems.add("known violation no longer breaks a rule, remove it from the list: " + arrow);
      }
    }
    return problems;
  }

  /**
   * A domain package the table itself lets reach infrastructure is a doc error, never tolerated.
   */
  List<String> checkTable() {
    List<String> problems = new ArrayList<>();
    for (String pkg : DOMAIN) {
      Set<String> may = rules.mayImport().getOrDefault(pkg, Set.of());
      for (String lib : NOT_IN_DOMAIN) {
        if (!rules.libraries().containsKey(lib)) {
          problems.add("library " + lib + " missing from the library table");
        } else if (may.contains(lib)
            || may.contains(ArchitectureRules.EVERYTHING)
            || rules.everyone().contains(lib)) {
          problems.add("the table lets domain package " + pkg + " import " + lib);
        }
      }
    }
    return problems;
  }

  private static String cycleArrows(Set<String> cycle, Map<String, Set<String>> arrows) {
    List<String> l = new ArrayList<>();
    arrows.forEach(
        (arrow, files) -> {
          String[] ends = arrow.split(" -> ");
          if (cycle.contains(ends[0]) && cycle.contains(ends[1])) {
            l.add(arrow + " (" + String.join(", ", files) + ")");
          }
        });
    return String.join("; ", l);
  }

  /** Arrows between two packages that reach each other. */
  private static Set<String> onCycles(Set<String> arrows) {
    Set<String> on = new HashSet<>();
    for (Set<String> cycle : cycles(arrows)) {
      for (String arrow : arrows) {
        String[] ends = arrow.split(" -> ");
        if (cycle.contains(ends[0]) && cycle.contains(ends[1])) {
          on.add(arrow);
        }
      }
    }
    return on;
  }

  /** The strongly connected components of more than one package (reachability both ways). */
  private static List<Set<String>> cycles(Set<String> arrows) {
    Map<String, Set<String>> reach = new LinkedHashMap<>();
    for (String arrow : arrows) {
      String[] ends = arrow.split(" -> ");
      reach.computeIfAbsent(ends[0], k -> new TreeSet<>()).add(ends[1]);
    }
    // Transitive closure by repeated expansion: a few dozen packages, cheap.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Set<String> targets : reach.values()) {
        for (String t : List.copyOf(targets)) {
          grew |= targets.addAll(reach.getOrDefault(t, Set.of()));
        }
      }
    }
    List<Set<String>> cycles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String a : reach.keySet()) {
      if (seen.contains(a) || !reach.get(a).contains(a)) {
        continue;
      }
      Set<String> component = new TreeSet<>();
      for (String b : reach.get(a)) {
        if (reach.getOrDefault(b, Set.of()).contains(a)) {
          component.add(b);
        }
      }
      seen.addAll(component);
      cycles.add(component);
    }
    return cycles;
  }

  private static String packageOf(String name) {
    List<String> segments = new ArrayList<>();
    for (String s : name.split("\\.")) {
      if (Character.isUpperCase(s.charAt(0))) {
        break;
      }
      segments.add(s);
    }
    return String.join(".", segments);
  }

  private static boolean isJdk(String pkg) {
    return pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk.");
  }
}
