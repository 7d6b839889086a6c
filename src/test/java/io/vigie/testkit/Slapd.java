package io.vigie.testkit;

import io.vigie.config.LdapConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP server for the tests: Debian's {@code slapd} on loopback with its own MDB
 * database in a temp dir, a self-signed certificate (made with {@code openssl}) for StartTLS, and a
 * small city: two approvers in two groups, a vendor in a third, a reviewer, and the service account
 * vigie searches with.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(Slapd.available(), Slapd.MISSING);
 * try (Slapd ldap = Slapd.start(dir)) {
 *   LdapConfig c = ldap.config();     // StartTLS, the CA file, the groups → roles
 * }
 * }</pre>
 */
public final class Slapd implements AutoCloseable {
  public static final Path SLAPD = Path.of("/usr/sbin/slapd");
  public static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
  public static final String MISSING =
      "no /usr/sbin/slapd or openssl: apt-get install -y slapd ldap-utils openssl"
          + " (scripts/install-test-deps.sh) to run the directory tests";

  public static final String SUFFIX = "dc=ville,dc=test";

  /** login → password of the city's people. */
  public static final Map<String, String> PASSWORDS =
      Map.of(
          "mdupont", "Mairie-2026!town",
          "arssi", "Secu-2026!it",
          "acme-tech", "Vendor-2026!acme",
          "cjuriste", "Audit-2026!law");

  public static final String TOWN_HALL = "cn=vigie-town-hall,ou=groups," + SUFFIX;
  public static final String IT_SECURITY = "cn=vigie-it-security,ou=groups," + SUFFIX;
  public static final String VENDOR = "cn=vigie-vendor,ou=groups," + SUFFIX;
  public static final String REVIEWERS = "cn=vigie-reviewers,ou=groups," + SUFFIX;

  private final Process process;
  private final Path dir;
  private final int port;

  private Slapd(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static boolean available() {
    return Files.isExecutable(SLAPD)
        && Files.isExecutable(SLAPADD)
        && Files.isExecutable(Path.of("/usr/bin/openssl"))
        && Files.isDirectory(Path.of("/etc/ldap/schema"));
  }

  /** Makes the certificate and the database, then starts slapd and waits until it listens. */
  public static Slapd start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("db"));
    run(
        dir,
        "/usr/bin/openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        dir.resolve("server.key").toString(),
        "-out",
        dir.resolve("server.crt").toString());
    Files.writeString(dir.resolve("bind.secret"), "svc-Vigie-2026\n");
    Path conf = dir.resolve("slapd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "pidfile " + dir.resolve("slapd.pid"),
            "TLSCertificateFile " + dir.resolve("server.crt"),
            "TLSCertificateKeyFile " + dir.resolve("server.key"),
            // Passwords only over TLS, as a city's directory would insist (ssf 128).
            "security simple_bind=128",
            "database mdb",
            "maxsize 10485760",
            "suffix \"" + SUFFIX + "\"",
            "rootdn \"cn=admin," + SUFFIX + "\"",
            "directory " + dir.resolve("db"),
            "access to attrs=userPassword by anonymous auth by * none",
            "access to * by dn.exact=\"cn=vigie,ou=services," + SUFFIX + "\" read by * none",
            ""));
    Path ldif = dir.resolve("city.ldif");
    Files.writeString(ldif, ldif());
    run(dir, SLAPADD.toString(), "-q", "-f", conf.toString(), "-l", ldif.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                SLAPD.toString(),
                "-d",
                "0",
                "-f",
                conf.toString(),
                "-h",
                "ldap://127.0.0.1:" + port + "/")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("slapd.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        break;
      } catch (IOException e) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          p.destroyForcibly();
          throw new IOException(
              "slapd did not start: " + Files.readString(dir.resolve("slapd.log")), e);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    return new Slapd(p, dir, port);
  }

  public int port() {
    return port;
  }

  public Path caFile() {
    return dir.resolve("server.crt");
  }

  /** vigie's config for this server: StartTLS, uid as the name, the four groups. */
  public LdapConfig config() {
    return config("starttls");
  }

  public LdapConfig config(String security) {
    return new LdapConfig(
        "ldap://127.0.0.1:" + port,
        security,
        caFile().toString(),
        "cn=vigie,ou=services," + SUFFIX,
        dir.resolve("bind.secret").toString(),
        "ou=people," + SUFFIX,
        "(&(objectClass=inetOrgPerson)(uid={user}))",
        "uid",
        "ou=groups," + SUFFIX,
        "(member={dn})",
        Map.of(
            TOWN_HALL, List.of("town_hall"),
            IT_SECURITY, List.of("it_security"),
            VENDOR, List.of("vendor"),
            REVIEWERS, List.of("reviewer")),
        5);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String ldif() {
    StringBuilder sb = new StringBuilder();
    entry(
        sb, SUFFIX, "objectClass: dcObject", "objectClass: organization", "o: Ville", "dc: ville");
    for (String ou : List.of("people", "groups", "services")) {
      entry(sb, "ou=" + ou + "," + SUFFIX, "objectClass: organizationalUnit", "ou: " + ou);
    }
    entry(
        sb,
        "cn=vigie,ou=services," + SUFFIX,
        "objectClass: person",
        "cn: vigie",
        "sn: vigie",
        "userPassword: svc-Vigie-2026");
    person(sb, "mdupont", "Marie Dupont", "Dupont");
    person(sb, "arssi", "Alain Rssi", "Rssi");
    person(sb, "acme-tech", "ACME Technician", "Technician");
    person(sb, "cjuriste", "Claire Juriste", "Juriste");
    group(sb, TOWN_HALL, "mdupont");
    group(sb, IT_SECURITY, "arssi");
    group(sb, VENDOR, "acme-tech");
    group(sb, REVIEWERS, "cjuriste");
    return sb.toString();
  }

  private static void person(StringBuilder sb, String uid, String name, String sn) {
    entry(
        sb,
        "uid=" + uid + ",ou=people," + SUFFIX,
        "objectClass: inetOrgPerson",
        "uid: " + uid,
        "cn: " + name,
        "displayName: " + name,
        "sn: " + sn,
        "mail: " + uid + "@ville.test",
        "userPassword: " + PASSWORDS.get(uid));
  }

  private static void group(StringBuilder sb, String dn, String uid) {
    entry(
        sb,
        dn,
        "objectClass: groupOfNames",
        "cn: " + dn.substring(3, dn.indexOf(',')),
        "member: uid=" + uid + ",ou=people," + SUFFIX);
  }

  private static void entry(StringBuilder sb, String dn, String... lines) {
    sb.append("dn: ").append(dn).append('\n');
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    sb.append('\n');
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Path log = dir.resolve("setup.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          cmd[0]
              + " failed: "
              + Files.readString(log, StandardCharsets.UTF_8).lines().limit(20).toList());
    }
  }
}
