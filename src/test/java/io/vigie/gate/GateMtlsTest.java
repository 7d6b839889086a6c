package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.GateConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener with mutual TLS: certificates made by {@code openssl} for the test, the identity from
 * the client certificate's CN, the target from SNI.
 */
class GateMtlsTest {
  static final String BANNER = "SSH-2.0-TlsTarget\r\n";

  @TempDir Path dir;

  Fixture fx;
  Recorded rec = new Recorded();
  TestTarget target;
  GateServer gate;
  InetSocketAddress addr;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs /usr/bin/openssl");
    ca("ca");
    ca("rogue-ca");
    signed("gate", "gate.test", "ca");
    signed("client", "acme-ops.acme.example", "ca");
    signed("intruder", "intruder.example", "ca");
    signed("rogue", "acme-ops.acme.example", "rogue-ca");
    fx = new Fixture(dir);
    target = TestTarget.echo(BANNER);
    GateConfig.Listener l =
        new GateConfig.Listener(
            "tls",
            "127.0.0.1:0",
            "ssh",
            GateConfig.Auth.MTLS,
            List.of(
                new GateConfig.Target("cam-001", "127.0.0.1", target.port()),
                new GateConfig.Target("cam-002", "127.0.0.1", target.port())));
    GateConfig config =
        new GateConfig(
            null,
            30,
            300,
            8,
            null,
            List.of(
                new GateConfig.Identity(
                    "acme-ops", null, "acme-ops.acme.example", List.of(Fixture.VENDOR))),
            new GateConfig.Tls(p("gate.crt"), p("gate.key"), p("ca.crt")),
            List.of(l));
    gate = new GateServer(config, fx.windows::snapshot, rec.events(), GateMetrics.NONE, fx.clock);
    gate.start();
    addr = gate.address("tls");
  }

  @AfterEach
  void tearDown() {
    if (gate != null) {
      gate.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void clientCertificateAndSniAdmit() throws Exception {
    fx.openWindow("cam-002", Duration.ofHours(1), App.SSH);
    try (SSLSocket s = connect("client", "cam-002.gate.test")) {
      OutputStream out = s.getOutputStream();
      out.write("SSH-2.0-Tls\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      assertEquals(
          BANNER + "SSH-2.0-Tls\r\n",
          new String(in.readNBytes(BANNER.length() + 13), StandardCharsets.US_ASCII));
    }
    EvidenceRecord r = rec.awaitEvidence(x -> x.kind().equals("session"), Duration.ofSeconds(5));
    assertEquals("acme-ops", r.fields().get("identity"));
    assertEquals("cam-002", r.fields().get("resp_name"));
  }

  @Test
  void sniNamingAnotherTargetIsJudgedForThatTarget() throws Exception {
    fx.openWindow("cam-002", Duration.ofHours(1), App.SSH);
    try (SSLSocket s = connect("client", "cam-001.gate.test")) {
      s.getOutputStream().write("SSH-2.0-Tls\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertEquals(-1, readOrEof(s));
    }
    Notice n = rec.awaitNotice(x -> x.msg().contains("device_out_of_scope"), Duration.ofSeconds(5));
    assertEquals("cam-001", n.camera());
  }

  @Test
  void unknownOrForeignCertificatesAreRefused() throws Exception {
    fx.openWindow("cam-002", Duration.ofHours(1), App.SSH);
    try (SSLSocket s = connect("intruder", "cam-002.gate.test")) {
      assertEquals(-1, readOrEof(s));
    }
    rec.awaitNotice(x -> x.msg().contains("unknown_certificate"), Duration.ofSeconds(5));
    try (SSLSocket s = connect("rogue", "cam-002.gate.test")) {
      assertEquals(-1, readOrEof(s));
    } catch (IOException e) {
      // The handshake itself fails: what a foreign certificate should get.
    }
    rec.awaitNotice(x -> x.msg().contains("tls_handshake"), Duration.ofSeconds(5));
    assertEquals(0, target.accepted.get(), "the target never saw them");
  }

  private int readOrEof(SSLSocket s) {
    try {
      return s.getInputStream().read();
    } catch (IOException e) {
      return -1;
    }
  }

  private SSLSocket connect(String client, String sni) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(client + ".p12"))) {
      ks.load(in, "test".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "test".toCharArray());
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLSocket s =
        (SSLSocket) ctx.getSocketFactory().createSocket(addr.getAddress(), addr.getPort());
    SSLParameters params = s.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(sni)));
    s.setSSLParameters(params);
    s.setSoTimeout(5000);
    s.startHandshake();
    return s;
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  private void ca(String name) throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        p(name + ".key"),
        "-out",
        p(name + ".crt"),
        "-subj",
        "/CN=" + name,
        "-days",
        "1");
  }

  private void signed(String name, String cn, String ca) throws Exception {
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        p(name + ".key"),
        "-out",
        p(name + ".csr"),
        "-subj",
        "/CN=" + cn);
    openssl(
        "x509",
        "-req",
        "-in",
        p(name + ".csr"),
        "-CA",
        p(ca + ".crt"),
        "-CAkey",
        p(ca + ".key"),
        "-CAcreateserial",
        "-out",
        p(name + ".crt"),
        "-days",
        "1");
    openssl(
        "pkcs12",
        "-export",
        "-in",
        p(name + ".crt"),
        "-inkey",
        p(name + ".key"),
        "-out",
        p(name + ".p12"),
        "-passout",
        "pass:test");
  }

  private static void openssl(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "/usr/bin/openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        proc.waitFor(30, TimeUnit.SECONDS) && proc.exitValue() == 0,
        String.join(" ", cmd) + ": " + out);
  }
}
