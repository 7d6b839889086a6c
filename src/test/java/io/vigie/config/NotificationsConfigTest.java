package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code api.notifications}, through the real loader. */
class NotificationsConfigTest {
  private static final String HEAD =
      """
      approval:
        quorum: [ { role: town_hall }, { role: it_security } ]
      api:
        notifications:
      """;

  private static SiteConfig parse(String block) throws ConfigException {
    String yaml = HEAD + block.indent(4);
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  private static String refused(String block) {
    return assertThrows(ConfigException.class, () -> parse(block)).getMessage();
  }

  @Test
  void readsAFullBlock() throws Exception {
    NotificationsConfig n =
        parse(
                """
            public_url: "https://vigie.ville.example:8443/"
            smtp: { host: smtp.ville.example, port: 587, from: vigie@ville.example,
                    username: svc-vigie, password_file: smtp.secret }
            roles:
              town_hall: [m.dupont@ville.example]
              it_security: [s.roux@ville.example, soc@ville.example]
            webhook: { url: "https://chat.ville.example/hooks/vigie" }
            """)
            .api()
            .notifications();
    assertEquals("https://vigie.ville.example:8443", n.publicUrl(), "no trailing slash");
    assertEquals(587, n.smtp().port());
    assertTrue(n.smtp().starttls(), "STARTTLS by default");
    assertEquals(
        List.of("s.roux@ville.example", "soc@ville.example"), n.roles().get("it_security"));
    assertEquals(
        "/etc/vigie/smtp.secret", n.resolvedAgainst(Path.of("/etc/vigie")).smtp().passwordFile());
  }

  @Test
  void refusesWhatWouldNotWork() {
    String smtp = "smtp: { host: h, from: vigie@ville.example }\n";
    String roles = "roles: { town_hall: [a@ville.example] }\n";
    String url = "public_url: \"https://v.example\"\n";
    String e = refused(url + smtp + roles + "webhok: { url: \"https://x.example\" }\n");
    assertTrue(e.contains("site.yaml:") && e.contains("webhok"), e);
    e = refused(url + "smtp: { host: h, from: vigie@ville.example, pasword_file: x }\n" + roles);
    assertTrue(e.contains("pasword_file"), e);
    e = refused(smtp + roles);
    assertTrue(e.contains("public_url"), e);
    e =
        refused(
            url + smtp + "roles: { town_hall: [\"a@ville.example\\r\\nBcc: x@evil.example\"] }\n");
    assertTrue(e.contains("not a mail address"), e);
    e = refused(url + smtp + "roles: { mayor: [a@ville.example] }\n");
    assertTrue(e.contains("unknown role 'mayor'"), e);
    e =
        refused(
            url
                + "smtp: { host: h, from: vigie@ville.example, starttls: false, username: u,"
                + " password_file: p }\n"
                + roles);
    assertTrue(e.contains("in clear"), e);
    e = refused(url + smtp);
    assertTrue(e.contains("roles"), e);
    e = refused(url);
    assertTrue(e.contains("smtp, webhook or both"), e);
    assertFalse(e.contains("Exception"), e);
  }
}
