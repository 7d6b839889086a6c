package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigie.net.Cidr;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad site file is refused whole with file, line and key, in words a person understands. */
class YamlLoaderTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "vendor:\\n  name: x\\n  cidrz: [1.2.3.0/24]\\n | site.yaml:3: vendor.cidrz: unknown key 'cidrz'",
        "networks:\\n  - name: cams\\n    cidr: 10.20.0.0/16\\n    vlan: 3\\n | site.yaml:4:11: networks[0].vlan: unknown key 'vlan'",
        "networks:\\n  - { name: cams, cidr: 10.20.0.1/16 }\\n | site.yaml:2:25: networks[0].cidr: '10.20.0.1/16' has host bits set below /16",
        "flows:\\n  max_flows: lots\\n | site.yaml:2:14: flows.max_flows: expected a whole number",
        "flows: [1, 2]\\n | site.yaml:1:8: flows: expected a mapping of keys (FlowConfig)",
        "devices:\\n  - { name: c, address: 10.1.1.1, role: camra }\\n | site.yaml:2:41: devices[0].role: unknown role 'camra' (one of camera, video_server, analytics, workstation, other)",
        "devices:\\n  - { name: c, address: 10.1.1.1 }\\n  - { name: c, address: 10.1.1.2 }\\n | site.yaml:4:1: device name 'c' is used twice",
        "vendor:\\n  domains: ['acme.*']\\n | site.yaml:3:1: vendor: bad domain pattern 'acme.*' (a name, or *. followed by a name)",
        "networks:\\n  - name: a\\n    cidr: 10.0.0.0/8\\n  - name: b\\n | site.yaml:5:1: networks[1]: missing 'cidr'",
        "\\tx: 1\\n | site.yaml:1:1: not valid YAML",
      })
  void refusesWithFileLineAndKey(String yaml, String expected) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                YamlLoader.parse(
                    "site.yaml",
                    yaml.replace("\\n", "\n").replace("\\t", "\t").getBytes(StandardCharsets.UTF_8),
                    SiteConfig.class));
    String msg = e.getMessage();
    assertEquals(
        expected,
        msg.length() > expected.length() && expected.endsWith("YAML")
            ? msg.substring(0, expected.length())
            : msg);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.20.0.0/16 | 10.20.255.1 | true",
        "10.20.0.0/16 | 10.21.0.1 | false",
        "0.0.0.0/0 | 203.0.113.9 | true",
        "2001:db8::/32 | 2001:db8:ffff::1 | true",
        "2001:db8::/32 | 2001:db9::1 | false",
        "10.20.1.1 | 10.20.1.1 | true",
      })
  void cidrsContainWhatTheySay(String cidr, String addr, boolean inside) {
    var a = io.vigie.net.IpAddress.parse(addr);
    assertEquals(inside, Cidr.parse(cidr).contains(a.version(), a.hi(), a.lo()));
  }
}
