package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real HTTP on loopback, as Prometheus scrapes it. */
class MetricsServerTest {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<String> scrapeThread = new AtomicReference<>();
  private MetricsServer server;

  @BeforeEach
  void start() throws IOException {
    Fixtures.everythingTouched(
        registry,
        () -> {
          scrapeThread.set(Thread.currentThread().getName());
          return 42;
        });
    server =
        MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  @Test
  void servesTheRegistryInTheTextFormat() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/metrics")));
    assertEquals(200, r.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        r.headers().firstValue("Content-Type").orElseThrow());
    Exposition e = Exposition.parse(r.body());
    assertEquals(42.0, e.get("vigie_flows_active"));
    assertEquals(
        1.0,
        e.get(
            "vigie_build_info{version=\"0.1.0-test\",java_version=\""
                + System.getProperty("java.version")
                + "\",}"));
    assertTrue(r.body().contains("# TYPE vigie_capture_packets_total counter"), r.body());
    assertEquals("vigie-metrics-http", scrapeThread.get());
  }

  @Test
  void offersOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0"));
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .startsWith("application/openmetrics-text"));
    assertTrue(r.body().endsWith("# EOF\n"));
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertEquals(404, send(HttpRequest.newBuilder(uri("/"))).statusCode());
    assertEquals(404, send(HttpRequest.newBuilder(uri("/metrics/x"))).statusCode());
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void aTakenPortFailsAtStart() {
    BindException e =
        assertThrows(
            BindException.class, () -> MetricsServer.start(server.address(), registry).close());
    // The JDK says only "Address already in use": the message names the key and the address.
    assertTrue(
        e.getMessage().startsWith("metrics.listen ")
            && e.getMessage().contains(":" + server.address().getPort() + ": cannot bind"),
        e.getMessage());
  }
}
