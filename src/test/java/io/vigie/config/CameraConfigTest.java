package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code cameras}, {@code baseline}, {@code onvif} and {@code privacy_classes} sections. */
class CameraConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void readsTheSections() throws Exception {
    SiteConfig s =
        parse(
            """
        baseline: baseline.json
        onvif: { poll_interval_seconds: 120, concurrency: 16 }
        cameras:
          - { name: cam-001, address: 10.20.1.1, onvif_url: "http://10.20.1.1/onvif/device_service",
              username: vigie-audit, password_file: secrets/cam-001 }
        privacy_classes:
          - { type: FaceMatchEngine, namespace: "http://vendor.example/a", privacy_class: face_recognition }
        """);
    assertEquals("baseline.json", s.baseline());
    assertEquals(
        new CameraConfig(
            "cam-001",
            "10.20.1.1",
            "http://10.20.1.1/onvif/device_service",
            "vigie-audit",
            "secrets/cam-001"),
        s.cameras().get(0));
    assertEquals(120, s.onvif().pollIntervalSeconds());
    assertEquals(16, s.onvif().concurrency());
    assertEquals(5000, s.onvif().timeoutMillis());
    assertEquals(
        List.of(
            new PrivacyClassRule("FaceMatchEngine", "http://vendor.example/a", "face_recognition")),
        s.privacyClasses());
  }

  @Test
  void emptyAndMinimalSitesKeepWorking() throws Exception {
    SiteConfig s = parse("site: { name: x }\n");
    assertEquals(List.of(), s.cameras());
    assertEquals(OnvifConfig.DEFAULTS, s.onvif());
    assertEquals(null, s.baseline());
    assertEquals(List.of(), SiteConfig.empty().cameras());
  }

  @Test
  void errorsNameTheKey() {
    String dup =
        "cameras:\n  - { name: a, address: 10.0.0.1, onvif_url: \"http://10.0.0.1/\" }\n"
            + "  - { name: a, address: 10.0.0.2, onvif_url: \"http://10.0.0.2/\" }\n";
    assertTrue(
        assertThrows(ConfigException.class, () -> parse(dup))
            .getMessage()
            .contains("camera name 'a' is used twice"));
    String noPw =
        "cameras:\n  - { name: a, address: 10.0.0.1, onvif_url: \"http://10.0.0.1/\", username: u }\n";
    assertTrue(
        assertThrows(ConfigException.class, () -> parse(noPw))
            .getMessage()
            .contains("go together"));
    String zero = "onvif: { concurrency: 0 }\n";
    String m = assertThrows(ConfigException.class, () -> parse(zero)).getMessage();
    assertTrue(m.startsWith("site.yaml:1:") && m.contains("concurrency must be positive"), m);
    String typo = "onvif: { timeout_ms: 10 }\n";
    assertTrue(
        assertThrows(ConfigException.class, () -> parse(typo))
            .getMessage()
            .contains("unknown key 'timeout_ms'"));
  }

  @Test
  void driversAndBaseUrl() throws Exception {
    SiteConfig s =
        parse(
            """
        cameras:
          - { name: hik, address: 10.20.1.2, api: [onvif, isapi], url: "http://10.20.1.2/",
              username: vigie-audit, password_file: secrets/hik }
          - { name: axis, address: 10.20.1.3, api: vapix, onvif_url: "http://10.20.1.3:8080/onvif/device_service" }
          - { name: old, address: 10.20.1.4, onvif_url: "http://10.20.1.4/onvif/device_service" }
        """);
    CameraConfig hik = s.cameras().get(0);
    assertEquals(List.of("onvif", "isapi"), hik.api());
    assertEquals("http://10.20.1.2/onvif/device_service", hik.endpoint("onvif").toString());
    assertEquals("http://10.20.1.2", hik.endpoint("isapi").toString());
    CameraConfig axis = s.cameras().get(1);
    assertEquals(List.of("vapix"), axis.api());
    assertEquals("http://10.20.1.3:8080", axis.endpoint("vapix").toString());
    assertEquals(List.of("onvif"), s.cameras().get(2).api());
    var t = io.vigie.firmware.CameraTarget.of(hik, java.nio.file.Path.of("/etc/vigie"));
    assertEquals(2, t.endpoints().size());
    assertEquals("isapi", t.endpoints().get(1).api());
  }

  @Test
  void badDriversAreRefusedAtTheirLine() {
    String unknown =
        "cameras:\n  - { name: a, address: 10.0.0.1, api: hanwha, url: \"http://10.0.0.1\" }\n";
    String m = assertThrows(ConfigException.class, () -> parse(unknown)).getMessage();
    assertTrue(m.startsWith("site.yaml:2:") && m.contains("api 'hanwha' is not one of"), m);
    String twice =
        "cameras:\n  - { name: a, address: 10.0.0.1, api: [isapi, isapi], url: \"http://10.0.0.1\" }\n";
    assertTrue(
        assertThrows(ConfigException.class, () -> parse(twice))
            .getMessage()
            .contains("listed twice"));
    String noUrl = "cameras:\n  - { name: a, address: 10.0.0.1, api: dahua }\n";
    assertTrue(
        assertThrows(ConfigException.class, () -> parse(noUrl))
            .getMessage()
            .contains("missing 'url'"));
  }
}
