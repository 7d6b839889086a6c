package io.vigie.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import io.vigie.config.HubConfig;
import io.vigie.config.YamlLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie hub --config}: a bad file is one line naming the file, the line and the key, exit 2,
 * no stack trace, before anything starts; defaults of a minimal file.
 */
class HubConfigTest {
  private static final String TOKEN = "a".repeat(64);

  @TempDir Path tmp;

  private static final String GOOD =
      """
      hub: { name: nice-city }
      kafka: { bootstrap_servers: ["127.0.0.1:9092"] }
      store: hub.db
      state_dir: state
      api:
        listen: "127.0.0.1:8443"
        tokens:
          - { name: soc, roles: [reviewer], sha256: %s }
      """
          .formatted(TOKEN);

  record Run(int code, String err) {}

  private Run hub(String yaml) throws Exception {
    Path f = tmp.resolve("hub.yaml");
    Files.writeString(f, yaml);
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"hub", "--config", f.toString()},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    return new Run(code, err.toString());
  }

  private void refused(String yaml, String... expected) throws Exception {
    Run r = hub(yaml);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(tmp.resolve("hub.yaml").toString()), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "'" + e + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aMinimalFileTakesItsDefaults() throws Exception {
    Path f = tmp.resolve("ok.yaml");
    Files.writeString(f, GOOD);
    HubConfig c = YamlLoader.load(f, HubConfig.class);
    assertEquals("vigie", c.kafka().topicPrefix());
    assertEquals("vigie-hub", c.kafka().groupId());
    assertEquals(1024 * 1024, c.kafka().maxRecordBytes());
    assertEquals(45, c.kafka().sessionTimeoutSeconds(), "Kafka's own default");
    assertEquals("vigie.notices", c.kafka().topic("notices"));
    assertEquals(HubConfig.DEFAULT_METRICS_LISTEN, c.metrics().listen());
    assertEquals(1, c.approval().quorum().size(), "the site's default quorum");
  }

  @Test
  void anUnknownKeyIsFatalAndNamed() throws Exception {
    refused(
        GOOD.replace("store: hub.db", "store: hub.db\nstroe: x.db"), ":4:", "unknown key 'stroe'");
    refused(
        GOOD.replace("bootstrap_servers:", "group: g, bootstrap_servers:"),
        "kafka",
        "unknown key 'group'");
  }

  @Test
  void missingSectionsAndBadValuesAreNamed() throws Exception {
    refused(GOOD.replace("store: hub.db\n", ""), "missing 'store'");
    refused(GOOD.replace("hub: { name: nice-city }\n", ""), "missing 'hub'");
    refused(GOOD.replace("state_dir: state\n", ""), "missing 'state_dir'");
    refused(GOOD.replace("127.0.0.1:9092", "kafka-1"), "kafka", "is not host:port");
    refused(
        GOOD.replace("bootstrap_servers:", "group_id: \"a b\", bootstrap_servers:"),
        "group_id 'a b'");
    refused(
        GOOD.replace("bootstrap_servers:", "max_record_bytes: 10, bootstrap_servers:"),
        "max_record_bytes must be in 1024..67108864");
    refused(
        GOOD.replace("bootstrap_servers:", "session_timeout_seconds: 5, bootstrap_servers:"),
        ":2:",
        "session_timeout_seconds must be in 6..1800, was 5");
    refused(
        GOOD.replace("bootstrap_servers:", "session_timeout_seconds: 1801, bootstrap_servers:"),
        "session_timeout_seconds must be in 6..1800, was 1801");
    refused(
        GOOD.replace(
            "bootstrap_servers:", "sasl: { mechanism: MD5, username: h }, bootstrap_servers:"),
        "sasl mechanism 'MD5'");
    refused(GOOD.replace("nice-city", "nice city"), "hub name 'nice city'");
  }

  @Test
  void aTokenRoleMustBeKnownToTheHubsQuorum() throws Exception {
    refused(GOOD.replace("roles: [reviewer]", "roles: [it_security]"), "it_security");
  }

  @Test
  void notificationsAreRefusedRatherThanIgnored() throws Exception {
    refused(
        GOOD + "  notifications: { webhook: { url: \"https://soc.example/hook\" } }\n",
        "notifications");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"hub", "--config", tmp.resolve("none.yaml").toString()},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertEquals(2, code);
    assertTrue(err.toString().contains("none.yaml: no such file"), err.toString());
  }
}
