package io.vigie.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/NOTICES.md is the catalogue as the code has it; when it is not, the failure says how to
 * regenerate it.
 */
class NoticesDocTest {
  private static final Path DOC = Path.of("docs/NOTICES.md");

  @Test
  void theDocListsTheCatalogueAsTheCodeHasIt() throws Exception {
    assertTrue(
        Files.exists(DOC),
        DOC.toAbsolutePath() + " is missing; generate it with: " + NoticesDoc.REGENERATE);
    String onDisk = Files.readString(DOC, StandardCharsets.UTF_8);
    assertEquals(
        NoticesDoc.markdown(),
        onDisk,
        "docs/NOTICES.md is out of date; regenerate it with: " + NoticesDoc.REGENERATE);
  }

  @Test
  void everyTypeHasItsRowWithSeverityAndMeaning() {
    String doc = NoticesDoc.markdown();
    for (NoticeType t : NoticeType.values()) {
      String row =
          "| `"
              + t.wireName()
              + "` | "
              + t.defaultSeverity().wireName()
              + " | "
              + t.meaning()
              + " |\n";
      assertTrue(doc.contains(row), row);
    }
    assertTrue(doc.contains(NoticesDoc.REGENERATE), "the doc says how it is made");
  }
}
