package io.vigie.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineFilter;
import io.vigie.notice.Severity;
import io.vigie.report.CaseStory.Incident;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's case, replayed into a real store, told as a story. */
class CaseStoryTest {
  @TempDir static Path dir;
  static CaseStory story;
  static SiteNames names;

  @BeforeAll
  static void replay() throws Exception {
    Path db = DemoCase.replay(dir, dir.resolve("case.db"));
    names = DemoCase.names(dir);
    story = CaseStory.of(Timeline.read(db, TimelineFilter.ALL), names);
  }

  @Test
  void incidentsComeInTimeOrderAndTheVendorsVisitToCam05ReadsAsASentence() {
    List<Incident> in = story.incidents();
    for (int i = 1; i < in.size(); i++) {
      assertTrue(in.get(i - 1).tsNanos() <= in.get(i).tsNanos(), "time order at " + i);
    }
    Incident last = in.get(in.size() - 1);
    assertEquals("vendor_access_outside_window", last.note());
    assertEquals(
        "The vendor Acme Vision (203.0.113.51) connected by SSH to camera cam-05 at 10:01:30"
            + " (09:01:30 UTC) without an approved window.",
        Narrator.of("en", names).sentence(last));
    assertEquals(
        "Connexion SSH par le prestataire Acme Vision (203.0.113.51) vers la caméra cam-05 à"
            + " 10:01:30 (09:01:30 UTC), sans fenêtre de maintenance approuvée.",
        Narrator.of("fr", names).sentence(last));
    // Its evidence: the session and its pcap slice, joined by the Community ID.
    assertEquals(1, last.sessions().size());
    assertTrue(last.evidence().stream().anyMatch(e -> "slice".equals(e.kind())));
    assertEquals(last.communityId(), last.sessions().get(0).subject());
  }

  @Test
  void oneSessionsNoticesMakeOneIncidentToldFromTheMostSevere() {
    Incident cam08 =
        story.incidents().stream()
            .filter(i -> "cam-08".equals(i.camera()))
            .findFirst()
            .orElseThrow();
    assertEquals(Severity.CRITICAL, cam08.severity());
    assertEquals("platform_registration", cam08.note());
    assertEquals(3, cam08.notices().size(), "new endpoint, phone home, registration");
    assertEquals(
        1,
        story.incidents().stream()
            .filter(i -> cam08.communityId().equals(i.communityId()))
            .count());
  }

  @Test
  void backgroundTrafficIsFoldedAndNotInTheTimeline() {
    assertTrue(story.background().getOrDefault("ntp", 0) >= 12, story.background().toString());
    assertTrue(
        story.events().stream()
            .noneMatch(e -> "ntp".equals(e.entry().fields().path("app").asText())),
        "no NTP session in the timeline");
    // The authorised vendor session to cam-03 is not background, and is in the timeline.
    Narrator en = Narrator.of("en", names);
    assertTrue(
        story.events().stream()
            .anyMatch(
                e ->
                    e.incident() == null
                        && en.sentence(e.entry())
                            .equals(
                                "The vendor Acme Vision (203.0.113.50) connected by SSH to camera"
                                    + " cam-03 at 10:00:30 (09:00:30 UTC), authorised by window"
                                    + " W-DEMO-1.")),
        "the authorised SSH session");
  }

  @Test
  void filtersNarrowIncidentsAndTimelineAlike() {
    CaseStory cam05 = story.filtered(new CaseStory.Filter("cam-05", null, null));
    assertEquals(1, cam05.incidents().size());
    assertEquals("vendor_access_outside_window", cam05.incidents().get(0).note());
    assertTrue(cam05.events().size() >= 1 && cam05.events().size() < story.events().size());

    CaseStory window = story.filtered(new CaseStory.Filter(null, "W-DEMO-1", null));
    assertFalse(window.incidents().isEmpty());
    assertTrue(window.incidents().stream().allMatch(i -> "W-DEMO-1".equals(i.window())));
    assertTrue(window.incidents().size() < story.incidents().size());

    CaseStory type = story.filtered(new CaseStory.Filter(null, null, "firmware_transfer"));
    // The files sent to cam-04 and cam-06, and the certified image inside cam-03's HTTP incident.
    assertEquals(3, type.incidents().size());
    assertTrue(
        type.events().stream().allMatch(e -> e.incident() != null),
        "a type filter keeps only its incidents");

    assertTrue(story.filtered(new CaseStory.Filter("cam-99", null, null)).incidents().isEmpty());
  }
}
