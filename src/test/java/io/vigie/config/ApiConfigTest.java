package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code api} section of the site file, through the real loader. */
class ApiConfigTest {
  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);

  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  private static String refused(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void readsAFullSection() throws Exception {
    SiteConfig s =
        parse(
            """
        approval:
          quorum: [ { role: town_hall }, { role: it_security } ]
        api:
          listen: "[::1]:9443"
          tls: { cert_file: tls/api.crt, key_file: /etc/vigie/api.key }
          max_body_bytes: 8192
          tokens:
            - { name: acme, roles: [vendor], sha256: %s }
            - { name: m.dupont, roles: [town_hall, reviewer], sha256: %s }
        """
                .formatted(HASH_A, HASH_B));
    ApiConfig api = s.api();
    assertEquals(9443, api.listenAddress().getPort());
    assertTrue(api.listenAddress().getAddress().isLoopbackAddress());
    assertEquals(8192, api.maxBodyBytes());
    assertEquals(List.of("town_hall", "reviewer"), api.tokens().get(1).roles());
    assertEquals(Set.of("town_hall"), api.approverRoles());
    ApiConfig r = api.resolvedAgainst(Path.of("/srv/vigie"));
    assertEquals("/srv/vigie/tls/api.crt", r.tls().certFile());
    assertEquals("/etc/vigie/api.key", r.tls().keyFile(), "absolute paths stay");
  }

  @Test
  void defaultsAndAbsence() throws Exception {
    assertNull(parse("site: { name: x }\n").api(), "no section, no API");
    ApiConfig api = parse("api: {}\n").api();
    assertEquals("127.0.0.1:8443", api.listen());
    assertEquals(65536, api.maxBodyBytes());
    assertNull(api.tls());
    assertTrue(api.tokens().isEmpty());
  }

  @Test
  void refusesBadValuesNamingThem() {
    String tok = "    - { name: acme, roles: [vendor], sha256: " + HASH_A + " }\n";
    assertTrue(
        refused("api:\n  tokens:\n" + tok + tok).contains("token name 'acme' is used twice"));
    assertTrue(
        refused(
                "api:\n  tokens:\n"
                    + tok
                    + "    - { name: other, roles: [vendor], sha256: "
                    + HASH_A
                    + " }\n")
            .contains("same sha256"));
    assertTrue(
        refused("api:\n  tokens:\n    - { name: acme, roles: [Vendor!], sha256: " + HASH_A + " }\n")
            .contains("bad role name 'Vendor!'"));
    String unknownRole =
        refused("api:\n  tokens:\n    - { name: acme, roles: [mayor], sha256: " + HASH_A + " }\n");
    assertTrue(
        unknownRole.contains("unknown role 'mayor'") && unknownRole.contains("town_hall"),
        unknownRole);
    assertTrue(
        refused("api:\n  tokens:\n    - { name: acme, roles: [], sha256: " + HASH_A + " }\n")
            .contains("no roles"));
    assertTrue(
        refused("api:\n  tokens:\n    - { name: acme, roles: [vendor], sha256: secret }\n")
            .contains("64 lower-case hex"));
    assertTrue(
        refused(
                "api:\n  tokens:\n    - { name: acme, roles: [vendor], token: x, sha256: "
                    + HASH_A
                    + " }\n")
            .contains("unknown key 'token'"));
    assertTrue(
        refused("api:\n  tokens:\n    - { name: 'a b', roles: [vendor], sha256: " + HASH_A + " }\n")
            .contains("token name 'a b'"));
    assertTrue(refused("api: { listen: 'localhost:8443' }\n").contains("must be an IP address"));
    assertTrue(refused("api: { listen: '127.0.0.1' }\n").contains("not host:port"));
    assertTrue(refused("api: { listen: '127.0.0.1:70000' }\n").contains("0..65535"));
    assertTrue(refused("api: { listen: '::1:8443' }\n").contains("brackets"));
    assertTrue(refused("api: { max_body_bytes: 10 }\n").contains("max_body_bytes"));
    String noKey = refused("api: { tls: { cert_file: a.crt } }\n");
    assertTrue(noKey.contains("key_file") && noKey.startsWith("site.yaml:"), noKey);
  }

  @Test
  void transportBudgetsHaveDefaultsAndAreValidatedWithTheirKey() throws Exception {
    ApiConfig.Limits d = parse("api: {}\n").api().limits();
    assertEquals(256, d.maxConnections());
    assertEquals(32, d.maxConnectionsPerSource());
    assertEquals(8192, d.preAuthMaxBodyBytes());
    assertEquals(8192, d.maxHeaderBytes());
    assertEquals(10, d.headerTimeoutSeconds());
    assertEquals(30, d.bodyTimeoutSeconds());
    assertEquals(60, d.idleTimeoutSeconds());
    assertEquals(32, d.jsonMaxDepth());
    assertEquals(64, d.jsonMaxNumberDigits());
    assertEquals(10, d.logLinesPerMinute());
    ApiConfig.Limits j =
        parse(
                "api:\n  limits: { json_max_depth: 8, json_max_number_digits: 20, log_lines_per_minute: 3 }\n")
            .api()
            .limits();
    assertEquals(8, j.jsonMaxDepth());
    assertEquals(20, j.jsonMaxNumberDigits());
    assertEquals(3, j.logLinesPerMinute());
    String tooDeep = refused("api:\n  limits: { json_max_depth: 10000 }\n");
    assertTrue(tooDeep.contains("json_max_depth") && tooDeep.contains("site.yaml"), tooDeep);
    ApiConfig.Limits l =
        parse(
                """
        api:
          limits: { max_connections: 100, max_connections_per_source: 10, pre_auth_max_body_bytes: 2048,
                    max_header_bytes: 4096, header_timeout_seconds: 5, body_timeout_seconds: 20, idle_timeout_seconds: 30 }
        """)
            .api()
            .limits();
    assertEquals(100, l.maxConnections());
    assertEquals(10, l.maxConnectionsPerSource());
    assertEquals(2048, l.preAuthMaxBodyBytes());
    assertEquals(5, l.headerTimeoutSeconds());
    String typo = refused("api:\n  limits: { max_conections: 10 }\n");
    assertTrue(typo.contains("site.yaml") && typo.contains("api.limits.max_conections"), typo);
    String zero = refused("api:\n  limits: { header_timeout_seconds: 0 }\n");
    assertTrue(zero.contains("header_timeout_seconds") && zero.contains("site.yaml"), zero);
    String share =
        refused("api:\n  limits: { max_connections: 4, max_connections_per_source: 8 }\n");
    assertTrue(share.contains("max_connections_per_source"), share);
  }

  @Test
  void gateBudgetsHaveDefaultsAndAreValidatedWithTheirKey() throws Exception {
    GateConfig g = parse("gate: {}\n").gate();
    assertEquals(64, g.maxPending());
    assertEquals(8, g.maxPendingPerSource());
    assertEquals(10, g.preambleSeconds());
    assertEquals(60, g.refusalNoticeSeconds());
    assertEquals(10, g.refusalLogLinesPerMinute());
    GateConfig set =
        parse(
                "gate: { max_pending: 32, max_pending_per_source: 4, preamble_seconds: 5, "
                    + "refusal_notice_seconds: 0, refusal_log_lines_per_minute: 2 }\n")
            .gate();
    assertEquals(4, set.maxPendingPerSource());
    assertEquals(0, set.refusalNoticeSeconds());
    assertEquals(2, set.refusalLogLinesPerMinute());
    String silent = refused("gate:\n  refusal_log_lines_per_minute: 0\n");
    assertTrue(silent.contains("refusal_log_lines_per_minute"), silent);
    String over = refused("gate: { max_pending: 4, max_pending_per_source: 8 }\n");
    assertTrue(over.contains("max_pending_per_source") && over.contains("site.yaml"), over);
    String slow = refused("gate:\n  preamble_seconds: 3000\n");
    assertTrue(slow.contains("preamble_seconds"), slow);
  }
}
