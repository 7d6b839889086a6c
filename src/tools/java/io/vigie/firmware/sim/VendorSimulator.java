package io.vigie.firmware.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cameras speaking their vendor's own HTTP API (Hikvision ISAPI, Axis VAPIX, Dahua CGI) on
 * loopback, for tests and the demo: real HTTP, HTTP Digest (qop=auth, MD5) checked on every request
 * as those cameras do, answers taken from {@link VendorSimCamera}'s bodies.
 *
 * <pre>{@code
 * try (VendorSimulator sim = VendorSimulator.start(4)) {
 *   sim.set("cam-hik", VendorSimCameras.hikvision(corpus, "pw"));
 *   URI base = sim.baseUrl("cam-hik");   // http://127.0.0.1:PORT/cam/cam-hik
 * }
 * }</pre>
 */
public final class VendorSimulator implements AutoCloseable {
  private static final String REALM = "IP Camera(SIM)";

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, VendorSimCamera> cameras = new ConcurrentHashMap<>();
  private final String nonce;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  private VendorSimulator(HttpServer server, ExecutorService pool, String nonce) {
    this.server = server;
    this.pool = pool;
    this.nonce = nonce;
  }

  public static VendorSimulator start(int threads) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "vigie-vendor-sim-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    byte[] nb = new byte[16];
    new SecureRandom().nextBytes(nb);
    VendorSimulator sim = new VendorSimulator(s, pool, HexFormat.of().formatHex(nb));
    s.createContext("/cam/", sim::handle);
    s.setExecutor(pool);
    s.start();
    return sim;
  }

  public void set(String name, VendorSimCamera camera) {
    cameras.put(name, camera);
  }

  public VendorSimCamera get(String name) {
    return cameras.get(name);
  }

  public URI baseUrl(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cam/" + name);
  }

  /** Requests received so far (refused ones included). */
  public int requests() {
    return requests.get();
  }

  /** Requests refused for a missing or wrong Digest answer. */
  public int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      String raw = ex.getRequestURI().getRawPath();
      String[] parts = raw.split("/", 4);
      VendorSimCamera cam = parts.length >= 4 ? cameras.get(parts[2]) : null;
      if (cam == null) {
        send(ex, 404, "text/plain", "no such camera".getBytes(StandardCharsets.UTF_8));
        return;
      }
      try (InputStream in = ex.getRequestBody()) {
        in.readNBytes(64 * 1024);
      }
      String uri =
          raw
              + (ex.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + ex.getRequestURI().getRawQuery());
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !digestValid(auth, cam, ex.getRequestMethod(), uri)) {
        refused.incrementAndGet();
        ex.getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Digest qop=\"auth\", realm=\""
                    + REALM
                    + "\", nonce=\""
                    + nonce
                    + "\", stale=\"FALSE\"");
        send(ex, 401, "text/html", cam.unauthorizedBody());
        return;
      }
      String key = uri.substring(("/cam/" + parts[2]).length());
      switch (cam.behaviour()) {
        case GARBAGE -> {
          send(
              ex,
              200,
              "text/plain",
              "\u0000\u0001<<garbage>> not an answer at all\n\u00ff"
                  .getBytes(StandardCharsets.ISO_8859_1));
          return;
        }
        case SLOW -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case TRUNCATED -> {
          byte[] b = cam.body(key);
          if (b != null) {
            send(ex, 200, "application/octet-stream", java.util.Arrays.copyOf(b, b.length / 2));
            return;
          }
        }
        case NORMAL -> {}
      }
      byte[] body = cam.body(key);
      if (body == null) {
        send(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8));
      } else {
        send(ex, 200, "application/octet-stream", body);
      }
    } catch (IOException | RuntimeException e) {
      // The client went away (timeout test): nothing to answer.
    }
  }

  private boolean digestValid(String header, VendorSimCamera cam, String method, String uri) {
    if (!header.startsWith("Digest ")) {
      return false;
    }
    Map<String, String> p = new HashMap<>();
    // Quoted values may hold commas (a VAPIX param.cgi URI does).
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))")
            .matcher(header.substring(7));
    while (m.find()) {
      p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    if (!nonce.equals(p.get("nonce"))
        || !uri.equals(p.get("uri"))
        || !"auth".equals(p.get("qop"))) {
      return false;
    }
    String ha1 = md5(cam.username() + ":" + REALM + ":" + cam.password());
    String ha2 = md5(method + ":" + uri);
    String expected =
        md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
    return expected.equals(p.get("response")) && cam.username().equals(p.get("username"));
  }

  private static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] b) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }
}
