package io.vigie.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineFilter;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printed case stops at its limits and says how much it left out and where the rest is: a
 * reviewer's click must not build a PDF of a year of records in the appliance's memory.
 */
class CaseReportLimitsTest {
  @TempDir static Path dir;
  static CaseStory story;
  static Narrator en;

  @BeforeAll
  static void replay() throws Exception {
    Path db = DemoCase.replay(dir, dir.resolve("case.db"));
    SiteNames names = DemoCase.names(dir);
    story = CaseStory.of(Timeline.read(db, TimelineFilter.ALL), names);
    en = Narrator.of("en", names);
  }

  /** What the report printed, one string per call, prefixed by the kind of block. */
  static final class Lines implements PrintedDocument {
    final List<String> lines = new ArrayList<>();

    @Override
    public void title(String text) {
      lines.add("title " + text);
    }

    @Override
    public void heading(String text) {
      lines.add("heading " + text);
    }

    @Override
    public void subheading(String text) {
      lines.add("subheading " + text);
    }

    @Override
    public void paragraph(String text) {
      lines.add("paragraph " + text);
    }

    @Override
    public void strong(String text) {
      lines.add("strong " + text);
    }

    @Override
    public void code(String text) {
      lines.add("code " + text);
    }

    @Override
    public void bullet(String text) {
      lines.add("bullet " + text);
    }

    @Override
    public void save(OutputStream out) {}

    long count(String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    boolean has(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }
  }

  private static Lines print(CaseReport.Limits limits) {
    Lines d = new Lines();
    CaseReport.write(
        story,
        new CaseReport.Verification(null, "not verified in this test"),
        en,
        new CaseReport.Info("test", Instant.parse("2026-12-02T10:00:00Z"), "case.db"),
        d,
        limits);
    return d;
  }

  @Test
  void withinTheLimitsEverythingIsPrintedAndNothingSaysOtherwise() {
    assertTrue(story.incidents().size() >= 2, "the demo case has incidents to cut");
    assertTrue(story.events().size() >= 3, "the demo case has events to cut");
    Lines d = print(CaseReport.Limits.DEFAULT);
    assertEquals(story.incidents().size(), d.count("subheading "));
    assertTrue(!d.has("not printed here"), "nothing is left out");
  }

  @Test
  void beyondTheLimitsTheReportSaysHowManyAreLeftOutAndWhere() {
    int incidents = story.incidents().size();
    int events = story.events().size();
    Lines d = print(new CaseReport.Limits(1, 2));
    assertEquals(1, d.count("subheading "), "one incident printed in detail");
    assertTrue(d.has((incidents - 1) + " more incidents are not printed here"), d.lines.toString());
    assertTrue(
        d.has((events - 2) + " more timeline events are not printed here"), d.lines.toString());
    assertTrue(d.has("code vigie evidence timeline case.db --json"));
    // The summary still counts every incident.
    assertTrue(
        d.lines.stream().anyMatch(l -> l.startsWith("paragraph " + incidents + " ")),
        "summary counts all " + incidents + ": " + d.lines);
  }
}
