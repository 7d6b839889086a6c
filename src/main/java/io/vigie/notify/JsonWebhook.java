package io.vigie.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.TreeSet;

/**
 * {@link Webhook} as a JSON POST: {@code {"event", "text", "subject", "lines", "roles", "link",
 * "window"}}; {@code text} is the one field Slack and Mattermost incoming webhooks read. A reply
 * other than 2xx is a failure to retry.
 */
public final class JsonWebhook implements Webhook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final HttpClient http;

  public JsonWebhook(String url) {
    this.url = URI.create(url);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  static String json(Event e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", e.kind());
    n.put("text", e.subject() + "\n" + e.link());
    n.put("subject", e.subject());
    e.lines().forEach(n.putArray("lines")::add);
    new TreeSet<>(e.roles()).forEach(n.putArray("roles")::add);
    n.put("link", e.link());
    n.put("window", e.window());
    return n.toString();
  }

  @Override
  public void post(Event e) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(e)))
            .build();
    try {
      HttpResponse<Void> resp = http.send(r, HttpResponse.BodyHandlers.discarding());
      if (resp.statusCode() / 100 != 2) {
        throw new IOException("webhook answered " + resp.statusCode());
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
  }
}
