package io.vigie.firmware.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigie.firmware.PollException;
import io.vigie.firmware.onvif.SoapParser;
import io.vigie.firmware.onvif.XmlNode;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
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
 * ONVIF cameras on loopback, for tests and {@code vigie bench onvif}: real HTTP, HTTP Digest and
 * WS-Security UsernameToken checked against each camera's password and clock, SOAP 1.2 answers
 * shaped like real cameras' (vendor prefixes, faults with HTTP 500 for unsupported operations, HTTP
 * 400 for a refused token as Hikvision does).
 *
 * <pre>{@code
 * try (OnvifSimulator sim = OnvifSimulator.start(8)) {
 *   sim.set("cam-001", SimCamera.ordinary("secret", "SN001"));
 *   URI url = sim.deviceUrl("cam-001");
 * }
 * }</pre>
 *
 * <p>Each camera lives under {@code /onvif/<name>/}; GetSystemDateAndTime needs no credentials
 * (ONVIF Core 5.9.4), everything else needs both Digest and a valid UsernameToken.
 */
public final class OnvifSimulator implements AutoCloseable {
  private static final String ENV = "http://www.w3.org/2003/05/soap-envelope";
  private static final String NS =
      " xmlns:env=\""
          + ENV
          + "\" xmlns:tt=\"http://www.onvif.org/ver10/schema\""
          + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
          + " xmlns:tan=\"http://www.onvif.org/ver20/analytics/wsdl\" xmlns:ter=\"http://www.onvif.org/ver10/error\"";
  private static final String REALM = "IP Camera(SIM)";

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, SimCamera> cameras = new ConcurrentHashMap<>();
  private final String nonce;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private OnvifSimulator(HttpServer server, ExecutorService pool, String nonce) {
    this.server = server;
    this.pool = pool;
    this.nonce = nonce;
  }

  /** Starts on 127.0.0.1 with an ephemeral port and {@code threads} handler threads. */
  public static OnvifSimulator start(int threads) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "vigie-onvif-sim-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    byte[] nb = new byte[16];
    new SecureRandom().nextBytes(nb);
    OnvifSimulator sim = new OnvifSimulator(s, pool, HexFormat.of().formatHex(nb));
    s.createContext("/onvif/", sim::handle);
    s.setExecutor(pool);
    s.start();
    return sim;
  }

  public void set(String name, SimCamera camera) {
    cameras.put(name, camera);
  }

  public SimCamera get(String name) {
    return cameras.get(name);
  }

  public URI deviceUrl(String name) {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/onvif/" + name + "/device_service");
  }

  /** Requests answered so far, and requests refused for bad Digest or UsernameToken. */
  public int requests() {
    return requests.get();
  }

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
      String[] path = ex.getRequestURI().getPath().split("/");
      SimCamera cam = path.length >= 4 ? cameras.get(path[2]) : null;
      if (cam == null || !"POST".equals(ex.getRequestMethod())) {
        send(ex, 404, "no such camera");
        return;
      }
      byte[] req;
      try (InputStream in = ex.getRequestBody()) {
        req = in.readNBytes(256 * 1024);
      }
      XmlNode env;
      try {
        env = SoapParser.parse(req);
      } catch (PollException e) {
        send(ex, 400, fault("env:Sender", "ter:WellFormed", "bad request"));
        return;
      }
      XmlNode op = env.child("Body").flatMap(b -> b.children().stream().findFirst()).orElse(null);
      if (op == null) {
        send(ex, 400, fault("env:Sender", "ter:WellFormed", "no operation"));
        return;
      }
      switch (cam.behaviour()) {
        case GARBAGE -> {
          send(ex, 200, "<html><body>Camera Web UI</body>\u0000\u0001 not SOAP");
          return;
        }
        case SLOW -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        case HUGE -> {
          sendHuge(ex);
          return;
        }
        case NORMAL -> {}
      }
      Instant camNow = Instant.now().plusSeconds(cam.clockOffsetSeconds());
      if (!op.local().equals("GetSystemDateAndTime")) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !digestValid(auth, path[2], cam, ex.getRequestURI().getRawPath())) {
          refused.incrementAndGet();
          ex.getResponseHeaders()
              .add(
                  "WWW-Authenticate",
                  "Digest realm=\""
                      + REALM
                      + "\", qop=\"auth\", nonce=\""
                      + nonce
                      + "\", algorithm=MD5, opaque=\"sim\"");
          send(ex, 401, "");
          return;
        }
        if (!tokenValid(env, cam, camNow)) {
          refused.incrementAndGet();
          send(ex, 400, fault("env:Sender", "ter:NotAuthorized", "Sender not Authorized"));
          return;
        }
      }
      String token = op.childText("ConfigurationToken");
      String body =
          SimResponses.answer(
              op.local(), path[2], cam, camNow, token, "http://192.168.1.64/onvif/" + path[2]);
      if (body == null) {
        send(
            ex,
            500,
            fault("env:Receiver", "ter:ActionNotSupported", "Optional Action Not Implemented"));
      } else {
        send(ex, 200, envelope(body));
      }
    } catch (IOException | RuntimeException e) {
      // The client went away (timeout test) or the request was odd: nothing to answer.
    }
  }

  private boolean digestValid(String header, String camName, SimCamera cam, String uri) {
    if (!header.startsWith("Digest ")) {
      return false;
    }
    Map<String, String> p = new HashMap<>();
    for (String part : header.substring(7).split(",\\s*")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        p.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim().replace("\"", ""));
      }
    }
    if (!nonce.equals(p.get("nonce"))
        || !uri.equals(p.get("uri"))
        || !"auth".equals(p.get("qop"))) {
      return false;
    }
    String user = p.getOrDefault("username", "");
    String ha1 = md5(user + ":" + REALM + ":" + cam.password());
    String ha2 = md5("POST:" + uri);
    String expected =
        md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
    return expected.equals(p.get("response"))
        && cam.users().stream().anyMatch(u -> u.startsWith(user + ":"));
  }

  private static boolean tokenValid(XmlNode env, SimCamera cam, Instant camNow) {
    XmlNode ut =
        env.child("Header")
            .flatMap(h -> h.child("Security"))
            .flatMap(s -> s.child("UsernameToken"))
            .orElse(null);
    if (ut == null) {
      return false;
    }
    try {
      Instant created = Instant.parse(ut.childText("Created"));
      if (Math.abs(created.getEpochSecond() - camNow.getEpochSecond()) > 300) {
        return false;
      }
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(Base64.getDecoder().decode(ut.childText("Nonce")));
      sha1.update(ut.childText("Created").getBytes(StandardCharsets.UTF_8));
      sha1.update(cam.password().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sha1.digest()).equals(ut.childText("Password"));
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      return false;
    }
  }

  private static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String envelope(String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope"
        + NS
        + " xmlns:hikxsd=\"http://www.onvifext.com/onvif/ext/ver10/schema\">\n<env:Body>"
        + body
        + "</env:Body>\n</env:Envelope>\n";
  }

  private static String fault(String code, String sub, String reason) {
    return envelope(
        "<env:Fault><env:Code><env:Value>"
            + code
            + "</env:Value><env:Subcode><env:Value>"
            + sub
            + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">"
            + reason
            + "</env:Text></env:Reason></env:Fault>");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  /** 8 MB of well-formed but useless XML, chunked: the client must stop reading at its cap. */
  private static void sendHuge(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    byte[] chunk =
        "<tt:Pad>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</tt:Pad>\n"
            .repeat(100)
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(
          ("<env:Envelope" + NS + "><env:Body><tds:GetSystemDateAndTimeResponse>")
              .getBytes(StandardCharsets.UTF_8));
      for (int written = 0; written < 8 << 20; written += chunk.length) {
        out.write(chunk);
      }
      out.write(
          "</tds:GetSystemDateAndTimeResponse></env:Body></env:Envelope>"
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  static String utc(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return "<tt:UTCDateTime><tt:Time><tt:Hour>"
        + z.getHour()
        + "</tt:Hour><tt:Minute>"
        + z.getMinute()
        + "</tt:Minute><tt:Second>"
        + z.getSecond()
        + "</tt:Second></tt:Time><tt:Date><tt:Year>"
        + z.getYear()
        + "</tt:Year><tt:Month>"
        + z.getMonthValue()
        + "</tt:Month><tt:Day>"
        + z.getDayOfMonth()
        + "</tt:Day></tt:Date></tt:UTCDateTime>";
  }
}
