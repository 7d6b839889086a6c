package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigie.net.Cidr;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code platforms} section and {@code vendor.fingerprints}: read whole, refused with file,
 * line and key.
 */
class PlatformsConfigTest {
  static final String GOOD =
      """
      networks:
        - { name: cameras, cidr: 10.20.0.0/16 }
      devices:
        - { name: cam-001, address: 10.20.1.1, role: camera }
      vendor:
        name: Acme
        fingerprints:
          hassh: [EC7378C1A92F5A8DDE7E8B7A1DDF33D1]
          ja4: [t13d1516h2_8daaf6152771_b186095e22b6]
      platforms:
        - name: city-vms
          cidrs: [10.30.0.10/32]
          domains: [vms.ville.example]
          gb28181_ids: ["34020000002000000001"]
          networks: [cameras]
          devices: [cam-001]
        - { name: regional, domains: ["*.region.example"] }
      """;

  static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void readsPlatformsAndFingerprints() throws Exception {
    SiteConfig c = parse(GOOD);
    assertEquals(2, c.platforms().size());
    PlatformConfig p = c.platforms().get(0);
    assertEquals("city-vms", p.name());
    assertEquals(List.of(Cidr.parse("10.30.0.10/32")), p.cidrs());
    assertEquals(List.of("34020000002000000001"), p.gb28181Ids());
    assertEquals(List.of("cameras"), p.networks());
    assertEquals(List.of("cam-001"), p.devices());
    assertEquals(
        List.of("ec7378c1a92f5a8dde7e8b7a1ddf33d1"),
        c.vendor().fingerprints().hassh(),
        "stored lower case");
    assertEquals(List.of("t13d1516h2_8daaf6152771_b186095e22b6"), c.vendor().fingerprints().ja4());
  }

  @Test
  void absentSectionsMeanNothingApprovedAndNothingChecked() throws Exception {
    SiteConfig c = parse("networks:\n  - { name: cameras, cidr: 10.20.0.0/16 }\n");
    assertEquals(List.of(), c.platforms());
    assertNull(c.vendor().fingerprints().hassh());
    assertNull(c.vendor().fingerprints().ja4());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "platforms:\\n  - name: p\\n    cidrs: [10.0.0.1/32]\\n    gb_ids: ['1']\\n | site.yaml:4: platforms[0].gb_ids: unknown key 'gb_ids'",
        "platforms:\\n  - { name: p, cidrs: [10.0.0.1/32], gb28181_ids: ['3402'] }\\n | site.yaml:2:60: platforms[0]: gb28181 id '3402' is not 20 digits",
        "platforms:\\n  - { name: p, gb28181_ids: ['34020000002000000001'] }\\n | site.yaml:2:54: platforms[0]: platform 'p' needs 'cidrs' or 'domains'",
        "platforms:\\n  - { name: p, cidrs: [10.0.0.1/32], devices: [cam-9] }\\n | site.yaml:3:1: platform 'p' names device 'cam-9', which 'devices' does not list",
        "platforms:\\n  - { name: p, cidrs: [10.0.0.1/32], networks: [vms] }\\n | site.yaml:3:1: platform 'p' names network 'vms', which 'networks' does not list",
        "platforms:\\n  - { name: p, domains: ['vms.*'] }\\n | site.yaml:2:35: platforms[0]: bad domain pattern 'vms.*' (a name, or *. followed by a name)",
        "vendor:\\n  fingerprints:\\n    hasshes: []\\n | site.yaml:3: vendor.fingerprints.hasshes: unknown key 'hasshes'",
        "vendor:\\n  fingerprints:\\n    ja4: [t13d1516h2]\\n | site.yaml:4:1: vendor.fingerprints: ja4 't13d1516h2' is not a JA4 value such as t13d1516h2_8daaf6152771_b186095e22b6",
        "vendor:\\n  fingerprints:\\n    hassh: [abc]\\n | site.yaml:4:1: vendor.fingerprints: hassh 'abc' is not 32 hex digits",
      })
  void refusesWithFileLineAndKey(String yaml, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
    assertEquals(expected, e.getMessage());
  }
}
