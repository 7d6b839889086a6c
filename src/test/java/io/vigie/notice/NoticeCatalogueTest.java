package io.vigie.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every notice in the product is built from the {@link NoticeType} catalogue: the sources are read
 * and a notice built anywhere else (from a bare string, with a severity picked on the spot) is
 * named with its file and line.
 */
class NoticeCatalogueTest {
  private static final Path MAIN = Path.of("src/main/java");

  /** A Notice built by hand; the catalogue's own factory methods are the one place allowed. */
  private static final Pattern BUILT =
      Pattern.compile("new\\s+(io\\.vigie\\.notice\\.)?Notice\\s*\\(");

  private static final Path CATALOGUE = Path.of("io/vigie/notice/NoticeType.java");

  @Test
  void noNoticeIsBuiltOutsideTheCatalogue() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the project directory: " + MAIN.toAbsolutePath());
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        scanned++;
        if (MAIN.relativize(f).equals(CATALOGUE)) {
          continue;
        }
        offenders.addAll(builtIn(f, Files.readString(f)));
      }
    }
    assertTrue(scanned > 100, "scanned only " + scanned + " files");
    assertEquals(
        List.of(),
        offenders,
        "build these notices with NoticeType.<TYPE>.notice(...); a new type is one "
            + "line in io.vigie.notice.NoticeType");
  }

  @Test
  void theScanFindsANoticeBuiltFromABareString() {
    String source =
        """
        class X {
          Notice n() {
            return new Notice(ts, "brute_force", Severity.HIGH, id, null, msg, null, null);
          }
        }
        """;
    assertEquals(List.of("X.java:3"), builtIn(Path.of("X.java"), source));
  }

  @Test
  void wireNamesAreUniqueSnakeCaseAndEveryTypeSaysWhatItMeans() {
    Set<String> names = new HashSet<>();
    for (NoticeType t : NoticeType.values()) {
      assertTrue(t.wireName().matches("[a-z][a-z0-9_]*"), t.wireName());
      assertTrue(names.add(t.wireName()), "duplicate " + t.wireName());
      assertTrue(
          t.meaning().endsWith(".") && !t.meaning().contains("\n") && t.meaning().length() > 10,
          t + ": " + t.meaning());
      assertEquals(t, NoticeType.find(t.wireName()).orElseThrow());
    }
    // The types the other parts raise are in the one catalogue, not in their own lists.
    for (String other :
        List.of(
            "firmware_transfer",
            "privacy_analytics_present",
            "analytics_added",
            "gate_bypass",
            "gate_refused",
            "evidence_chain_broken")) {
      assertTrue(NoticeType.find(other).isPresent(), other);
    }
  }

  @Test
  void aNoticeFromTheCatalogueCarriesItsTypeAndDefaultSeverityUnlessTheFactsSayOtherwise() {
    Notice n = NoticeType.GATE_BYPASS.notice(5, "id", "1:c", "m", "W-1", "cam-1");
    assertEquals("gate_bypass", n.note());
    assertEquals(Severity.HIGH, n.severity());
    assertEquals("cam-1", n.camera());
    Notice expected =
        NoticeType.FIRMWARE_CHANGED.notice(5, Severity.INFO, "id", null, "m", "W-1", "cam-1");
    assertEquals(Severity.INFO, expected.severity());
    assertEquals("firmware_changed", expected.note());
  }

  private static List<String> builtIn(Path file, String source) {
    List<String> found = new ArrayList<>();
    Matcher m = BUILT.matcher(source);
    while (m.find()) {
      int line = 1;
      for (int i = 0; i < m.start(); i++) {
        if (source.charAt(i) == '\n') {
          line++;
        }
      }
      found.add(file + ":" + line);
    }
    return found;
  }
}
