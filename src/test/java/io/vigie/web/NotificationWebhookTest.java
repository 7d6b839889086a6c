package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigie.api.ApiPaths;
import io.vigie.config.NotificationsConfig;
import io.vigie.notify.JsonWebhook;
import io.vigie.notify.Notifications;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat webhook: a JDK HTTP server on loopback receives one JSON POST when a window is requested
 * through the real API, naming the event, the window and the page.
 */
class NotificationWebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * The next posted event of {@code kind}; the approvals' own events, which may come before, are
   * skipped, anything else fails.
   */
  private static JsonNode nextEvent(BlockingQueue<String> bodies, String kind) throws Exception {
    while (true) {
      String b = bodies.poll(30, TimeUnit.SECONDS);
      assertNotNull(b, "no " + kind + " posted");
      JsonNode j = JSON.readTree(b);
      String event = j.get("event").asText();
      if (event.equals(kind)) {
        return j;
      }
      assertTrue(
          event.equals("approval_needed") || event.equals("window_approved"),
          "unexpected " + b + " while waiting for " + kind);
    }
  }

  @Test
  void aRequestIsPostedAsJson() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    BlockingQueue<String> types = new LinkedBlockingQueue<>();
    HttpServer chat =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    chat.createContext(
        "/hooks/vigie",
        ex -> {
          types.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    chat.start();
    int apiPort = Smtpd.freePort();
    String publicUrl = "http://127.0.0.1:" + apiPort;
    NotificationsConfig c =
        new NotificationsConfig(
            publicUrl,
            null,
            Map.of(),
            new NotificationsConfig.Webhook(
                "http://127.0.0.1:" + chat.getAddress().getPort() + "/hooks/vigie"));
    Notifications[] n = new Notifications[1];
    try (WebKit kit =
        new WebKit(
            dir,
            "127.0.0.1:" + apiPort,
            (w, clock) -> {
              n[0] =
                  Notifications.start(
                      c,
                      null,
                      new JsonWebhook(c.webhook().url()),
                      w,
                      clock,
                      ZoneId.of("Europe/Paris"),
                      Duration.ofMillis(200),
                      Duration.ofSeconds(1));
              return n[0].windows();
            })) {
      String body =
          "{\"reason\":\"Upgrade cam-001\",\"ticket\":\"ACME-4711\",\"scope\":{\"devices\":[\"cam-001\"],"
              + "\"apps\":[\"ssh\"]},\"end\":\""
              + kit.clock.instant().plus(Duration.ofHours(2))
              + "\"}";
      HttpResponse<String> created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(kit.uri(ApiPaths.WINDOWS))
                      .header("Authorization", "Bearer " + WebKit.token("acme"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();

      String posted = bodies.poll(30, TimeUnit.SECONDS);
      assertNotNull(posted, "the webhook received nothing");
      assertEquals("application/json", types.poll());
      JsonNode j = JSON.readTree(posted);
      assertEquals("window_requested", j.get("event").asText());
      assertEquals(id, j.get("window").asText());
      assertEquals(publicUrl + "/ui/approver", j.get("link").asText());
      assertTrue(j.get("text").asText().contains(id), posted);
      assertTrue(
          j.get("lines").toString().contains("town_hall (1 of 1)")
              && j.get("lines").toString().contains("it_security (1 of 1)"),
          posted);
      // The link is the page of the API that answered the request.
      assertEquals(URI.create(publicUrl).getPort(), kit.uri("/").getPort());
      // Counted once the server's answer is in: wait for the notify thread to get it.
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (n[0].notifier().sent() == 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertEquals(1, n[0].notifier().sent());

      // Both approvals: the window opens at once; two hours later it ends. The notify thread's
      // watch announces both from the clock alone.
      n[0].windows()
          .approve(id, new io.vigie.policy.Actor("mayor", java.util.Set.of("town_hall")), "");
      n[0].windows()
          .approve(id, new io.vigie.policy.Actor("secu", java.util.Set.of("it_security")), "");
      assertEquals(id, nextEvent(bodies, "window_started").get("window").asText());
      kit.clock.advance(Duration.ofHours(3));
      assertEquals(id, nextEvent(bodies, "window_ended").get("window").asText());

      // A high notice is not sent; a critical one is, linking to the security overview.
      n[0].notices()
          .onNotice(
              new io.vigie.notice.Notice(
                  1L,
                  "remote_access",
                  io.vigie.notice.Severity.HIGH,
                  "n-1",
                  null,
                  "ssh",
                  null,
                  "cam-001"));
      n[0].notices()
          .onNotice(
              new io.vigie.notice.Notice(
                  2L,
                  "analytics_enabled",
                  io.vigie.notice.Severity.CRITICAL,
                  "n-2",
                  null,
                  "face recognition switched on",
                  null,
                  "cam-001"));
      JsonNode critical = nextEvent(bodies, "critical_notice");
      assertEquals(publicUrl + "/ui/security", critical.get("link").asText());
      assertTrue(critical.get("lines").toString().contains("face recognition switched on"));
      assertTrue(critical.get("subject").asText().contains("analytics_enabled"));
    } finally {
      if (n[0] != null) {
        n[0].close();
      }
      chat.stop(0);
    }
  }
}
