package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.BundleVerifier;
import io.vigie.evidence.VerifyOptions;
import io.vigie.evidence.VerifyResult;
import io.vigie.policy.Window;
import io.vigie.policy.WindowState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in Debian's headless Chromium against a real vigie on loopback: the approvers' quorum,
 * a vendor kept out, a revoke, a reviewer's bundle that verifies. Each view's screenshot is kept
 * under {@code target/screenshots/}.
 */
@Tag("system")
class BrowserTest {
  static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;
  WebKit kit;
  Chromium chromium;
  CdpPage page;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Chromium.DEBIAN),
        "no " + Chromium.DEBIAN + ": apt-get install -y chromium to run the browser tests");
    kit = new WebKit(dir, null);
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

  private void login(String principal, String lang) throws Exception {
    page.navigate(url("/ui/login?lang=" + lang));
    page.type("token", WebKit.token(principal));
    page.submit("document.querySelector('form.login button').click()");
  }

  private void logout() throws Exception {
    page.submit("document.querySelector('form.logout button').click()");
    assertEquals("/ui/login", page.eval("location.pathname"));
  }

  private void click(String form) throws Exception {
    page.submit("document.querySelector('form[action=\"" + form + "\"] button').click()");
  }

  @Test
  void approversCompleteTheQuorumThenRevoke() throws Exception {
    Window old = kit.request("acme", "Replace the lens of cam-001");
    kit.seedEvidence(old.id());
    kit.windows.reject(
        old.id(), new io.vigie.policy.Actor("mayor", java.util.Set.of("town_hall")), "not now");
    Window w = kit.request("acme", "Upgrade cam-001 to firmware 5.7.3");
    String approve = WebPaths.window(w.id(), "approve");

    page.navigate(url("/ui/login?lang=fr"));
    page.screenshot(SHOTS.resolve("login.png"));
    login("mayor", "fr");
    assertEquals("/ui", page.eval("location.pathname"));
    page.navigate(url("/ui/approver"));
    String pending = page.text();
    assertTrue(
        pending.contains(w.id()) && pending.contains("ACME-4711") && pending.contains("5.7.3"),
        pending);
    assertTrue(
        pending.contains("vendor_access_outside_window"),
        "the requester's past violations: " + pending);
    page.fullScreenshot(SHOTS.resolve("approver.png"));
    page.type("ar-" + w.id(), "OK pour la mise à jour");
    click(approve);
    assertTrue(page.text().contains("attend encore le reste du quorum"), page.text());
    assertEquals(
        WindowState.REQUESTED, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
    logout();

    login("secu", "en");
    page.navigate(url("/ui/approver"));
    click(approve);
    assertTrue(page.text().contains("the window is now active"), page.text());
    assertEquals(
        WindowState.ACTIVE, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
    page.screenshot(SHOTS.resolve("approver-active.png"));

    page.navigate(url("/ui/security"));
    String security = page.text();
    assertTrue(security.contains("Active windows (1)") && security.contains(w.id()), security);
    assertTrue(
        security.contains("5.8.0-beta"), "the camera's difference from its baseline: " + security);
    page.fullScreenshot(SHOTS.resolve("security.png"));

    page.navigate(url("/ui/approver"));
    page.type("rv-" + w.id(), "unexpected RDP from the vendor");
    click(WebPaths.window(w.id(), "revoke"));
    assertTrue(page.text().contains("is revoked"), page.text());
    Window revoked = kit.windows.get(w.id()).orElseThrow();
    assertEquals(WindowState.REVOKED, revoked.stateAt(kit.clock.instant()));
    assertEquals(kit.clock.instant(), revoked.cutoff(), "the revoke takes effect at once");
  }

  @Test
  void aVendorTokenCannotOpenTheApproverView() throws Exception {
    kit.request("acme", "Upgrade cam-001");
    login("acme", "fr");
    assertTrue(page.text().contains("les prestataires utilisent l’API"), page.text());
    page.navigate(url("/ui/approver"));
    assertEquals("/ui/login", page.eval("location.pathname"), "no session, back to the login page");
    assertTrue(!page.text().contains("ACME-4711"), page.text());
    page.screenshot(SHOTS.resolve("vendor-refused.png"));
  }

  @Test
  void aReviewerExportsABundleThatVerifies() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    kit.seedEvidence(w.id());
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    page.downloadsTo(downloads);
    login("auditor", "en");
    page.navigate(url("/ui/reviewer?lang=en"));
    String timeline = page.text();
    assertTrue(
        timeline.contains("Intact")
            && timeline.contains("The vendor 203.0.113.5 connected by SSH to device cam-001"),
        timeline);
    page.fullScreenshot(SHOTS.resolve("reviewer.png"));

    page.submit("document.querySelector('article.incident details.evidence a').click()");
    assertTrue(
        page.text().contains("Download the pcap") && page.text().contains("SSH-2.0-OpenSSH_9.2"),
        page.text());
    page.screenshot(SHOTS.resolve("session.png"));

    page.navigate(url("/ui/reviewer?window=" + w.id()));
    page.forgetEvents();
    page.eval("document.getElementById('export').click()");
    String guid =
        page.awaitEvent("Page.downloadProgress", p -> "completed".equals(p.path("state").asText()))
            .path("guid")
            .asText();
    Path bundle = downloaded(downloads, guid);
    VerifyResult r = BundleVerifier.verify(bundle, VerifyOptions.DEFAULT);
    assertTrue(r.intact(), String.valueOf(r.finding()));
    assertTrue(r.summary().contains("1 pcap slice") || r.summary().contains("slice"), r.summary());
  }

  /** The finished download: named after the suggested file name, or after its guid. */
  private static Path downloaded(Path dir, String guid) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> zip =
          files
              .filter(
                  p ->
                      p.getFileName().toString().endsWith(".zip")
                          || p.getFileName().toString().equals(guid))
              .findFirst();
      return zip.orElseThrow(() -> new AssertionError("no bundle in " + dir));
    }
  }
}
