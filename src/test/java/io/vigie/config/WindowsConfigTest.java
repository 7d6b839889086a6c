package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WindowsConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void fromHubWithDefaults() throws Exception {
    WindowsConfig.FromHub h =
        parse(
                "windows:\n  from_hub:\n    bootstrap_servers: [\"k1:9093\"]\n"
                    + "    hub_public_key: hub.pub\n")
            .windows()
            .fromHub();
    assertEquals("vigie.windows", h.topic());
    assertEquals(300, h.revocationGraceSeconds());
    assertEquals(65_536, h.maxRecordBytes());
  }

  @Test
  void localByDefault() throws Exception {
    assertNull(parse("site: { name: x }\n").windows().fromHub());
  }

  @Test
  void badValuesAndUnknownKeysAreFatalWithTheirName() {
    ConfigException unknown =
        assertThrows(
            ConfigException.class,
            () ->
                parse(
                    "windows:\n  from_hub:\n    bootstrap_servers: [\"k1:9093\"]\n"
                        + "    hub_public_key: hub.pub\n    grace: 5\n"));
    assertTrue(unknown.getMessage().contains("grace"), unknown.getMessage());
    ConfigException noKey =
        assertThrows(
            ConfigException.class,
            () -> parse("windows:\n  from_hub:\n    bootstrap_servers: [\"k1:9093\"]\n"));
    assertTrue(noKey.getMessage().contains("hub_public_key"), noKey.getMessage());
    ConfigException grace =
        assertThrows(
            ConfigException.class,
            () ->
                parse(
                    "windows:\n  from_hub:\n    bootstrap_servers: [\"k1:9093\"]\n"
                        + "    hub_public_key: hub.pub\n    revocation_grace_seconds: 0\n"));
    assertTrue(grace.getMessage().contains("revocation_grace_seconds"), grace.getMessage());
  }
}
