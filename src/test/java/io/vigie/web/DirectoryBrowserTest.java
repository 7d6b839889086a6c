package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowState;
import io.vigie.testkit.Slapd;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The city's people log in with their directory passwords, in Debian's headless Chromium, against a
 * real vigie and a real OpenLDAP {@code slapd} (StartTLS) on loopback: two approvers in two groups
 * complete the quorum, each seeing what it still waits for; the vendor's technician is refused;
 * guessing a password is slowed down and audited; the API takes the same passwords over HTTP Basic.
 */
@Tag("system")
class DirectoryBrowserTest {
  @TempDir Path dir;
  Slapd slapd;
  WebKit kit;
  Chromium chromium;
  CdpPage page;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), Slapd.MISSING);
    Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(Chromium.DEBIAN),
        "no " + Chromium.DEBIAN + ": apt-get install -y chromium to run the browser tests");
    slapd = Slapd.start(dir.resolve("ldap"));
    kit = new WebKit(dir, null, null, slapd.config());
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
    if (slapd != null) {
      slapd.close();
    }
  }

  private void login(String user, String password, String lang) throws Exception {
    page.navigate(kit.uri("/ui/login?lang=" + lang).toString());
    page.type("user", user);
    page.type("password", password);
    page.submit("document.querySelector('form.login button').click()");
  }

  private void logout() throws Exception {
    page.submit("document.querySelector('form.logout button').click()");
    assertEquals("/ui/login", page.eval("location.pathname"));
  }

  @Test
  void twoApproversFromTheDirectoryCompleteTheQuorum() throws Exception {
    Window w = kit.request("acme-tech", "Upgrade cam-001 to firmware 5.7.3");
    String approve = WebPaths.window(w.id(), "approve");

    login("mdupont", Slapd.PASSWORDS.get("mdupont"), "en");
    assertEquals("/ui", page.eval("location.pathname"), page.text());
    page.navigate(kit.uri("/ui/approver").toString());
    String before = page.text();
    assertTrue(
        before.contains("town hall (1 of 1), IT security (1 of 1)"),
        "what the quorum still needs: " + before);
    assertTrue(
        before.contains("CET") && before.contains("UTC)"), "local time beside UTC: " + before);
    page.submit("document.querySelector('form[action=\"" + approve + "\"] button').click()");
    String after = page.text();
    assertTrue(
        after.contains("IT security (1 of 1)") && !after.contains("town hall (1 of 1)"), after);
    assertTrue(after.contains("You have approved this request"), after);
    assertEquals(
        "false",
        page.eval("document.querySelector('form[action=\"" + approve + "\"]') !== null"),
        "no Approve button for someone who already approved");
    assertTrue(after.contains("History of the request") && after.contains("mdupont"), after);
    page.fullScreenshot(BrowserTest.SHOTS.resolve("approver-directory.png"));
    logout();

    login("arssi", Slapd.PASSWORDS.get("arssi"), "fr");
    page.navigate(kit.uri("/ui/approver").toString());
    assertTrue(page.text().contains("sécurité informatique (1 sur 1)"), page.text());
    page.submit("document.querySelector('form[action=\"" + approve + "\"] button').click()");
    Window done = kit.windows.get(w.id()).orElseThrow();
    assertEquals(WindowState.ACTIVE, done.stateAt(kit.clock.instant()));
    List<String> approvers = done.approvals().stream().map(WindowEvent::who).toList();
    assertEquals(List.of("mdupont", "arssi"), approvers, "the persons of the directory approved");
  }

  @Test
  void theVendorsTechnicianIsRefused() throws Exception {
    kit.request("acme-tech", "Upgrade cam-001");
    login("acme-tech", Slapd.PASSWORDS.get("acme-tech"), "en");
    assertTrue(page.text().contains("vendors use the API"), page.text());
    page.navigate(kit.uri("/ui/approver").toString());
    assertEquals("/ui/login", page.eval("location.pathname"));
    assertFalse(page.text().contains("ACME-4711"), page.text());
  }

  @Test
  void guessingAPasswordIsSlowedDownAndAudited() throws Exception {
    for (int i = 0; i < 5; i++) {
      login("mdupont", "guess-" + i, "en");
      String t = page.text();
      assertTrue(
          t.contains("Wrong login or password") || t.contains("Too many failed attempts"), t);
    }
    // Even the right password now waits: the person's budget is spent, the directory is not asked.
    login("mdupont", Slapd.PASSWORDS.get("mdupont"), "en");
    assertTrue(page.text().contains("Too many failed attempts"), page.text());
    assertEquals("/ui/login", page.eval("location.pathname"));
    page.screenshot(BrowserTest.SHOTS.resolve("login-directory-throttled.png"));
    kit.store.flush();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + kit.db);
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM record WHERE kind = 'ui_login_refused'"
                        + " AND subject = 'mdupont' AND fields LIKE '%directory%'")) {
      r.next();
      assertTrue(r.getInt(1) >= 4, "each refused guess is evidence: " + r.getInt(1));
    }
  }

  @Test
  void theApiTakesTheSamePasswordsOverBasic() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok = http.send(basic("arssi", Slapd.PASSWORDS.get("arssi")), body());
    assertEquals(200, ok.statusCode(), ok.body());
    HttpResponse<String> bad = http.send(basic("arssi", "nope"), body());
    assertEquals(401, bad.statusCode(), bad.body());
    assertTrue(bad.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    assertFalse(bad.body().contains("nope"));
  }

  private HttpRequest basic(String user, String password) {
    String cred =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(kit.uri("/api/v1/windows"))
        .header("Authorization", "Basic " + cred)
        .GET()
        .build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
