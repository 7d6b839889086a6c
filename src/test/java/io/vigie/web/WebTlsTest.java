package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.api.ApiClient;
import io.vigie.config.ApiConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS the session cookie is Secure and __Host- prefixed. */
class WebTlsTest {
  @TempDir Path dir;

  @Test
  void theSessionCookieIsSecureUnderTls() throws Exception {
    Path cert = dir.resolve("api.crt");
    Path key = dir.resolve("api.key");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "2",
                  "-subj",
                  "/CN=vigie-test",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
    } catch (IOException e) {
      Assumptions.assumeTrue(false, "openssl is not installed: " + e.getMessage());
      return;
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("openssl.log")));
    try (WebKit kit = new WebKit(dir, new ApiConfig.Tls(cert.toString(), key.toString()))) {
      Visitor v = new Visitor(kit, ApiClient.trusting(cert));
      HttpResponse<String> r = v.login("mayor");
      assertEquals(303, r.statusCode(), r.body());
      String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
      assertTrue(setCookie.startsWith("__Host-vigie_session="), setCookie);
      assertTrue(
          setCookie.contains("; Path=/;")
              && setCookie.contains("; HttpOnly")
              && setCookie.contains("; SameSite=Strict")
              && setCookie.endsWith("; Secure"),
          setCookie);
      assertEquals(200, v.get("/ui/approver").statusCode());
    }
  }
}
