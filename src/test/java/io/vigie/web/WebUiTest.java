package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.evidence.BundleVerifier;
import io.vigie.evidence.StoreVerifier;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.VerifyOptions;
import io.vigie.evidence.VerifyResult;
import io.vigie.metrics.InterfaceStats;
import io.vigie.policy.Window;
import io.vigie.policy.WindowState;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over real HTTP on loopback: sessions, CSRF, roles, what pages show and never show. */
class WebUiTest {
  @TempDir Path dir;
  WebKit kit;

  @BeforeEach
  void start() throws Exception {
    kit = new WebKit(dir, null);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private Visitor as(String principal) throws Exception {
    Visitor v = new Visitor(kit);
    HttpResponse<String> r = v.login(principal);
    assertEquals(303, r.statusCode(), r.body());
    return v;
  }

  @Test
  void loginGivesAHardenedSessionCookieAndLogoutEndsIt() throws Exception {
    Visitor v = new Visitor(kit);
    HttpResponse<String> r = v.login("mayor");
    assertEquals(303, r.statusCode());
    assertEquals("/ui", r.headers().firstValue("location").orElseThrow());
    String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    assertTrue(setCookie.startsWith("vigie_session="), setCookie);
    assertTrue(setCookie.contains("; HttpOnly"), setCookie);
    assertTrue(setCookie.contains("; SameSite=Strict"), setCookie);
    assertFalse(setCookie.contains("Secure"), "no Secure flag on plain HTTP: " + setCookie);

    HttpResponse<String> home = v.get("/ui");
    assertEquals(200, home.statusCode());
    assertTrue(home.body().contains("mayor"));
    assertTrue(
        home.headers()
            .firstValue("content-security-policy")
            .orElseThrow()
            .contains("default-src 'none'"));

    String csrf = v.csrf("/ui");
    HttpResponse<String> out = v.post("/ui/logout", Map.of("csrf", csrf), v.origin());
    assertEquals(303, out.statusCode());
    assertEquals(
        303, v.get("/ui/approver").statusCode(), "the old cookie no longer opens anything");
    assertEquals("/ui/login", v.get("/ui/approver").headers().firstValue("location").orElseThrow());
  }

  @Test
  void rootLeadsToTheUiAndAStrangerToTheLoginPage() throws Exception {
    Visitor v = new Visitor(kit);
    HttpResponse<String> root = v.get("/");
    assertEquals(303, root.statusCode());
    assertEquals("/ui", root.headers().firstValue("location").orElseThrow());
    assertEquals("/ui/login", v.get("/ui").headers().firstValue("location").orElseThrow());
    HttpResponse<String> login = v.get("/ui/login");
    assertEquals(200, login.statusCode());
    assertTrue(login.body().contains("type=\"password\""));
    // The JSON API is untouched: it still wants its bearer token, a session cookie is no
    // substitute.
    assertEquals(401, v.get("/api/v1/windows").statusCode());
    Visitor mayor = as("mayor");
    assertEquals(200, mayor.get("/ui/approver").statusCode());
    assertEquals(401, mayor.get("/api/v1/windows").statusCode());
  }

  @Test
  void aWrongTokenAndAVendorTokenOpenNoSession() throws Exception {
    Visitor v = new Visitor(kit);
    HttpResponse<String> bad =
        v.post("/ui/login", Map.of("token", "almost-" + WebKit.token("mayor")), v.origin());
    assertEquals(401, bad.statusCode());
    assertTrue(bad.headers().firstValue("set-cookie").isEmpty());
    assertFalse(bad.body().contains(WebKit.token("mayor")), "a typed token is never echoed");

    HttpResponse<String> vendor = v.login("acme");
    assertEquals(403, vendor.statusCode());
    assertTrue(vendor.headers().firstValue("set-cookie").isEmpty(), "a vendor gets no session");
    assertEquals(
        303, v.get("/ui/approver").statusCode(), "so the approver view sends it to the login page");
  }

  @Test
  void eachViewIsForItsRoles() throws Exception {
    Visitor auditor = as("auditor");
    assertEquals(403, auditor.get("/ui/approver").statusCode());
    assertEquals(403, auditor.get("/ui/security").statusCode());
    assertEquals(200, auditor.get("/ui/reviewer").statusCode());
    Visitor mayor = as("mayor");
    assertEquals(200, mayor.get("/ui/approver").statusCode());
    assertEquals(200, mayor.get("/ui/security").statusCode());
    assertEquals(403, mayor.get("/ui/reviewer").statusCode());
    Visitor root = as("root");
    assertEquals(403, root.get("/ui/approver").statusCode(), "admin is not an approver role");
    assertEquals(200, root.get("/ui/security").statusCode());
    assertEquals(200, root.get("/ui/reviewer").statusCode());
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefused() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    Visitor mayor = as("mayor");
    String path = "/ui/windows/" + w.id() + "/approve";
    assertEquals(
        403, mayor.post(path, Map.of("reason", "ok"), mayor.origin()).statusCode(), "no token");
    assertEquals(
        403,
        mayor.post(path, Map.of("reason", "ok", "csrf", "forged"), mayor.origin()).statusCode(),
        "wrong token");
    String csrf = mayor.csrf("/ui/approver");
    assertEquals(
        403,
        mayor.post(path, Map.of("csrf", csrf), "http://evil.example").statusCode(),
        "right token, other site");
    assertEquals(
        403,
        as("secu").post(path, Map.of("csrf", csrf), null).statusCode(),
        "another session's token");
    assertEquals(
        0, kit.windows.get(w.id()).orElseThrow().approvals().size(), "nothing was recorded");

    HttpResponse<String> ok =
        mayor.post(path, Map.of("csrf", csrf, "reason", "ok"), mayor.origin());
    assertEquals(303, ok.statusCode());
    assertEquals(1, kit.windows.get(w.id()).orElseThrow().approvals().size());
  }

  @Test
  void aSessionOfOneRoleCannotActForAnother() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    Visitor auditor = as("auditor");
    String csrf = auditor.csrf("/ui/reviewer");
    for (String action : List.of("approve", "reject", "revoke")) {
      HttpResponse<String> r =
          auditor.post(
              "/ui/windows/" + w.id() + "/" + action,
              Map.of("csrf", csrf, "reason", "because"),
              auditor.origin());
      assertEquals(403, r.statusCode(), action);
    }
    assertEquals(
        WindowState.REQUESTED, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
    Visitor mayor = as("mayor");
    HttpResponse<byte[]> export =
        mayor.postBytes("/ui/reviewer/export", Map.of("csrf", mayor.csrf("/ui/approver")));
    assertEquals(403, export.statusCode(), "an approver does not export cases");
  }

  @Test
  void twoApproversMakeTheWindowActiveAndARevokeEndsItAtOnce() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    Visitor mayor = as("mayor");
    HttpResponse<String> page = mayor.get("/ui/approver");
    assertTrue(
        page.body().contains(w.id())
            && page.body().contains("ACME-4711")
            && page.body().contains("5.7.3"),
        page.body());
    mayor.post(
        "/ui/windows/" + w.id() + "/approve",
        Map.of("csrf", mayor.csrf("/ui/approver")),
        mayor.origin());
    assertEquals(
        WindowState.REQUESTED, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));

    Visitor secu = as("secu");
    secu.post(
        "/ui/windows/" + w.id() + "/approve",
        Map.of("csrf", secu.csrf("/ui/approver")),
        secu.origin());
    assertEquals(
        WindowState.ACTIVE, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
    String flash = secu.get("/ui/approver").body();
    assertTrue(flash.contains("class=\"flash\""), flash);

    secu.post(
        "/ui/windows/" + w.id() + "/revoke",
        Map.of("csrf", secu.csrf("/ui/approver"), "reason", "unexpected RDP"),
        secu.origin());
    assertEquals(
        WindowState.REVOKED, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
    assertEquals(
        kit.clock.instant(), kit.windows.get(w.id()).orElseThrow().cutoff(), "effective at once");
  }

  @Test
  void aRefusedDecisionIsExplainedNotHidden() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    Visitor mayor = as("mayor");
    String csrf = mayor.csrf("/ui/approver?lang=en");
    // Rejecting needs a reason: the service refuses, the page says why.
    mayor.post("/ui/windows/" + w.id() + "/reject", Map.of("csrf", csrf), mayor.origin());
    String page = mayor.get("/ui/approver").body();
    assertTrue(page.contains("action \u201cReject\u201d refused: reason: required"), page);
    assertEquals(
        WindowState.REQUESTED, kit.windows.get(w.id()).orElseThrow().stateAt(kit.clock.instant()));
  }

  @Test
  void theApproverSeesTheRequestersPastWindowsAndTheirNotices() throws Exception {
    Window old = kit.request("acme", "Earlier work");
    kit.seedEvidence(old.id());
    Window now = kit.request("acme", "Upgrade cam-001");
    String page = as("mayor").get("/ui/approver?lang=en").body();
    int card = page.indexOf("id=\"w-" + now.id() + "\"");
    assertTrue(card > 0, page);
    String history = page.substring(card);
    assertTrue(history.contains("Past windows of acme"), history);
    assertTrue(history.contains(old.id()), history);
    assertTrue(
        history.contains("vendor_access_outside_window"), "the old window's violation is shown");
  }

  @Test
  void pagesEscapeWhatUsersTyped() throws Exception {
    kit.request("acme", "<script>alert('x')</script> & \"quotes\"");
    String page = as("mayor").get("/ui/approver").body();
    assertFalse(page.contains("<script>"), "no script element from a request");
    assertTrue(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"),
        page);
  }

  @Test
  void noPageHoldsASecret() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    kit.seedEvidence(w.id());
    List<String> secrets = new java.util.ArrayList<>();
    for (String p : WebKit.PRINCIPALS.keySet()) {
      secrets.add(WebKit.token(p));
      secrets.add(io.vigie.api.TokenVerifier.sha256Hex(WebKit.token(p)));
    }
    secrets.add(
        Files.readString(dir.resolve("evidence.db.key"))
            .lines()
            .filter(l -> !l.startsWith("-----"))
            .findFirst()
            .orElseThrow());
    secrets.add("PRIVATE KEY");
    for (String who : List.of("mayor", "secu", "auditor", "root")) {
      Visitor v = as(who);
      String sessionId = v.cookie.substring(v.cookie.indexOf('=') + 1);
      for (String page :
          List.of(
              "/ui",
              "/ui/approver",
              "/ui/security",
              "/ui/reviewer",
              "/ui/reviewer/session?cid="
                  + URLEncoder.encode(WebKit.CID, StandardCharsets.UTF_8)
                  + "&at="
                  + sessionStart(),
              "/ui/login")) {
        String body = v.get(page).body();
        for (String s : secrets) {
          assertFalse(body.contains(s), who + " " + page + " shows a secret: " + s);
        }
        assertFalse(body.contains(sessionId), who + " " + page + " shows the session id");
      }
    }
  }

  @Test
  void languagesFromTheQueryOrTheBrowser() throws Exception {
    Visitor v = new Visitor(kit);
    assertTrue(
        v.get("/ui/login", "Accept-Language", "en-GB,en;q=0.8")
            .body()
            .contains("<html lang=\"en\">"));
    assertTrue(
        v.get("/ui/login", "Accept-Language", "fr-FR,fr;q=0.9").body().contains("Jeton d’accès"));
    assertTrue(
        v.get("/ui/login?lang=en", "Accept-Language", "fr-FR").body().contains("Access token"));
    Visitor mayor = as("mayor");
    assertTrue(
        mayor.get("/ui/approver?lang=en").body().contains("Requests waiting for a decision"));
    assertTrue(
        mayor.get("/ui/approver").body().contains("Requests waiting"),
        "the choice stays with the session");
    assertTrue(
        mayor.get("/ui/approver?lang=fr").body().contains("Demandes en attente de décision"));
  }

  @Test
  void bothLanguagesHaveEveryLabel() {
    Map<String, Labels> l = Labels.load();
    assertEquals(l.get("en").keys(), l.get("fr").keys());
    for (String k : l.get("fr").keys()) {
      assertFalse(l.get("fr").get(k).isBlank(), k);
    }
  }

  @Test
  void theSecurityViewShowsWindowsNoticesCamerasTransfersAndCapture() throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    kit.windows.approve(
        w.id(), new io.vigie.policy.Actor("mayor", java.util.Set.of("town_hall")), null);
    kit.windows.approve(
        w.id(), new io.vigie.policy.Actor("secu", java.util.Set.of("it_security")), null);
    kit.seedEvidence(null);
    String page = as("secu").get("/ui/security?lang=en").body();
    assertTrue(page.contains("Active windows (1)") && page.contains(w.id()), page);
    assertTrue(page.contains("<span class=\"n\">2</span> high"), "two high notices today: " + page);
    assertTrue(page.contains("cam-001 firmware 5.7.1 -&gt; 5.8.0-beta"), "the difference is shown");
    assertTrue(page.contains("Firmware transfers (last 7 days) (1)"), page);
    assertTrue(page.contains("eth1") && page.contains("123456"), "capture health");
    kit.clock.advance(Duration.ofDays(8));
    String later = as("secu").get("/ui/security?lang=en").body();
    assertTrue(later.contains("No camera was reported"), "old notices age out of the live view");
  }

  @Test
  void aReplayedCaptureIsViewedInItsEventTimeAndAFinishedFileIsDone() throws Exception {
    kit.replay = true;
    kit.captureState = InterfaceStats.State.DONE;
    kit.seedEvidence(null);
    // The capture is a month old by the wall clock: its own last day is still shown.
    kit.clock.advance(Duration.ofDays(30));
    String page = as("secu").get("/ui/security?lang=en").body();
    assertTrue(page.contains("<span class=\"n\">2</span> high"), "counted in event time: " + page);
    assertTrue(page.contains("Event time of the replayed capture"), page);
    assertTrue(page.contains("done (file read to its end)"), page);
    assertTrue(page.contains("state-active"), "a finished file is not shown in red: " + page);
    assertFalse(page.contains(">stopped<"), page);
    // A live capture counts in wall time: the same store, a month later, has an empty last day.
    kit.replay = false;
    kit.captureState = InterfaceStats.State.RUNNING;
    String live = as("secu").get("/ui/security?lang=en").body();
    assertTrue(live.contains("<span class=\"n\">0</span> high"), live);
    assertTrue(live.contains("Wall time"), live);
  }

  @Test
  void theReviewerFiltersOpensASessionDownloadsItsPcapAndExportsABundleThatVerifies()
      throws Exception {
    Window w = kit.request("acme", "Upgrade cam-001");
    kit.seedEvidence(w.id());
    Visitor auditor = as("auditor");
    String all = auditor.get("/ui/reviewer?lang=en").body();
    assertTrue(all.contains("id=\"chain-status\"") && all.contains("Intact"), all);
    // The story: incidents in plain words, not notice names.
    assertTrue(
        all.contains(
                "The vendor 203.0.113.5 connected by SSH to device cam-001 at 09:30:00 (08:30:00 UTC)")
            && all.contains("The firmware of camera cam-001 changed"),
        all);
    String onlyType = auditor.get("/ui/reviewer?type=firmware_changed").body();
    assertEquals(1, onlyType.split("<article class=\"incident", -1).length - 1, onlyType);
    assertTrue(
        onlyType.contains("The firmware of camera cam-001 changed")
            && !onlyType.contains("connected by SSH"),
        onlyType);
    String byWindow = auditor.get("/ui/reviewer?window=" + w.id() + "&device=&from=&to=").body();
    assertTrue(
        byWindow.contains("href=\"?lang=fr&amp;window=" + w.id() + "\""),
        "the language switch keeps the filter");
    assertTrue(
        byWindow.contains(WebKit.CID) && !byWindow.contains("5.8.0-beta"),
        "window filter: " + byWindow);
    assertEquals(400, auditor.get("/ui/reviewer?from=yesterday").statusCode());

    Matcher link = Pattern.compile("href=\"(/ui/reviewer/session\\?cid=[^\"]+)\"").matcher(all);
    assertTrue(link.find(), all);
    String session = auditor.get(link.group(1).replace("&amp;", "&")).body();
    assertTrue(session.contains("SSH-2.0-OpenSSH_9.2"), session);
    Matcher slice = Pattern.compile("href=\"(/ui/reviewer/slice\\?[^\"]+)\"").matcher(session);
    assertTrue(slice.find(), session);
    HttpResponse<byte[]> pcap = auditor.getBytes(slice.group(1).replace("&amp;", "&"));
    assertEquals(200, pcap.statusCode());
    assertTrue(
        pcap.headers().firstValue("content-disposition").orElseThrow().startsWith("attachment"));
    TimelineEntry rec =
        Timeline.read(kit.db, TimelineFilter.ALL).stream()
            .filter(e -> e.kind().equals("slice"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        rec.fields().path("sha256").asText(),
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pcap.body())));
    assertArrayEquals(
        new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1},
        java.util.Arrays.copyOf(pcap.body(), 4),
        "a pcap file");

    HttpResponse<byte[]> zip =
        auditor.postBytes(
            "/ui/reviewer/export", Map.of("csrf", auditor.csrf("/ui/reviewer"), "window", w.id()));
    assertEquals(200, zip.statusCode(), new String(zip.body(), StandardCharsets.UTF_8));
    Path bundle = dir.resolve("case.zip");
    Files.write(bundle, zip.body());
    VerifyResult vr = BundleVerifier.verify(bundle, VerifyOptions.DEFAULT);
    assertTrue(vr.intact(), String.valueOf(vr.finding()));
    kit.store.flush();
    assertTrue(
        Timeline.read(kit.db, TimelineFilter.ALL).stream()
            .anyMatch(e -> e.kind().equals("ui_export") && "auditor".equals(e.subject())),
        "the export is itself evidence");
    // Issue 16: every view and download by a reviewer is a chained record too (who, what, when).
    List<TimelineEntry> access =
        Timeline.read(kit.db, TimelineFilter.ALL).stream()
            .filter(e -> e.kind().startsWith("ui_") && "auditor".equals(e.subject()))
            .toList();
    assertTrue(
        access.stream()
            .anyMatch(
                e ->
                    e.kind().equals("ui_view")
                        && "timeline".equals(e.fields().path("view").asText())
                        && w.id().equals(e.fields().path("window").asText())),
        access.toString());
    assertTrue(
        access.stream()
            .anyMatch(
                e ->
                    e.kind().equals("ui_view")
                        && "session".equals(e.fields().path("view").asText())
                        && WebKit.CID.equals(e.fields().path("community_id").asText())),
        access.toString());
    assertTrue(
        access.stream()
            .anyMatch(
                e ->
                    e.kind().equals("ui_slice_download")
                        && e.fields().path("record").asLong() == rec.id()),
        access.toString());
    assertTrue(StoreVerifier.verify(kit.db, VerifyOptions.DEFAULT).intact());
  }

  @Test
  void aTamperedSliceIsNotServed() throws Exception {
    kit.seedEvidence(null);
    Path slices = dir.resolve("evidence.db.slices");
    try (var files = Files.walk(slices)) {
      Path f = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(f);
      b[b.length - 1] ^= 1;
      Files.write(f, b);
    }
    TimelineEntry rec =
        Timeline.read(kit.db, TimelineFilter.ALL).stream()
            .filter(e -> e.kind().equals("slice"))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> r =
        as("auditor").get("/ui/reviewer/slice?id=" + rec.id() + "&at=" + rec.tsNanos());
    assertEquals(409, r.statusCode());
    assertTrue(r.body().contains("does not match"), r.body());
  }

  @Test
  void aSessionEndsAfterIdleTime() throws Exception {
    Visitor v = as("mayor");
    assertEquals(200, v.get("/ui/approver").statusCode());
    kit.clock.advance(WebSessions.IDLE.plusSeconds(1));
    assertEquals(303, v.get("/ui/approver").statusCode());
  }

  private long sessionStart() throws Exception {
    return Timeline.read(kit.db, TimelineFilter.ALL).stream()
        .filter(e -> e.kind().equals("session"))
        .findFirst()
        .map(TimelineEntry::tsNanos)
        .orElse(0L);
  }
}
