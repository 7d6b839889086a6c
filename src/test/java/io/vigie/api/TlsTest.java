package io.vigie.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApiConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate that the test makes with openssl. */
class TlsTest {
  @TempDir Path dir;

  private void makeCertificate(Path cert, Path key) throws Exception {
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
                  "subjectAltName=IP:127.0.0.1,DNS:localhost",
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
  }

  @Test
  void servesHttpsWithTheConfiguredCertificate() throws Exception {
    Path cert = dir.resolve("api.crt");
    Path key = dir.resolve("api.key");
    makeCertificate(cert, key);
    // Paths in the config are relative to the config file's directory.
    ApiConfig.Tls relative = new ApiConfig.Tls("api.crt", "api.key");
    ApiConfig resolved = new ApiConfig("127.0.0.1:0", relative, null, null).resolvedAgainst(dir);
    assertEquals(cert.toString(), resolved.tls().certFile());

    try (ApiTestKit kit = new ApiTestKit(dir, resolved.tls(), ApiClient.trusting(cert))) {
      assertTrue(kit.uri("/").toString().startsWith("https://"));
      HttpResponse<String> r = kit.get("acme", ApiPaths.WINDOWS);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(201, kit.post("acme", ApiPaths.WINDOWS, kit.windowBody()).statusCode());

      // A client that does not trust the certificate cannot talk to the server.
      HttpClient untrusting = HttpClient.newHttpClient();
      assertThrows(
          javax.net.ssl.SSLHandshakeException.class,
          () ->
              untrusting.send(
                  HttpRequest.newBuilder(kit.uri(ApiPaths.HEALTH)).build(),
                  HttpResponse.BodyHandlers.ofString()));
      // Plain HTTP on the TLS port gets no answer.
      HttpClient plain = HttpClient.newHttpClient();
      assertThrows(
          IOException.class,
          () ->
              plain.send(
                  HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + kit.server.port() + ApiPaths.HEALTH))
                      .timeout(java.time.Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
    }
  }

  @Test
  void unreadableOrBadKeyFilesFailStartWithTheirName() throws Exception {
    Path cert = dir.resolve("c.pem");
    Files.writeString(cert, "not a certificate");
    ApiConfig missing =
        new ApiConfig(
            "127.0.0.1:0",
            new ApiConfig.Tls(cert.toString(), dir.resolve("nope.key").toString()),
            null,
            null);
    try (ApiServer s = new ApiServer(missing, null, null, r -> {}, java.time.Clock.systemUTC())) {
      IOException e = assertThrows(IOException.class, s::start);
      assertTrue(e.getMessage().contains("api.tls.key_file"), e.getMessage());
    }
    Files.writeString(dir.resolve("k.pem"), "not a key");
    ApiConfig bad =
        new ApiConfig(
            "127.0.0.1:0",
            new ApiConfig.Tls(cert.toString(), dir.resolve("k.pem").toString()),
            null,
            null);
    try (ApiServer s = new ApiServer(bad, null, null, r -> {}, java.time.Clock.systemUTC())) {
      IOException e = assertThrows(IOException.class, s::start);
      assertTrue(e.getMessage().contains("api.tls"), e.getMessage());
    }
  }
}
