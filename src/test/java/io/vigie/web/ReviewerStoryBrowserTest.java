package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.report.DemoCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer reads the demo's case (replayed into a real store) as a story in Debian's headless
 * Chromium, narrows it, and prints it: the PDF downloaded is the one the chain records. Screenshots
 * under {@code target/screenshots/}.
 */
@Tag("system")
class ReviewerStoryBrowserTest {
  static final Path SHOTS = Path.of("target", "screenshots");
  static final String CAM05_EN =
      "The vendor Acme Vision (203.0.113.51) connected by SSH to camera cam-05 at 10:01:30"
          + " (09:01:30 UTC) without an approved window.";

  @TempDir Path dir;
  WebKit kit;
  Chromium chromium;
  CdpPage page;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Chromium.DEBIAN),
        "no " + Chromium.DEBIAN + ": apt-get install -y chromium to run the browser tests");
    DemoCase.replay(dir, dir.resolve("evidence.db"));
    kit = new WebKit(dir, null, null, DemoCase.names(dir));
    chromium = Chromium.start(Chromium.DEBIAN, dir.resolve("profile"));
    page = chromium.newPage();
  }

  @AfterEach
  void stop() {
    if (page != null) {
      page.close();
    }
    if (chromium != null) {
      chromium.close();
    }
    if (kit != null) {
      kit.close();
    }
  }

  private String url(String path) {
    return kit.uri(path).toString();
  }

  private void login(String lang) throws Exception {
    page.navigate(url("/ui/login?lang=" + lang));
    page.type("token", WebKit.token("auditor"));
    page.submit("document.querySelector('form.login button').click()");
  }

  @Test
  void theDemosCaseReadsAsAStoryWithIncidentsFirst() throws Exception {
    login("en");
    page.navigate(url("/ui/reviewer?lang=en"));
    String text = page.text();
    assertTrue(text.contains(CAM05_EN), text);
    assertTrue(
        text.contains(
            "The vendor Acme Vision (203.0.113.50) connected by SSH to camera cam-03 at 10:00:30"
                + " (09:00:30 UTC), authorised by window W-DEMO-1."),
        text);
    // Incidents come before the timeline, and each is set apart by its severity.
    assertTrue(text.indexOf("Incidents (8)") < text.indexOf("Timeline ("), text);
    assertEquals("8", page.eval("String(document.querySelectorAll('article.incident').length)"));
    assertEquals(
        "1", page.eval("String(document.querySelectorAll('article.sev-critical').length)"));
    // No raw keys, no float times, no Community ID as a subject: those stay in small references.
    assertFalse(text.contains("direction=") || text.contains("end_reason"), text);
    assertFalse(text.matches("(?s).*\\d\\.\\d+E9.*"), text);
    assertFalse(text.contains("1:uF5i9wtFGpFS5yQmaNbBSxxOV4Y="), "the Community ID is folded");
    // Background traffic folded away: counted, its rows not shown until opened.
    assertTrue(text.contains("Background traffic folded away (14 sessions)"), text);
    assertFalse(text.contains("13 NTP sessions"), text);
    page.eval("document.querySelector('details.background').open = true");
    assertTrue(page.text().contains("13 NTP sessions"), page.text());
    page.eval("document.querySelector('details.background').open = false");
    page.fullScreenshot(SHOTS.resolve("reviewer-story.png"));

    // The filters work: a device, then a notice type.
    page.navigate(url("/ui/reviewer?device=cam-05"));
    assertEquals("1", page.eval("String(document.querySelectorAll('article.incident').length)"));
    assertTrue(page.text().contains(CAM05_EN), page.text());
    // The incident's session opens on its sentence, then the record as kept.
    page.submit("document.querySelector('article.incident details.evidence a').click()");
    assertTrue(
        page.text()
            .contains(
                "The vendor Acme Vision (203.0.113.51) connected by SSH to camera cam-05 at"
                    + " 10:01:30 (09:01:30 UTC), without an approved window."),
        page.text());
    page.navigate(url("/ui/reviewer?type=platform_registration"));
    String one = page.text();
    assertEquals("1", page.eval("String(document.querySelectorAll('article.incident').length)"));
    assertTrue(one.contains("Camera cam-08 registered by GB28181"), one);
    assertFalse(one.contains(CAM05_EN), one);
  }

  @Test
  void theReviewerPrintsTheCaseInFrenchAndTheDownloadIsChained() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/pdftotext")),
        "no pdftotext: apt-get install -y poppler-utils to read the downloaded report");
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    page.downloadsTo(downloads);
    login("fr");
    page.navigate(url("/ui/reviewer?lang=fr"));
    assertTrue(page.text().contains("Connexion SSH par le prestataire Acme Vision"), page.text());
    page.screenshot(SHOTS.resolve("reviewer-story-fr.png"));
    page.forgetEvents();
    page.eval("document.getElementById('report-fr').click()");
    String guid =
        page.awaitEvent("Page.downloadProgress", p -> "completed".equals(p.path("state").asText()))
            .path("guid")
            .asText();
    Path pdf = downloaded(downloads, guid);
    byte[] bytes = Files.readAllBytes(pdf);
    Process p =
        new ProcessBuilder("pdftotext", pdf.toString(), "-").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), "UTF-8").replaceAll("\\s+", " ");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(
        text.contains(
            "Connexion SSH par le prestataire Acme Vision (203.0.113.51) vers la caméra cam-05"),
        text);
    assertTrue(text.contains("INTACTE"), text);
    // The download is itself evidence: who printed which PDF (its SHA-256), in the chain.
    kit.store.flush();
    List<TimelineEntry> all = Timeline.read(kit.db, TimelineFilter.ALL);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertTrue(
        all.stream()
            .anyMatch(
                e ->
                    "ui_report_download".equals(e.kind())
                        && "auditor".equals(e.fields().path("principal").asText())
                        && sha.equals(e.fields().path("sha256").asText())
                        && "fr".equals(e.fields().path("lang").asText())),
        "a ui_report_download record with the PDF's hash");
  }

  private static Path downloaded(Path dir, String guid) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> pdf =
          files
              .filter(
                  f ->
                      f.getFileName().toString().endsWith(".pdf")
                          || f.getFileName().toString().equals(guid))
              .findFirst();
      return pdf.orElseThrow(() -> new AssertionError("no PDF in " + dir));
    }
  }
}
