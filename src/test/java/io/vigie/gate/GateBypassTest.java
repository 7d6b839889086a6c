package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ConfigException;
import io.vigie.config.GateConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.protocol.SessionDetails;
import io.vigie.site.SiteModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate section of a site file, and the join of wire sessions with the gate's legs. */
class GateBypassTest {
  static final Path SITE = Path.of("src/test/resources/io/vigie/gate/site.yaml");

  @Test
  void loadsTheGateSection() throws Exception {
    GateConfig g = YamlLoader.load(SITE, SiteConfig.class).gate();
    assertEquals("10.20.0.2", g.address());
    assertEquals(900, g.idleSeconds());
    assertEquals(300, g.warnBeforeEndSeconds(), "default");
    assertEquals(4, g.maxConnectionsPerWindow());
    assertEquals(GateConfig.Auth.TOKEN, g.listeners().get(0).auth(), "default");
    assertEquals(GateConfig.Auth.MTLS, g.listeners().get(1).auth());
    assertEquals(App.HTTP, g.listeners().get(1).application());
    assertEquals(2222, g.listeners().get(0).listenAddress().getPort());
    assertEquals(java.util.List.of("j.martin@acme"), g.identities().get(1).requesters());
    assertEquals(null, SiteConfig.empty().gate(), "no section, no gate");
  }

  @Test
  void badGateSectionsNameTheKey() throws Exception {
    String yaml = Files.readString(SITE);
    assertError(yaml.replace("token_sha256: 9f86", "token_sha256: zz86"), "token_sha256");
    assertError(yaml.replace("app: ssh", "app: telnet"), "telnet");
    assertError(yaml.replace("0.0.0.0:2222", "0.0.0.0:99999"), "port");
    assertError(
        yaml.replace("max_connections_per_window: 4", "max_connections_per_window: 0"),
        "max_connections_per_window");
    assertError(yaml.replace("auth: mtls", "auth: kerberos"), "kerberos");
  }

  private static void assertError(String yaml, String expected) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                YamlLoader.parse(
                    "site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void vendorTrafficAroundTheGateIsABypass() throws Exception {
    SiteModel site = new SiteModel(YamlLoader.load(SITE, SiteConfig.class));
    GateSessions gate = new GateSessions(4, 100);
    gate.recordLeg(
        new GateSessions.Leg(
            "10.20.0.2", 40001, "10.20.1.1", 22, "W-20261123-001", "j.martin@acme"));

    Optional<Notice> bypass =
        GateBypass.check(site.classify(session("203.0.113.7", 51000, "10.20.1.1", 22)), site, gate);
    Notice n = bypass.orElseThrow();
    assertEquals("gate_bypass", n.note());
    assertEquals("cam-001", n.camera());
    assertTrue(
        n.msg().contains("203.0.113.7") && n.msg().contains("without passing through the gate"),
        n.msg());
    assertEquals(
        n.id(),
        GateBypass.check(site.classify(session("203.0.113.7", 51999, "10.20.1.1", 22)), site, gate)
            .orElseThrow()
            .id(),
        "same vendor, device and app: same notice id");

    assertTrue(
        GateBypass.check(site.classify(session("10.20.0.2", 40001, "10.20.1.1", 22)), site, gate)
            .isEmpty(),
        "the gate's own leg");
    Session relayedVendor =
        site.classify(session("10.20.0.2", 40001, "10.20.1.1", 22))
            .withSite(null, true, null, "cam-001");
    assertTrue(
        GateBypass.check(relayedVendor, site, gate).isEmpty(),
        "a leg the gate made, even if marked vendor");
    assertTrue(
        GateBypass.check(site.classify(session("10.20.1.1", 40000, "10.0.0.5", 123)), site, gate)
            .isEmpty(),
        "not vendor traffic");
  }

  static final SessionDetails DETAILS = SessionDetails.NONE;

  private static Session session(String origH, int origP, String respH, int respP) {
    return new Session(
        1_700_000_000_000_000_000L,
        1_700_000_001_000_000_000L,
        "tcp",
        origH,
        origP,
        respH,
        respP,
        "1:test",
        App.SSH,
        100,
        100,
        2,
        2,
        null,
        false,
        null,
        null,
        "fin",
        DETAILS,
        null,
        null);
  }
}
