package io.vigie.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.LdapConfig;
import io.vigie.testkit.Slapd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real OpenLDAP {@code slapd} on loopback, over StartTLS. */
@Tag("system")
class LdapDirectoryTest {
  @TempDir static Path dir;
  static Slapd slapd;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), Slapd.MISSING);
    slapd = Slapd.start(dir.resolve("ldap"));
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  @Test
  void aPersonWithTheRightPasswordHasTheRolesOfTheirGroups() throws Exception {
    Directory d = LdapDirectory.open(slapd.config());
    Person p = d.authenticate("mdupont", Slapd.PASSWORDS.get("mdupont")).orElseThrow();
    assertEquals("mdupont", p.name());
    assertEquals("Marie Dupont", p.displayName());
    assertEquals("mdupont@ville.test", p.mail());
    assertEquals(Set.of("town_hall"), p.roles());
    assertEquals(
        Set.of("vendor"),
        d.authenticate("acme-tech", Slapd.PASSWORDS.get("acme-tech")).orElseThrow().roles());
  }

  @Test
  void theNameIsTheDirectorysWhateverTheCaseTyped() throws Exception {
    Person p =
        LdapDirectory.open(slapd.config())
            .authenticate("MDupont", Slapd.PASSWORDS.get("mdupont"))
            .orElseThrow();
    assertEquals("mdupont", p.name(), "one person, one name: the quorum counts persons");
  }

  @Test
  void wrongPasswordsUnknownUsersAndEmptyPasswordsAreRefused() throws Exception {
    Directory d = LdapDirectory.open(slapd.config());
    assertEquals(Optional.empty(), d.authenticate("mdupont", "not-her-password"));
    assertEquals(Optional.empty(), d.authenticate("nobody", "whatever"));
    // An empty password would be an anonymous bind, which LDAP servers accept.
    assertEquals(Optional.empty(), d.authenticate("mdupont", ""));
    // A filter injection finds nobody rather than everybody.
    assertEquals(Optional.empty(), d.authenticate("*", Slapd.PASSWORDS.get("mdupont")));
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsNotAsked() throws Exception {
    Path other = dir.resolve("other-ca.pem");
    // Any other certificate: the server's is then unknown, StartTLS must fail, no password sent.
    try (Slapd second = Slapd.start(dir.resolve("ldap2"))) {
      Files.copy(second.caFile(), other);
    }
    LdapConfig c = slapd.config();
    LdapConfig untrusted =
        new LdapConfig(
            c.url(),
            c.security(),
            other.toString(),
            c.bindDn(),
            c.bindPasswordFile(),
            c.userBase(),
            c.userFilter(),
            c.nameAttribute(),
            c.groupBase(),
            c.groupFilter(),
            c.groups(),
            c.timeoutSeconds());
    DirectoryException e =
        assertThrows(
            DirectoryException.class,
            () ->
                LdapDirectory.open(untrusted)
                    .authenticate("mdupont", Slapd.PASSWORDS.get("mdupont")));
    assertTrue(!e.getMessage().contains(Slapd.PASSWORDS.get("mdupont")), e.getMessage());
  }

  @Test
  void withoutTlsTheServerRefusesThePasswords() throws Exception {
    // slapd insists on TLS for simple binds (security simple_bind=128), as a city's directory does.
    assertThrows(
        DirectoryException.class,
        () ->
            LdapDirectory.open(slapd.config("none"))
                .authenticate("mdupont", Slapd.PASSWORDS.get("mdupont")));
  }

  @Test
  void theDirectoryBeingDownIsAnErrorNotARefusal() throws Exception {
    LdapConfig c = slapd.config();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LdapConfig down =
        new LdapConfig(
            "ldap://127.0.0.1:" + port,
            c.security(),
            c.caFile(),
            c.bindDn(),
            c.bindPasswordFile(),
            c.userBase(),
            c.userFilter(),
            c.nameAttribute(),
            c.groupBase(),
            c.groupFilter(),
            c.groups(),
            c.timeoutSeconds());
    assertThrows(
        DirectoryException.class,
        () -> LdapDirectory.open(down).authenticate("mdupont", Slapd.PASSWORDS.get("mdupont")));
  }
}
