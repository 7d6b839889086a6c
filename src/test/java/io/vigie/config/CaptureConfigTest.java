package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void liveInterfacesWithDefaults() throws Exception {
    SiteConfig s = parse("capture: { interfaces: [eth1, eth2] }\nstate_dir: /var/lib/vigie\n");
    CaptureConfig c = s.capture();
    assertEquals(List.of("eth1", "eth2"), c.interfaces());
    assertEquals("", c.filter());
    assertEquals(262_144, c.snaplen());
    // sized for 2.4 Gbit/s: 0.45 s of it (docs/PERFORMANCE.md, "Sustained live capture")
    assertEquals(128 << 20, c.bufferBytes());
    assertTrue(c.promiscuous());
    assertEquals(false, c.replay());
    assertEquals("/var/lib/vigie", s.stateDir());
  }

  @Test
  void aFileIsAReplay() throws Exception {
    CaptureConfig c = parse("capture: { file: demo.pcap }\n").capture();
    assertTrue(c.replay());
    assertEquals("demo.pcap", c.file());
  }

  @Test
  void bothSectionsAreOptionalForOtherCommands() throws Exception {
    SiteConfig s = parse("site: { name: x }\n");
    assertNull(s.capture());
    assertNull(s.stateDir());
  }

  @Test
  void badValuesNameTheKeyAndLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> parse("site: { name: x }\ncapture: { interfaces: [eth1], file: x.pcap }\n"));
    assertTrue(
        e.getMessage().contains("site.yaml:2") && e.getMessage().contains("not both"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> parse("capture: {}\n"));
    assertTrue(e.getMessage().contains("'interfaces'"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> parse("capture: { interfaces: [eth1, eth1] }\n"));
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> parse("capture: { interfaces: [eth1], snaplen: 0 }\n"));
    assertTrue(e.getMessage().contains("snaplen"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () -> parse("capture: { interfaces: [eth1], buffer_bytes: 1024 }\n"));
    assertTrue(e.getMessage().contains("buffer_bytes"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> parse("capture: { interfaces: [eth1], snap_len: 9 }\n"));
    assertTrue(e.getMessage().contains("snap_len"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> parse("state_dir: \"\"\n"));
    assertTrue(e.getMessage().contains("state_dir"), e.getMessage());
  }
}
