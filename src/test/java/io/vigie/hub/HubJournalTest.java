package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.Main;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's windows journal is checked at start against the hash chain of its store's {@code
 * hub_events} and the quorum rules, as a sensor checks its journal against its evidence chain: a
 * journal changed while the hub was stopped (a line forged, edited, or a step deleted) or a store
 * whose chain is broken stops {@code vigie hub} before anything starts, exit 2, with one line
 * naming the file and the line (or the store's row). Kafka is not needed for any of it (nothing
 * listens on the configured port).
 */
class HubJournalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path yaml;
  private Path journal;
  private List<String> lines;
  private String id;

  /** A window requested, approved by two approvers and revoked at the hub, then the hub stopped. */
  @BeforeEach
  void aHubDecidesAWindow() throws Exception {
    yaml = hubConfig();
    journal = tmp.resolve("state/windows.jsonl");
    Hub hub = start();
    try {
      String base = "http://127.0.0.1:" + hub.apiAddress().getPort();
      String request =
          """
          {"reason":"firmware update","ticket":"CHG-9",
           "scope":{"devices":["cam-7"],"apps":["ssh"]},"end":"%s"}
          """
              .formatted(Instant.now().plus(Duration.ofHours(2)));
      id = post(base + "/api/v1/windows", "vendor-token", request, 201).path("id").asText();
      post(base + "/api/v1/windows/" + id + "/approve", "mayor-token", "", 200);
      post(base + "/api/v1/windows/" + id + "/approve", "secu-token", "", 200);
      post(base + "/api/v1/windows/" + id + "/revoke", "secu-token", "{\"reason\":\"done\"}", 200);
    } finally {
      hub.close();
    }
    lines = Files.readAllLines(journal);
    // requested, approval, approval, approved, revoked
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.get(2).contains("\"approval\"") && lines.get(2).contains("\"secu\""));
  }

  @Test
  void anUntouchedJournalStartsWithItsWindows() throws Exception {
    Hub again = start();
    try {
      assertEquals(5, again.store().witness("window_event").records().size());
    } finally {
      again.close();
    }
  }

  @Test
  void aForgedApprovalIsRefusedNamingTheFileAndLine() throws Exception {
    // The second approval claims another approver: not the step the hub recorded.
    lines.set(2, lines.get(2).replace("\"secu\"", "\"secu2\""));
    assertTrue(lines.get(2).contains("secu2"), lines.get(2));
    Files.write(journal, lines);
    String err = refused();
    assertTrue(err.contains(journal + ":3:"), err);
    assertTrue(err.contains("'approval' of window " + id), err);
    assertTrue(err.contains("not in the evidence chain"), err);
    assertTrue(err.contains(tmp.resolve("hub.db") + ", table hub_events"), err);
  }

  @Test
  void anAddedLineIsRefused() throws Exception {
    // A request written by hand while the hub was stopped, well formed, never recorded.
    String forged = lines.get(0).replace(id, id.substring(0, id.length() - 1) + "9");
    lines.add(forged);
    Files.write(journal, lines);
    String err = refused();
    assertTrue(err.contains(journal + ":6:"), err);
  }

  @Test
  void aDeletedRevocationIsRefused() throws Exception {
    // Deleting the revocation would open the window again.
    Files.write(journal, lines.subList(0, 4));
    String err = refused();
    assertTrue(err.contains(journal + ": a step the hub's store holds is missing"), err);
    assertTrue(err.contains(id), err);
  }

  @Test
  void aStoreWhoseChainIsBrokenIsRefusedNamingTheRow() throws Exception {
    // Editing the store to match a forged journal breaks the store's own chain.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("hub.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE hub_events SET fields = replace(fields, '\"secu\"', '\"secu2\"')"
              + " WHERE kind = 'window_event' AND fields LIKE '%approve%' AND fields LIKE '%secu%'");
    }
    lines.set(2, lines.get(2).replace("\"secu\"", "\"secu2\""));
    Files.write(journal, lines);
    String err = refused();
    assertTrue(err.contains(tmp.resolve("hub.db") + ": hub_events row "), err);
    assertTrue(err.contains("breaks the store's hash chain"), err);
  }

  /** {@code vigie hub} on the changed journal: exit 2, one line, no stack trace. */
  private String refused() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"hub", "--config", yaml.toString()},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    String text = err.toString();
    assertEquals(2, code, text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
    assertTrue(text.contains("cannot start"), text);
    return text;
  }

  private Hub start() throws Exception {
    Hub hub = new Hub(yaml, YamlLoader.load(yaml, HubConfig.class), Clock.systemUTC());
    hub.start();
    return hub;
  }

  private JsonNode post(String url, String token, String body, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private Path hubConfig() throws Exception {
    Path f = tmp.resolve("hub.yaml");
    List<String> tokens = new ArrayList<>();
    for (String[] t :
        new String[][] {
          {"acme", "vendor", "vendor-token"},
          {"mayor", "town_hall", "mayor-token"},
          {"secu", "it_security", "secu-token"}
        }) {
      tokens.add(
          "    - { name: " + t[0] + ", roles: [" + t[1] + "], sha256: " + sha(t[2]) + " }\n");
    }
    Files.writeString(
        f,
        """
        hub: { name: nice-city }
        kafka:
          bootstrap_servers: ["127.0.0.1:%d"]
          topic_prefix: city
        store: hub.db
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "127.0.0.1:0"
          tokens:
        %s"""
            .formatted(freePort(), freePort(), String.join("", tokens)));
    return f;
  }

  private static String sha(String token) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
