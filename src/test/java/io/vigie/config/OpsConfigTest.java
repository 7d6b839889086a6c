package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The metrics and ntp sections of the site file. */
class OpsConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("vigie.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void defaultsWhenAbsent() throws ConfigException {
    SiteConfig s = parse("site: { name: x }\n");
    assertEquals(new InetSocketAddress("127.0.0.1", 9108), s.metrics().address());
    assertFalse(s.ntp().enabled());
    assertEquals(123, s.ntp().port());
    assertEquals(64, s.ntp().intervalSeconds());
    assertEquals(2000, s.ntp().timeoutMillis());
    SiteConfig e = SiteConfig.empty();
    assertEquals(MetricsConfig.DEFAULTS, e.metrics());
    assertEquals(NtpConfig.DISABLED, e.ntp());
  }

  @Test
  void readsBothSections() throws ConfigException {
    SiteConfig s =
        parse(
            """
        metrics: { listen: "[::1]:9200" }
        ntp: { server: 10.0.0.5, port: 1123, interval_seconds: 30, timeout_millis: 800 }
        """);
    assertEquals(9200, s.metrics().address().getPort());
    assertTrue(s.metrics().address().getAddress().isLoopbackAddress());
    assertEquals(new NtpConfig("10.0.0.5", 1123, 30, 800), s.ntp());
    assertTrue(s.ntp().enabled());
  }

  @Test
  void badValuesNameTheKey() {
    assertMessage("metrics: { listen: 9108 }", "metrics: listen '9108' is not host:port");
    assertMessage("metrics: { listen: \"localhost:9108\" }", "host must be an IP address");
    assertMessage("metrics: { listen: \"127.0.0.1:70000\" }", "port is not in 1..65535");
    assertMessage("metrics: { listen: \"::1:9108\" }", "brackets");
    assertMessage("metrics: { port: 9108 }", "unknown key 'port'");
    assertMessage("ntp: { server: ntp.example }", "must be an IP address");
    assertMessage(
        "ntp: { server: 10.0.0.5, interval_seconds: 0 }",
        "interval_seconds must be in 1..86400, was 0");
    assertMessage(
        "ntp: { server: 10.0.0.5, interval_seconds: 1, timeout_millis: 1000 }", "must be shorter");
  }

  private static void assertMessage(String yaml, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("vigie.yaml"), e.getMessage());
  }
}
