package io.vigie.policy;

import static io.vigie.policy.Windows.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.SeenEndpoints;
import io.vigie.site.SiteModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate sits outside the video network (192.168.77.2, in a DMZ) and relays the vendor's SSH to
 * cam-001: its own leg is a relay inside a window, not remote access from an unknown host. The site
 * is read from YAML, so the test also proves that {@code gate.address} is read.
 */
class GateLegTest {
  private static final String GATE = "192.168.77.2";
  private static final String SITE =
      """
      networks:
        - { name: cameras, cidr: 10.20.0.0/16 }
      devices:
        - { name: cam-001, address: 10.20.1.1, role: camera }
      vendor:
        cidrs: [203.0.113.0/24]
      gate:
        address: 192.168.77.2
        identities:
          - { name: j.martin@acme, token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 }
        listeners:
          - name: ssh
            listen: 127.0.0.1:0
            app: ssh
            auth: token
            targets:
              - { name: cam-001, address: 10.20.1.1, port: 22 }
      """;

  private final List<Notice> notices = new ArrayList<>();
  private final List<Session> judged = new ArrayList<>();

  private static SiteConfig load(String yaml) {
    try {
      return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private void judge(SiteConfig config, WindowSet windows, Session s) {
    SiteModel site = new SiteModel(config);
    new PolicyStage(site, () -> windows, new SeenEndpoints(100), notices::add, judged::add, v -> {})
        .onSession(site.classify(s));
  }

  private static Session gateLeg(String from) {
    return Sessions.session(from, TestSite.CAM1, 22, App.SSH, at("08:30:00"), at("08:40:00"));
  }

  @Test
  void theGatesOwnRelayInsideAWindowIsAuthorisedAndRaisesNothing() {
    WindowSet windows = Windows.set(Windows.window("W1").approvedAt(at("07:30:00")));
    judge(load(SITE), windows, gateLeg(GATE));
    assertEquals(List.of(), notices, "no remote_access, no new_external_endpoint");
    assertEquals("authorised", judged.get(0).verdict());
    assertEquals("W1", judged.get(0).window());
    assertFalse(judged.get(0).vendor(), "the gate's leg is not a vendor session");
  }

  @Test
  void withoutGateAddressTheSameLegIsRemoteAccess() {
    // What the issue saw: with gate.address not read, the leg is an unknown host's SSH.
    WindowSet windows = Windows.set(Windows.window("W1").approvedAt(at("07:30:00")));
    judge(
        load(SITE.replace("address: 192.168.77.2", "address: 192.168.77.3")),
        windows,
        gateLeg(GATE));
    assertEquals(
        List.of("new_external_endpoint", "remote_access"),
        notices.stream().map(Notice::note).sorted().toList());
  }

  @Test
  void theGatesAddressWithNoWindowIsStillRemoteAccess() {
    // Nothing the gate would relay: someone on the gate's host reached the camera by SSH.
    judge(load(SITE), WindowSet.EMPTY, gateLeg(GATE));
    assertEquals("remote_access", judged.get(0).verdict());
    assertTrue(
        notices.stream().anyMatch(n -> n.note().equals("remote_access")), notices.toString());
    assertTrue(
        notices.stream().noneMatch(n -> n.note().equals("new_external_endpoint")),
        "the gate is named in the site file: not a new endpoint");
  }

  @Test
  void anotherHostIsNotTheGate() {
    WindowSet windows = Windows.set(Windows.window("W1").approvedAt(at("07:30:00")));
    judge(load(SITE), windows, gateLeg("192.168.77.9"));
    assertEquals("remote_access", judged.get(0).verdict());
  }
}
