package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigie.api.TokenVerifier;
import io.vigie.capture.LinkType;
import io.vigie.capture.PcapWriter;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon wires {@code api.notifications}: a request through its API reaches the webhook. */
class DaemonNotifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aWindowRequestThroughTheDaemonsApiIsPosted() throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    HttpServer chat =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    chat.createContext(
        "/hook",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    chat.start();
    Path pcap = dir.resolve("empty.pcap");
    // No packets: the daemon only needs a capture to start.
    try (OutputStream os = Files.newOutputStream(pcap)) {
      new PcapWriter(os, LinkType.ETHERNET, 65535).close();
    }
    Path cfg = dir.resolve("site.yaml");
    Files.writeString(
        cfg,
        """
        site: { name: test }
        networks:
          - { name: cameras, cidr: 10.20.0.0/16 }
        devices:
          - { name: cam-001, address: 10.20.1.1, role: camera }
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: acme, roles: [vendor], sha256: %s }
          notifications:
            public_url: "https://vigie.ville.example"
            webhook: { url: "http://127.0.0.1:%d/hook" }
        """
            .formatted(
                pcap,
                freePort(),
                TokenVerifier.sha256Hex("tok-acme"),
                chat.getAddress().getPort()));
    Daemon d = new Daemon(cfg, YamlLoader.load(cfg, SiteConfig.class), Clock.systemUTC());
    try {
      d.start();
      String body =
          "{\"reason\":\"Upgrade\",\"ticket\":\"T-1\",\"scope\":{\"devices\":[\"cam-001\"],"
              + "\"apps\":[\"ssh\"]},\"end\":\""
              + Instant.now().plus(Duration.ofHours(2))
              + "\"}";
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + d.apiAddress().orElseThrow().getPort()
                                  + "/api/v1/windows"))
                      .header("Authorization", "Bearer tok-acme")
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(201, r.statusCode(), r.body());
      String posted = bodies.poll(30, TimeUnit.SECONDS);
      assertNotNull(posted, "the daemon posted nothing");
      JsonNode j = JSON.readTree(posted);
      assertEquals("window_requested", j.get("event").asText());
      assertEquals(JSON.readTree(r.body()).get("id").asText(), j.get("window").asText());
      assertEquals("https://vigie.ville.example/ui/approver", j.get("link").asText());
      // The delivery is counted on the daemon's own registry, served at /metrics.
      String sent = "vigie_notifications_sent_total{channel=\"webhook\",} 1.0";
      String scrape = "";
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!scrape.contains(sent) && System.nanoTime() < until) {
        scrape =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + d.metricsAddress().getPort() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      }
      assertTrue(scrape.contains(sent), scrape);
      assertTrue(scrape.contains("vigie_notifications_queued 0.0"), scrape);
    } finally {
      d.close();
      chat.stop(0);
    }
  }
}
