package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.api.ApiPaths;
import io.vigie.config.NotificationsConfig;
import io.vigie.notify.AngusMailer;
import io.vigie.notify.Notifications;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvers are told by mail: a real SMTP server (aiosmtpd) on loopback receives what vigie sends
 * when a window is requested through the real API, still needs an approval, opens and is revoked;
 * the recipients are the addresses of the roles concerned and the link opens the page.
 */
@Tag("system")
class NotificationMailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, List<String>> ROLES =
      Map.of(
          "town_hall", List.of("mayor@ville.example"),
          "it_security", List.of("secu@ville.example", "soc@ville.example"));
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @BeforeAll
  static void needsSmtpd() {
    Assumptions.assumeTrue(Smtpd.available(), Smtpd.MISSING);
  }

  private static NotificationsConfig config(String publicUrl, int smtpPort) {
    return new NotificationsConfig(
        publicUrl,
        new NotificationsConfig.Smtp(
            "127.0.0.1", smtpPort, true, "vigie@ville.example", null, null),
        ROLES,
        null);
  }

  /** The API and page on a port chosen now, so that the configured public URL is really theirs. */
  private WebKit kit(NotificationsConfig c, Notifications[] holder, Duration firstRetry)
      throws Exception {
    String listen = URI.create(c.publicUrl()).getAuthority();
    return new WebKit(
        dir.resolve("kit"),
        listen,
        (w, clock) -> {
          holder[0] =
              Notifications.start(
                  c,
                  AngusMailer.open(c.smtp()),
                  null,
                  w,
                  clock,
                  ZoneId.of("Europe/Paris"),
                  firstRetry,
                  Duration.ofSeconds(1));
          return holder[0].windows();
        });
  }

  private HttpResponse<String> post(WebKit kit, String who, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(kit.uri(path))
            .header("Authorization", "Bearer " + WebKit.token(who))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String windowBody(WebKit kit) {
    return "{\"reason\":\"Upgrade cam-001\",\"ticket\":\"ACME-4711\",\"scope\":{\"devices\":[\"cam-001\"],"
        + "\"apps\":[\"ssh\"]},\"end\":\""
        + kit.clock.instant().plus(Duration.ofHours(2))
        + "\"}";
  }

  private static Set<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
        .map(Address::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static MimeMessage withSubject(List<MimeMessage> mails, String part) throws Exception {
    for (MimeMessage m : mails) {
      if (m.getSubject().contains(part)) {
        return m;
      }
    }
    throw new AssertionError("no mail whose subject has '" + part + "' among " + subjects(mails));
  }

  private static List<String> subjects(List<MimeMessage> mails) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (MimeMessage m : mails) {
      out.add(m.getSubject());
    }
    return out;
  }

  private static String link(MimeMessage m) throws Exception {
    String body = String.valueOf(m.getContent());
    return body.lines()
        .filter(l -> l.startsWith("http"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no link in: " + body));
  }

  @Test
  void approversAreMailedByRoleAndTheLinkOpensThePage() throws Exception {
    int apiPort = Smtpd.freePort();
    String publicUrl = "http://127.0.0.1:" + apiPort;
    Notifications[] n = new Notifications[1];
    try (Smtpd smtpd = Smtpd.start(Smtpd.freePort(), dir.resolve("mail"));
        WebKit kit = kit(config(publicUrl, smtpd.port), n, Duration.ofMillis(200))) {
      HttpResponse<String> created = post(kit, "acme", ApiPaths.WINDOWS, windowBody(kit));
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();

      MimeMessage requested = withSubject(smtpd.awaitMails(1), "requests maintenance window " + id);
      assertEquals(
          Set.of("mayor@ville.example", "secu@ville.example", "soc@ville.example"), to(requested));
      assertEquals("vigie@ville.example", requested.getFrom()[0].toString());
      String body = String.valueOf(requested.getContent());
      assertTrue(body.contains("Waiting for: "), body);
      assertTrue(body.contains("it_security (1 of 1)"), body);

      // The link is the configured public URL's approver page: followed without a session it
      // answers the page's login, with a session cookie it would be the page itself.
      String link = link(requested);
      assertEquals(publicUrl + "/ui/approver", link);
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      boolean login =
          page.statusCode() / 100 == 3
              && page.headers().firstValue("location").orElse("").contains("/ui/login");
      boolean form = page.statusCode() == 200 && page.body().contains("/ui/login");
      assertTrue(login || form, page.statusCode() + " " + page.headers() + " " + page.body());

      // The town hall approves: only IT security is still waited for, and only it is told.
      HttpResponse<String> approved =
          post(kit, "mayor", ApiPaths.WINDOWS + "/" + id + "/approve", "{\"reason\":\"ok\"}");
      assertEquals(200, approved.statusCode(), approved.body());
      MimeMessage needed = withSubject(smtpd.awaitMails(2), "still needs an approval");
      assertEquals(Set.of("secu@ville.example", "soc@ville.example"), to(needed));

      // IT security completes the quorum: the window opens (announced by the notify thread's
      // watch) and every role hears of it; then it is revoked.
      assertEquals(
          200,
          post(kit, "secu", ApiPaths.WINDOWS + "/" + id + "/approve", "{\"reason\":\"ok\"}")
              .statusCode());
      MimeMessage open = withSubject(smtpd.awaitMails(4), "is open");
      assertEquals(
          Set.of("mayor@ville.example", "secu@ville.example", "soc@ville.example"), to(open));
      withSubject(smtpd.awaitMails(4), " approved");
      assertEquals(
          200,
          post(
                  kit,
                  "secu",
                  ApiPaths.WINDOWS + "/" + id + "/revoke",
                  "{\"reason\":\"unexpected RDP\"}")
              .statusCode());
      MimeMessage revoked = withSubject(smtpd.awaitMails(5), "revoked");
      assertTrue(String.valueOf(revoked.getContent()).contains("unexpected RDP"));
      assertEquals(0, n[0].notifier().dropped());
    } finally {
      if (n[0] != null) {
        n[0].close();
      }
    }
  }

  @Test
  void aMailServerThatIsDownDelaysTheMailNotTheDecision() throws Exception {
    int apiPort = Smtpd.freePort();
    int smtpPort = Smtpd.freePort();
    Notifications[] n = new Notifications[1];
    try (WebKit kit =
        kit(config("http://127.0.0.1:" + apiPort, smtpPort), n, Duration.ofMillis(200))) {
      HttpResponse<String> created = post(kit, "acme", ApiPaths.WINDOWS, windowBody(kit));
      // The request is decided and answered while nothing could be mailed.
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();
      assertEquals(0, n[0].notifier().sent());
      assertTrue(kit.windows.get(id).isPresent());
      // The notify thread fails at least once against the closed port, then the server comes up.
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (n[0].notifier().retried() == 0 && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertTrue(n[0].notifier().retried() >= 1, "a failed attempt is counted");
      assertEquals(0, n[0].notifier().sent());
      try (Smtpd smtpd = Smtpd.start(smtpPort, dir.resolve("mail"))) {
        MimeMessage m = withSubject(smtpd.awaitMails(1), "requests maintenance window " + id);
        assertEquals(
            Set.of("mayor@ville.example", "secu@ville.example", "soc@ville.example"), to(m));
        long until2 = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (n[0].notifier().sent() == 0 && System.nanoTime() < until2) {
          Thread.sleep(20);
        }
        assertEquals(1, n[0].notifier().sent());
      }
    } finally {
      if (n[0] != null) {
        n[0].close();
      }
    }
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }
}
