package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import io.vigie.hub.Hub;
import io.vigie.hub.HubRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code vigie hub} in the test's JVM (as {@code hub.HubKafkaTest} starts it), consuming one
 * topic prefix into its own SQLite store; what it holds is read back through its API over HTTP, as
 * the city's operators read it: {@code /api/v1/notices} and {@code /api/v1/checkpoints ?site=}.
 *
 * <pre>{@code
 * try (HubUnderTest hub = HubUnderTest.start(dir, broker.bootstrap(), "run")) {
 *   Map<String, Integer> byId = hub.notices("fault");   // id -> rows the API lists with it
 * }
 * }</pre>
 */
final class HubUnderTest implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "reader-token";

  private final Hub hub;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubUnderTest(Hub hub) {
    this.hub = hub;
  }

  /** Writes {@code dir/hub.yaml} (group {@code hub-<prefix>}) and starts the hub. */
  static HubUnderTest start(Path dir, String bootstrap, String prefix) throws Exception {
    Files.createDirectories(dir);
    Path yaml = dir.resolve("hub.yaml");
    Files.writeString(
        yaml,
        """
        hub: { name: fault-city }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: %s
          group_id: hub-%s
        store: hub.db
        state_dir: hub-state
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
            - { name: mayor, roles: [town_hall], sha256: %s }
            - { name: secu, roles: [it_security], sha256: %s }
            - { name: soc, roles: [reviewer], sha256: %s }
        """
            .formatted(
                bootstrap,
                prefix,
                prefix,
                freePort(),
                sha("mayor-token"),
                sha("secu-token"),
                sha(TOKEN)));
    Hub hub = new Hub(yaml, YamlLoader.load(yaml, HubConfig.class), Clock.systemUTC());
    hub.start();
    return new HubUnderTest(hub);
  }

  /** Notices the hub's store holds for {@code site} (its own count, cheap enough to poll). */
  long storedNotices(String site) {
    try {
      return hub.store().count(HubRecord.Kind.NOTICES, site);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checkpoints the hub's store holds for {@code site}. */
  long storedCheckpoints(String site) {
    try {
      return hub.store().count(HubRecord.Kind.CHECKPOINTS, site);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the hub was handed again and ignored (same unique key): at-least-once at work. */
  long duplicates() {
    return hub.consumer().duplicates();
  }

  /**
   * vigie_hub_consumer_lag from the hub's /metrics: records behind the partitions' ends as of its
   * last poll (-1 when the endpoint does not answer).
   */
  double lag() {
    URI uri =
        URI.create(
            "http://"
                + hub.metricsAddress().getAddress().getHostAddress()
                + ":"
                + hub.metricsAddress().getPort()
                + "/metrics");
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = LAG.matcher(body);
      return m.find() ? Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static final Pattern LAG =
      Pattern.compile("(?m)^vigie_hub_consumer_lag(?:\\{\\})? ([0-9.eE+-]+)$");

  /** GET /api/v1/notices?site=: each notice id with the number of rows listing it. */
  Map<String, Integer> notices(String site) throws Exception {
    return countBy(get("/api/v1/notices?site=" + site + "&limit=1000").path("notices"), "id");
  }

  /** GET /api/v1/checkpoints?site=: each checkpoint id with the number of rows listing it. */
  Map<String, Integer> checkpoints(String site) throws Exception {
    return countBy(
        get("/api/v1/checkpoints?site=" + site + "&limit=1000").path("checkpoints"),
        "checkpoint_id");
  }

  private static Map<String, Integer> countBy(JsonNode rows, String field) {
    Map<String, Integer> n = new HashMap<>();
    for (JsonNode r : rows) {
      n.merge(r.path(field).asText(), 1, Integer::sum);
    }
    return n;
  }

  private JsonNode get(String path) throws Exception {
    URI uri =
        URI.create(
            "http://"
                + hub.apiAddress().getAddress().getHostAddress()
                + ":"
                + hub.apiAddress().getPort()
                + path);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), uri + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    hub.close();
  }

  private static String sha(String token) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
