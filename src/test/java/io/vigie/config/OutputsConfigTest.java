package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code site.tags} and {@code outputs}: defaults, and errors that name file, line and key. */
class OutputsConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void readsTheSiteTagsAndTheOutputsWithTheirDefaults() throws Exception {
    SiteConfig c =
        parse(
            "site: { name: nice-est, tags: { zone: est, city: Nice } }\n"
                + "outputs:\n"
                + "  files: { dir: logs }\n"
                + "  syslog: { host: 127.0.0.1, transport: udp }\n"
                + "  kafka: { bootstrap_servers: [\"k1:9092\"] }\n");
    assertEquals(Map.of("zone", "est", "city", "Nice"), c.site().tags());
    assertEquals("vigie.notices", c.outputs().kafka().topic("notices"));
    assertEquals(180, c.outputs().kafka().drainTimeoutSeconds());
    assertEquals(514, c.outputs().syslog().port());
    assertEquals(10, c.outputs().files().keep());
    assertEquals(OutputsConfig.NONE, SiteConfig.empty().outputs());
  }

  @Test
  void badValuesNameTheirLineAndKey() {
    ConfigException unknown =
        assertThrows(
            ConfigException.class,
            () ->
                parse(
                    "site: { name: a }\noutputs:\n  kafka:\n    bootstrap_servers: [\"k:1\"]\n    topics: x\n"));
    assertTrue(unknown.getMessage().startsWith("site.yaml:5"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("unknown key 'topics'"), unknown.getMessage());
    ConfigException server =
        assertThrows(
            ConfigException.class,
            () -> parse("outputs:\n  kafka: { bootstrap_servers: [kafka-without-port] }\n"));
    assertTrue(server.getMessage().contains("is not host:port"), server.getMessage());
    ConfigException transport =
        assertThrows(
            ConfigException.class,
            () -> parse("outputs:\n  syslog: { host: h, transport: relp }\n"));
    assertTrue(transport.getMessage().contains("unknown transport 'relp'"), transport.getMessage());
  }
}
