package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.HubConfig;
import io.vigie.config.LdapConfig;
import io.vigie.config.YamlLoader;
import io.vigie.kafka.KafkaBroker;
import io.vigie.testkit.LogCapture;
import io.vigie.testkit.Slapd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's API with the city's directory ({@code api.ldap}), against a real OpenLDAP {@code slapd}
 * over StartTLS and a real broker: the directory's vendor requests a window, two approvers of the
 * directory approve it at the hub with HTTP Basic (their directory passwords), and the decision is
 * published on the windows topic under their directory names; a wrong password is refused and
 * audited; no password reaches the hub's log, its store or the topic.
 */
@Tag("kafka")
@Tag("system")
class HubDirectoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void directoryApproversDecideAtTheHubAndAWrongPasswordIsRefused() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), Slapd.MISSING);
    LogCapture logs = new LogCapture();
    try (Slapd ldap = Slapd.start(tmp.resolve("ldap"));
        KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      Path yaml = hubConfig(broker.bootstrap(), ldap.config());
      Hub hub = new Hub(yaml, YamlLoader.load(yaml, HubConfig.class), Clock.systemUTC());
      String id;
      try {
        hub.start();
        String base = "http://127.0.0.1:" + hub.apiAddress().getPort();

        // The directory's vendor asks, with its directory login (no token of its own).
        String request =
            """
            {"reason":"firmware update","ticket":"CHG-77",
             "scope":{"devices":["cam-golden"],"apps":["ssh"]},
             "end":"%s"}
            """
                .formatted(Instant.now().plus(Duration.ofHours(2)));
        HttpResponse<String> asked = call(base, "/api/v1/windows", "acme-tech", null, request);
        assertEquals(201, asked.statusCode(), asked.body());
        id = JSON.readTree(asked.body()).path("id").asText();
        assertEquals("acme-tech", JSON.readTree(asked.body()).path("requester").asText());

        // A wrong password: 401 with the Basic challenge, the window unchanged.
        HttpResponse<String> wrong = call(base, approve(id), "mdupont", "Mairie-2025!old", "");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(
            wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
            wrong.headers().map().toString());
        // An unknown person neither.
        assertEquals(401, call(base, approve(id), "nobody", "Whatever-1!", "").statusCode());
        // The directory's reviewer reads but cannot approve.
        assertEquals(403, call(base, approve(id), "cjuriste", null, "").statusCode());

        // Two approvers of the directory, one of each role of the hub's quorum.
        HttpResponse<String> once = call(base, approve(id), "mdupont", null, "");
        assertEquals(200, once.statusCode(), once.body());
        assertEquals("requested", JSON.readTree(once.body()).path("state").asText());
        // The same person twice is one seat, whatever the case they type their name in.
        assertEquals(409, call(base, approve(id), "MDupont", null, "").statusCode());
        HttpResponse<String> twice = call(base, approve(id), "arssi", null, "");
        assertEquals(200, twice.statusCode(), twice.body());
        JsonNode w = JSON.readTree(twice.body());
        assertTrue(List.of("approved", "active").contains(w.path("state").asText()), twice.body());
        String journal = Files.readString(tmp.resolve("hub-state/windows.jsonl"));
        assertTrue(journal.contains("\"mdupont\"") && journal.contains("\"arssi\""), journal);

        // Published to the sensors, signed, under the directory's names.
        String published = waitForWindow(broker.bootstrap(), id, "arssi");
        assertTrue(published.contains("mdupont"), published);
        for (String password : Slapd.PASSWORDS.values()) {
          assertFalse(published.contains(password), "a password on the windows topic");
        }
      } finally {
        hub.close();
        logs.close();
      }

      // The refusals are audited in the hub's store, with the login typed and never the password.
      List<String> refused = events(tmp.resolve("hub.db"), "api_login_refused");
      assertEquals(2, refused.size(), refused.toString());
      assertTrue(refused.stream().anyMatch(f -> f.contains("mdupont")), refused.toString());
      String text = logs.text();
      assertTrue(text.contains("event=hub_started"), "the hub's log was captured: " + text);
      List<String> secrets = new ArrayList<>(Slapd.PASSWORDS.values());
      secrets.add("Mairie-2025!old");
      secrets.add("Whatever-1!");
      secrets.add(Files.readString(tmp.resolve("ldap/bind.secret")).strip());
      byte[] store = storeBytes(tmp);
      for (String s : secrets) {
        assertFalse(text.contains(s), "a password in the hub's log: " + s);
        assertFalse(refused.toString().contains(s), "a password in the audit: " + s);
        assertFalse(
            new String(store, StandardCharsets.ISO_8859_1).contains(s),
            "a password in the hub's store: " + s);
      }
    }
  }

  private static String approve(String id) {
    return "/api/v1/windows/" + id + "/approve";
  }

  /** {@code login}'s directory password unless {@code password} is given. */
  private HttpResponse<String> call(
      String base, String path, String login, String password, String body) throws Exception {
    String pw =
        password != null ? password : Slapd.PASSWORDS.get(login.toLowerCase(java.util.Locale.ROOT));
    String basic =
        Base64.getEncoder().encodeToString((login + ":" + pw).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The newest record of window {@code id} on the windows topic holding {@code text}. */
  private static String waitForWindow(String servers, String id, String text) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "hub-directory-test");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of("city.windows"));
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          if (id.equals(r.key()) && r.value() != null && r.value().contains(text)) {
            return r.value();
          }
        }
      }
    }
    throw new AssertionError("window " + id + " with " + text + " never reached city.windows");
  }

  private static List<String> events(Path db, String kind) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT fields FROM hub_events WHERE kind = '" + kind + "' ORDER BY ts_nanos")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The store's file and its journal files, as bytes. */
  private static byte[] storeBytes(Path dir) throws Exception {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("hub.db")).toList()) {
        all.write(Files.readAllBytes(f));
      }
    }
    return all.toByteArray();
  }

  private Path hubConfig(String servers, LdapConfig ldap) throws Exception {
    StringBuilder groups = new StringBuilder();
    for (Map.Entry<String, List<String>> g : ldap.groups().entrySet()) {
      groups
          .append("      \"")
          .append(g.getKey())
          .append("\": [")
          .append(String.join(", ", g.getValue()))
          .append("]\n");
    }
    Path f = tmp.resolve("hub.yaml");
    Files.writeString(
        f,
        """
        hub: { name: nice-city }
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: city
        store: hub.db
        state_dir: hub-state
        metrics: { listen: "127.0.0.1:%s" }
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "127.0.0.1:0"
          ldap:
            url: "%s"
            security: starttls
            ca_file: "%s"
            bind_dn: "%s"
            bind_password_file: "%s"
            user_base: "%s"
            user_filter: "%s"
            name_attribute: %s
            group_base: "%s"
            group_filter: "%s"
            groups:
        %s\
        """
            .formatted(
                servers,
                freePort(),
                ldap.url(),
                ldap.caFile(),
                ldap.bindDn(),
                ldap.bindPasswordFile(),
                ldap.userBase(),
                ldap.userFilter(),
                ldap.nameAttribute(),
                ldap.groupBase(),
                ldap.groupFilter(),
                groups));
    return f;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
