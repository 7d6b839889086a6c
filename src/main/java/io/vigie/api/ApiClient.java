package io.vigie.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small client of the vigie API, for the {@code vigie window} command.
 *
 * <pre>{@code
 * ApiClient c = new ApiClient(URI.create("https://127.0.0.1:8443"), token, ApiClient.trusting(caPem));
 * ApiClient.Reply r = c.post("/api/v1/windows/w-1/approve", Map.of("reason", "ok"));
 * if (r.status() >= 400) { ... r.body().path("error") ... }
 * }</pre>
 */
public final class ApiClient {
  /** The answer: status and JSON body (a missing node when the body is not JSON). */
  public record Reply(int status, JsonNode body) {}

  private final URI base;
  private final String token;
  private final HttpClient http;

  public ApiClient(URI base, String token, SSLContext ssl) {
    this.base = base;
    this.token = token;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  /**
   * An SSL context trusting only the PEM certificate(s) in {@code caFile} (e.g. a self-signed
   * server).
   */
  public static SSLContext trusting(Path caFile) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caFile)))) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IOException(caFile + ": no PEM certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(caFile + ": not a usable certificate: " + e.getMessage(), e);
    }
  }

  /** GET {@code path} with the query parameters whose values are not null. */
  public Reply get(String path, Map<String, String> query) throws IOException {
    String q =
        query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(base.resolve(path + (q.isEmpty() ? "" : "?" + q))).GET());
  }

  /** POST {@code body} serialised as JSON. */
  public Reply post(String path, Object body) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))));
  }

  private Reply send(HttpRequest.Builder req) throws IOException {
    req.header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body;
      try {
        body = ApiJson.MAPPER.readTree(resp.body());
      } catch (IOException e) {
        body = ApiJson.MAPPER.missingNode();
      }
      return new Reply(resp.statusCode(), body == null ? ApiJson.MAPPER.missingNode() : body);
    } catch (ConnectException e) {
      throw new IOException(base + ": connection refused", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
