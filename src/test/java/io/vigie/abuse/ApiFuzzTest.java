package io.vigie.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random requests with a fixed seed against the API and the web forms of a real daemon: random JSON
 * shapes and depths, sizes up to past the body limit, encodings (UTF-16, broken UTF-8, a BOM),
 * methods, paths, headers, tokens, cookies and form escapes. No answer may be a 500, the daemon's
 * log may hold no stack trace, and the server must still answer afterwards.
 */
@Tag("abuse")
class ApiFuzzTest {
  static final long SEED = 15_2026L;
  static final int REQUESTS = Integer.getInteger("vigie.fuzz.requests", 1_500);

  private static final List<String> METHODS =
      List.of(
          "GET",
          "POST",
          "POST",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "HEAD",
          "OPTIONS",
          "TRACE",
          "FOO",
          "G\u00c9T");
  private static final List<String> PATHS =
      List.of(
          "/",
          "/api/v1/windows",
          "/api/v1/windows",
          "/api/v1/windows/%s",
          "/api/v1/windows/%s/approve",
          "/api/v1/windows/%s/reject",
          "/api/v1/windows/%s/revoke",
          "/api/v1/notices?%s",
          "/api/v1/sessions?%s",
          "/api/v1/health",
          "/api/v1/baselines",
          "/api/v1/baselines/%s/approve",
          "/api/v1/admin/reload",
          "/ui",
          "/ui/login",
          "/ui/login?lang=%s",
          "/ui/logout",
          "/ui/approver?%s",
          "/ui/windows/%s/approve",
          "/ui/windows/%s/reject",
          "/ui/windows/%s/revoke",
          "/ui/security",
          "/ui/reviewer?%s",
          "/ui/reviewer/session?%s",
          "/ui/reviewer/slice?%s",
          "/ui/reviewer/export",
          "/ui/static/vigie.css",
          "/%s");
  private static final List<String> TOKENS =
      List.of(
          "",
          DaemonUnderTest.VENDOR_TOKEN,
          DaemonUnderTest.APPROVER_TOKEN,
          "wrong",
          "\u00e9\u00e9",
          "x".repeat(3000));
  private static final List<String> FIELDS =
      List.of(
          "reason",
          "ticket",
          "scope",
          "start",
          "end",
          "expected_changes",
          "devices",
          "subnets",
          "endpoints",
          "apps",
          "camera",
          "firmware_version",
          "image_sha256",
          "modules",
          "digest",
          "token",
          "lang",
          "csrf",
          "id",
          "limit",
          "from",
          "to",
          "type",
          "app",
          "device",
          "window",
          "__proto__",
          "");

  @TempDir Path dir;

  @Test
  @Timeout(600)
  void randomRequestsGetNo500AndLeaveNoStackTrace() throws Exception {
    String why = DaemonUnderTest.unavailable();
    assumeTrue(why == null, why);
    Random rnd = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    try (DaemonUnderTest d = DaemonUnderTest.start(dir, DaemonUnderTest.Options.defaults())) {
      String window = d.requestWindow();
      for (int i = 0; i < REQUESTS; i++) {
        byte[] req = request(rnd, window);
        int status = exchange(d.apiPort(), req);
        statuses.merge(status, 1, Integer::sum);
        int n = i;
        assertTrue(
            status != 500,
            () ->
                "request "
                    + n
                    + " got a 500:\n"
                    + new String(req, 0, Math.min(req.length, 2000), StandardCharsets.ISO_8859_1)
                    + "\n"
                    + d.tail());
      }
      String log = d.logText();
      assertFalse(
          log.contains("\tat ") || log.contains("Exception"),
          "a stack trace in the log:\n" + d.tail());
      HttpResponse<String> health =
          d.api("GET", "/api/v1/health", null, null, null, Duration.ofSeconds(5));
      assertEquals(200, health.statusCode(), health.body());
      String after = d.assertStillServing("after " + REQUESTS + " fuzzed requests", 4 * REQUESTS);
      System.out.println("[abuse] fuzz seed " + SEED + ": statuses " + statuses + "; " + after);
    }
  }

  /**
   * The status of the answer; 0 when the server closed without one (allowed: a refusal at the
   * transport).
   */
  private static int exchange(int port, byte[] req) throws IOException {
    try (Socket s = new Socket()) {
      // The fuzzer is an anonymous client of its own address: its failed logins slow that address
      // down, never the approver's, who checks afterwards from 127.0.0.1.
      s.bind(new InetSocketAddress("127.0.0.8", 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(15_000);
      try {
        s.getOutputStream().write(req);
        s.getOutputStream().flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // The server may refuse before the whole request is written (413 from the head).
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      try {
        while (head.size() < 64 && (b = in.read()) >= 0 && b != '\n') {
          head.write(b);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError(
            "no answer within 15 s to:\n"
                + new String(req, 0, Math.min(req.length, 500), StandardCharsets.ISO_8859_1),
            e);
      } catch (IOException e) {
        return 0;
      }
      String line = head.toString(StandardCharsets.ISO_8859_1);
      return line.startsWith("HTTP/1.1 ") && line.length() >= 12
          ? Integer.parseInt(line.substring(9, 12))
          : 0;
    }
  }

  private static <T> T pick(Random rnd, List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  private static byte[] request(Random rnd, String window) {
    String method = pick(rnd, METHODS);
    String path = pick(rnd, PATHS);
    if (path.contains("%s")) {
      path = path.replace("%s", rnd.nextInt(3) == 0 ? window : urlish(rnd));
    }
    byte[] body = body(rnd);
    StringBuilder h = new StringBuilder();
    h.append(method)
        .append(' ')
        .append(path)
        .append(rnd.nextInt(20) == 0 ? " HTTP/1.0" : " HTTP/1.1")
        .append("\r\n");
    h.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    String token = pick(rnd, TOKENS);
    if (!token.isEmpty()) {
      h.append(rnd.nextInt(8) == 0 ? "Authorization: Basic " : "Authorization: Bearer ")
          .append(token)
          .append("\r\n");
    }
    h.append("Content-Type: ")
        .append(
            pick(
                rnd,
                List.of(
                    "application/json",
                    "application/x-www-form-urlencoded",
                    "text/plain",
                    "application/json; charset=utf-16",
                    "multipart/form-data; boundary=x",
                    "")))
        .append("\r\n");
    if (rnd.nextInt(4) == 0) {
      h.append("Cookie: vigie_session=").append(urlish(rnd)).append("; __Host-vigie_session=x\r\n");
    }
    if (rnd.nextInt(4) == 0) {
      h.append("Origin: ")
          .append(pick(rnd, List.of("http://evil.example", "null", "http://127.0.0.1")))
          .append("\r\n");
    }
    if (rnd.nextInt(5) == 0) {
      h.append("Accept-Language: ").append(urlish(rnd)).append("\r\n");
    }
    int mode = rnd.nextInt(10);
    if (mode == 0) {
      h.append("Transfer-Encoding: chunked\r\n\r\n");
      String chunk = Integer.toHexString(body.length) + "\r\n";
      return concat(
          h.toString().getBytes(StandardCharsets.ISO_8859_1),
          chunk.getBytes(StandardCharsets.US_ASCII),
          body,
          "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    if (mode == 1) {
      h.append("Content-Length: ")
          .append(rnd.nextInt(3) == 0 ? "-1" : Integer.toString(body.length + 10))
          .append("\r\n\r\n");
    } else {
      h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    }
    return concat(h.toString().getBytes(StandardCharsets.ISO_8859_1), body);
  }

  private static byte[] body(Random rnd) {
    switch (rnd.nextInt(9)) {
      case 0:
        return new byte[0];
      case 1:
        {
          byte[] b = new byte[rnd.nextInt(4096)];
          rnd.nextBytes(b);
          return b;
        }
      case 2:
        return form(rnd).getBytes(StandardCharsets.ISO_8859_1);
      case 3:
        return json(rnd, 0).getBytes(StandardCharsets.UTF_16);
      case 4:
        {
          int depth = rnd.nextInt(50_000);
          return ("[".repeat(depth) + "]".repeat(rnd.nextBoolean() ? depth : depth / 2))
              .getBytes(StandardCharsets.US_ASCII);
        }
      case 5:
        return ("{\"reason\":\"" + "x".repeat(rnd.nextInt(80_000)) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
      case 6:
        {
          byte[] j = json(rnd, 0).getBytes(StandardCharsets.UTF_8);
          if (j.length > 2) {
            j[rnd.nextInt(j.length)] = (byte) (0x80 + rnd.nextInt(0x80));
          }
          return j;
        }
      default:
        return json(rnd, 0).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String json(Random rnd, int depth) {
    int kind = depth > 12 ? rnd.nextInt(5) : rnd.nextInt(8);
    switch (kind) {
      case 0:
        return "null";
      case 1:
        return rnd.nextBoolean() ? "true" : "false";
      case 2:
        return rnd.nextInt(6) == 0
            ? "1" + "0".repeat(rnd.nextInt(500))
            : Double.toString(rnd.nextGaussian() * 1e6);
      case 3:
      case 4:
        return quote(text(rnd));
      case 5:
        {
          StringBuilder sb = new StringBuilder("[");
          for (int i = rnd.nextInt(5); i > 0; i--) {
            sb.append(json(rnd, depth + 1)).append(i > 1 ? "," : "");
          }
          return sb.append(']').toString();
        }
      default:
        {
          StringBuilder sb = new StringBuilder("{");
          for (int i = rnd.nextInt(6); i > 0; i--) {
            sb.append(quote(pick(rnd, FIELDS)))
                .append(':')
                .append(json(rnd, depth + 1))
                .append(i > 1 ? "," : "");
          }
          return sb.append('}').toString();
        }
    }
  }

  private static String text(Random rnd) {
    return pick(
        rnd,
        List.of(
            "",
            " ",
            "ok",
            "2026-11-23T08:00:00Z",
            "2026-13-45T99:00:00Z",
            "cam-001",
            "ssh",
            "10.0.0.0/33",
            "::1/129",
            "\u0000",
            "\u202e\u00e9\ud83d\ude00",
            "<script>alert(1)</script>",
            "%00%zz",
            "x".repeat(rnd.nextInt(2000)),
            "\\\"",
            "W-20261123-001"));
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String form(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(6); i > 0; i--) {
      sb.append(pick(rnd, FIELDS))
          .append('=')
          .append(urlish(rnd))
          .append(rnd.nextInt(10) == 0 ? "&&=" : "&");
    }
    return sb.toString();
  }

  private static String urlish(Random rnd) {
    return pick(
        rnd,
        List.of(
            "a",
            "%",
            "%zz",
            "%E9",
            "%C3%A9",
            "%00",
            "..%2F..%2Fetc%2Fpasswd",
            "W-1",
            "+",
            "a=b=c",
            "%ff%fe",
            "x".repeat(rnd.nextInt(300)),
            "W-20261123-001",
            "limit=0",
            "limit=99999999999",
            "from=yesterday",
            "id=%E0%A4%A",
            ";",
            "\u00e9"));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
