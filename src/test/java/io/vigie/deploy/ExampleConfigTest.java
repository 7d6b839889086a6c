package io.vigie.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example /etc/vigie/vigie.yaml shipped in deploy/ loads as it is. */
class ExampleConfigTest {
  @Test
  void exampleSiteFileLoads() throws Exception {
    SiteConfig s = YamlLoader.load(Path.of("deploy/etc/vigie/vigie.yaml"), SiteConfig.class);
    assertEquals("Ville-de-Démo", s.site().name());
    assertEquals(new InetSocketAddress("127.0.0.1", 9108), s.metrics().address());
    assertTrue(s.ntp().enabled());
    assertEquals("10.0.0.5", s.ntp().server());
    assertEquals(2, s.devices().size());
    // What `vigie run` needs beyond a valid file: a capture and a state directory.
    new io.vigie.daemon.Daemon(
        Path.of("deploy/etc/vigie/vigie.yaml"), s, java.time.Clock.systemUTC());
    assertEquals(Path.of("/var/lib/vigie"), Path.of(String.valueOf(s.stateDir())));
  }
}
