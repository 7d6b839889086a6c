package io.vigie.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on its own port, apart from the API, so
 * that a scrape never waits behind an API request and the port can be firewalled on its own.
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 9108), registry)) {
 *   ... // curl http://127.0.0.1:9108/metrics
 * }
 * }</pre>
 *
 * <p>One thread ({@code vigie-metrics-http}): scrapes come every 15 s or so from one or two
 * Prometheus servers, and the collectors only read state.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and starts; throws if the address is taken. */
  public static MetricsServer start(InetSocketAddress bind, CollectorRegistry registry)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(bind, 16);
    } catch (java.net.BindException e) {
      // The JDK says only "Address already in use": name the address, and the key that sets it.
      java.net.BindException named =
          new java.net.BindException(
              "metrics.listen "
                  + bind.getHostString()
                  + ":"
                  + bind.getPort()
                  + ": cannot bind: "
                  + e.getMessage());
      named.initCause(e);
      throw named;
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, registry));
    server.start();
    return new MetricsServer(server, executor);
  }

  /**
   * Serves another path on the same port, e.g. the daemon's {@code /healthz}; the handler runs on
   * the metrics thread and must only read state.
   */
  public void handle(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** The bound address, with the real port when 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void handle(HttpExchange exchange, CollectorRegistry registry) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!path.equals("/metrics")) {
        reply(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found; metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8),
            method);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(
            exchange,
            405,
            "text/plain; charset=utf-8",
            "use GET\n".getBytes(StandardCharsets.UTF_8),
            method);
        return;
      }
      String contentType =
          TextFormat.chooseContentType(exchange.getRequestHeaders().getFirst("Accept"));
      // Rendered in memory first: a scrape is a few kilobytes, and a failure then gives a clean
      // 500.
      ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
      try (Writer w = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
        TextFormat.writeFormat(contentType, w, registry.metricFamilySamples());
      }
      reply(exchange, 200, contentType, body.toByteArray(), method);
    }
  }

  private static void reply(
      HttpExchange exchange, int status, String type, byte[] body, String method)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = method.equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
