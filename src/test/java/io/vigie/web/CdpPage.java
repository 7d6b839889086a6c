package io.vigie.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser tab over the DevTools Protocol: commands are JSON messages with an id, answered with
 * the same id; events (page loaded) arrive in between and wait in a queue.
 */
final class CdpPage implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ObjectMapper json;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private WebSocket ws;

  private CdpPage(ObjectMapper json) {
    this.json = json;
  }

  static CdpPage connect(URI ws, ObjectMapper json) throws IOException {
    CdpPage p = new CdpPage(json);
    try {
      p.ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(TIMEOUT)
              .buildAsync(ws, p.new Listener())
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot open DevTools WebSocket " + ws + ": " + e, e);
    }
    p.send("Page.enable", null);
    p.send("Runtime.enable", null);
    return p;
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buf = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      buf.append(data);
      if (last) {
        try {
          JsonNode m = json.readTree(buf.toString());
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            events.add(m);
          }
        } catch (IOException e) {
          events.add(
              json.createObjectNode().put("method", "parse-error").put("error", e.getMessage()));
        }
        buf.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }

  /** Sends a command and returns its {@code result}; a protocol error fails the test. */
  JsonNode send(String method, ObjectNode params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = json.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      msg.set("params", params);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ws.sendText(json.writeValueAsString(msg), true);
    JsonNode answer;
    try {
      answer = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(method + ": no answer: " + e, e);
    }
    if (answer.has("error")) {
      throw new IOException(method + ": " + answer.get("error"));
    }
    return answer.path("result");
  }

  ObjectNode params() {
    return json.createObjectNode();
  }

  /** Opens {@code url} and waits until the page has loaded. */
  void navigate(String url) throws IOException, InterruptedException {
    events.clear();
    send("Page.navigate", params().put("url", url));
    awaitLoad();
  }

  /** Runs {@code script} (which submits a form or follows a link) and waits for the next page. */
  void submit(String script) throws IOException, InterruptedException {
    events.clear();
    eval(script);
    awaitLoad();
  }

  /** The value of a JavaScript expression (a string, number or boolean). */
  String eval(String expression) throws IOException {
    JsonNode r =
        send("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IOException("script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value").asText();
  }

  /** Sets a form field's value by element id, as typing would. */
  void type(String id, String value) throws IOException {
    eval(
        "document.getElementById("
            + json.writeValueAsString(id)
            + ").value = "
            + json.writeValueAsString(value));
  }

  String text() throws IOException {
    return eval("document.body.innerText");
  }

  String title() throws IOException {
    return eval("document.title");
  }

  /** A PNG of the viewport, saved to {@code file}. */
  void screenshot(Path file) throws IOException {
    JsonNode r =
        send(
            "Page.captureScreenshot",
            params().put("format", "png").put("captureBeyondViewport", false));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** A PNG of the whole page, however long, saved to {@code file}. */
  void fullScreenshot(Path file) throws IOException {
    JsonNode size = send("Page.getLayoutMetrics", null).path("cssContentSize");
    ObjectNode clip =
        params()
            .put("x", 0)
            .put("y", 0)
            .put("width", size.path("width").asDouble())
            .put("height", size.path("height").asDouble())
            .put("scale", 1);
    ObjectNode p = params().put("format", "png").put("captureBeyondViewport", true);
    p.set("clip", clip);
    JsonNode r = send("Page.captureScreenshot", p);
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** Downloads go to {@code dir} instead of asking. */
  void downloadsTo(Path dir) throws IOException {
    send(
        "Page.setDownloadBehavior",
        params().put("behavior", "allow").put("downloadPath", dir.toString()));
  }

  private void awaitLoad() throws IOException, InterruptedException {
    awaitEvent("Page.loadEventFired", e -> true);
  }

  /** Clears the events seen so far, so that {@link #awaitEvent} waits for a later one. */
  void forgetEvents() {
    events.clear();
  }

  /** Waits for an event of {@code method} whose params pass {@code test}; returns its params. */
  JsonNode awaitEvent(String method, java.util.function.Predicate<JsonNode> test)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new IOException("no " + method + " within " + TIMEOUT);
      }
      if (method.equals(e.path("method").asText()) && test.test(e.path("params"))) {
        return e.path("params");
      }
    }
  }

  @Override
  public void close() {
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "")
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(t -> null)
          .join();
    }
  }
}
