package io.vigie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol, nothing downloaded: the
 * browser prints its DevTools WebSocket address on stderr, we open pages through its HTTP endpoint
 * and talk to each page over {@link java.net.http.WebSocket} ({@link CdpPage}).
 *
 * <pre>{@code
 * try (Chromium c = Chromium.start(Path.of("/usr/bin/chromium"), tmp);
 *      CdpPage p = c.newPage()) {
 *   p.navigate("http://127.0.0.1:8443/ui/login");
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
  static final Path DEBIAN = Path.of("/usr/bin/chromium");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

  private final Process process;
  private final URI http;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  private Chromium(Process process, URI http) {
    this.process = process;
    this.http = http;
  }

  static Chromium start(Path exe, Path profile) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Process p =
        new ProcessBuilder(
                exe.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<String> ws = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = r.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    ws.complete(m.group(1));
                  } else if (!ws.isDone() && seen.length() < 4000) {
                    seen.append(line).append('\n');
                  }
                }
                ws.completeExceptionally(
                    new IOException("chromium ended before listening:\n" + seen));
              } catch (IOException e) {
                ws.completeExceptionally(e);
              }
            },
            "vigie-test-chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      URI u = URI.create(ws.get(60, TimeUnit.SECONDS));
      return new Chromium(p, URI.create("http://" + u.getHost() + ":" + u.getPort()));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("chromium did not start: " + e.getMessage(), e);
    }
  }

  /** A new tab, driven over its own WebSocket. */
  CdpPage newPage() throws IOException, InterruptedException {
    // PUT: Chromium refuses GET on /json/new since version 111.
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(http.resolve("/json/new?about:blank"))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("chromium /json/new: " + r.statusCode() + " " + r.body());
    }
    JsonNode target = json.readTree(r.body());
    return CdpPage.connect(URI.create(target.path("webSocketDebuggerUrl").asText()), json);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
