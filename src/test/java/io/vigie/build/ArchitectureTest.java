package io.vigie.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between vigie's packages follow the tables of {@code docs/ARCHITECTURE.md}; the ones
 * that do not yet are listed in {@code known-violations.txt}, which may only shrink.
 */
class ArchitectureTest {
  static final Path DOC = Path.of("docs/ARCHITECTURE.md");
  static final Path MAIN = Path.of("src/main/java");

  private final ArchitectureRules rules = ArchitectureRules.parse(read(DOC));

  @Test
  void theSourcesFollowTheTableOfTheArchitectureDoc() throws IOException {
    List<String> problems = new ArchitectureCheck(rules, knownViolations()).check(sources(MAIN));
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void theTableKeepsDomainPackagesAwayFromInfrastructure() {
    assertEquals(List.of(), new ArchitectureCheck(rules, "").checkTable());
  }

  @Test
  void theTableReadsAsTheDocSays() {
    assertTrue(rules.allows("site", "flow"));
    assertTrue(rules.allows("firmware.onvif", "java.net.http"));
    assertTrue(rules.allows("config", "net"), "everyone may import the network values");
    assertTrue(rules.allows("daemon", "gate") && rules.allows("daemon", "Netty"), "everything");
    assertTrue(
        !rules.allows("cli", "io.vigie") && rules.allows("io.vigie", "cli"),
        "nothing imports the root");
    assertTrue(!rules.allows("flow", "site") && !rules.allows("policy", "Jackson"));
    assertEquals("firmware.onvif", rules.rowOf("io.vigie.firmware.onvif.soap"));
    assertEquals("firmware", rules.rowOf("io.vigie.firmware"));
    assertEquals(null, rules.rowOf("io.vigie.nosuch"));
    assertEquals("JDBC", rules.libraryOf("org.sqlite.core"));
    assertEquals(null, rules.libraryOf("io.nettyx"));
  }

  // The check itself, on small sources: each rule can fail.

  private static final String SITE =
      "package io.vigie.site;\nimport io.vigie.flow.Session;\nclass SiteModel {}\n";

  @Test
  void aBackArrowIsCaught() {
    String flow = "package io.vigie.flow;\nimport io.vigie.site.SiteModel;\nclass FlowTable {}\n";
    List<String> problems =
        new ArchitectureCheck(rules, "")
            .check(Map.of("FlowTable.java", flow, "SiteModel.java", SITE));
    assertTrue(
        problems.contains("not allowed by docs/ARCHITECTURE.md: flow -> site (FlowTable.java)"),
        problems::toString);
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("cycle between packages [flow, site]")),
        problems::toString);
  }

  @Test
  void aFullyQualifiedNameIsAnArrowButOneInACommentOrStringIsNot() {
    String flow =
        "package io.vigie.flow;\n// io.vigie.site.SiteModel is not used\nclass F {\n"
            + "  String s = \"io.vigie.gate.Gate\";\n  Object o = new io.vigie.site.SiteModel();\n}\n";
    assertEquals(
        Map.of("flow -> site", java.util.Set.of("F.java")),
        new ArchitectureCheck(rules, "").arrows(Map.of("F.java", flow)));
  }

  @Test
  void aDomainPackageReachingInfrastructureIsCaught() {
    String policy =
        "package io.vigie.policy;\nimport java.sql.Connection;\nimport java.net.http.HttpClient;\nclass P {}\n";
    List<String> problems = new ArchitectureCheck(rules, "").check(Map.of("P.java", policy));
    assertEquals(
        List.of(
            "not allowed by docs/ARCHITECTURE.md: policy -> JDBC (P.java)",
            "not allowed by docs/ARCHITECTURE.md: policy -> java.net.http (P.java)"),
        problems);
  }

  @Test
  void aKnownViolationIsToleratedOnlyWhileItExists() {
    String config = "package io.vigie.config;\nimport io.vigie.decode.DecodedPacket;\nclass C {}\n";
    assertEquals(
        List.of(),
        new ArchitectureCheck(rules, "config -> decode # a flyweight\n")
            .check(Map.of("C.java", config)));
    assertEquals(
        List.of("known violation gone, remove it from the list: config -> decode"),
        new ArchitectureCheck(rules, "config -> decode\n").check(Map.of("S.java", SITE)));
    assertEquals(
        List.of("known violation no longer breaks a rule, remove it from the list: site -> flow"),
        new ArchitectureCheck(rules, "site -> flow\n").check(Map.of("S.java", SITE)));
  }

  @Test
  void aPackageOrLibraryTheDocDoesNotNameIsAnError() {
    String odd = "package io.vigie.shiny;\nclass X {}\n";
    assertThrows(
        IllegalStateException.class,
        () -> new ArchitectureCheck(rules, "").check(Map.of("X.java", odd)));
    String lib = "package io.vigie.flow;\nimport org.example.Thing;\nclass Y {}\n";
    assertThrows(
        IllegalStateException.class,
        () -> new ArchitectureCheck(rules, "").check(Map.of("Y.java", lib)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ArchitectureRules.parse(
                "| package | job | may import |\n|---|---|---|\n| `flow` | x | decod |\n\n| library | Java packages |\n|---|---|\n| J | `j` |\n"));
  }

  static String knownViolations() {
    try (InputStream in = ArchitectureTest.class.getResourceAsStream("known-violations.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> sources(Path root) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        sources.put(root.relativize(f).toString(), read(f));
      }
    }
    return sources;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
