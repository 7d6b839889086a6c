package io.vigie.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.OutputsConfig;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import io.vigie.output.SiteStamp;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Notices reach a real rsyslog (Debian's rsyslogd, started here with its own config, imtcp and
 * imudp on loopback ports) which parses them as RFC 5424: its property parser, not ours, says what
 * PRI, HOSTNAME, APP-NAME, MSGID, STRUCTURED-DATA and MSG are. Over TCP, UDP and TLS (rsyslog's
 * gtls driver, Debian package rsyslog-gnutls).
 */
@Tag("system")
class SyslogRsyslogTest {
  private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

  @TempDir Path tmp;
  private Process rsyslog;

  @AfterEach
  void stop() throws InterruptedException {
    if (rsyslog != null) {
      rsyslog.destroy();
      rsyslog.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = OutputsConfig.Transport.class,
      names = {"TCP", "UDP"})
  void rsyslogParsesEachNoticeAsRfc5424(OutputsConfig.Transport transport) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(RSYSLOGD), "rsyslogd is not installed (scripts/install-test-deps.sh)");
    int tcp = freeTcpPort();
    int udp;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp = s.getLocalPort();
    }
    Path out =
        startRsyslog(
            List.of(
                "module(load=\"imtcp\")",
                "module(load=\"imudp\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcp + "\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udp + "\")"));
    waitForListener(transport == OutputsConfig.Transport.TCP ? tcp : -1);
    OutputsConfig.SyslogOutput cfg =
        new OutputsConfig.SyslogOutput(
            "127.0.0.1",
            transport == OutputsConfig.Transport.TCP ? tcp : udp,
            transport,
            null,
            null);
    assertParsed(sendAndReceive(cfg, out));
  }

  /**
   * TLS (RFC 5425): rsyslog's gtls stream driver with a certificate for 127.0.0.1 made here by
   * openssl; vigie trusts it through {@code ca_file} and checks that it names the host.
   */
  @Test
  void rsyslogReceivesNoticesOverTls() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(RSYSLOGD), "rsyslogd is not installed (scripts/install-test-deps.sh)");
    Assumptions.assumeTrue(
        gtlsDriverInstalled(),
        "rsyslog's TLS driver is not installed (Debian package rsyslog-gnutls,"
            + " scripts/install-test-deps.sh)");
    Assumptions.assumeTrue(
        Files.isExecutable(OPENSSL), "openssl is not installed (scripts/install-test-deps.sh)");
    Path key = tmp.resolve("key.pem");
    Path cert = tmp.resolve("cert.pem");
    Process openssl =
        new ProcessBuilder(
                OPENSSL.toString(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-days",
                "2",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("openssl.out").toFile())
            .start();
    assertTrue(openssl.waitFor(60, TimeUnit.SECONDS), "openssl req did not end");
    assertEquals(0, openssl.exitValue(), Files.readString(tmp.resolve("openssl.out")));
    int port = freeTcpPort();
    Path out =
        startRsyslog(
            List.of(
                "global(DefaultNetstreamDriver=\"gtls\" DefaultNetstreamDriverCAFile=\""
                    + cert
                    + "\" DefaultNetstreamDriverCertFile=\""
                    + cert
                    + "\" DefaultNetstreamDriverKeyFile=\""
                    + key
                    + "\")",
                "module(load=\"imtcp\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\""
                    + " StreamDriver.AuthMode=\"anon\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")"));
    waitForListener(port);
    // ca_file relative to the config directory, as in a site config.
    OutputsConfig.SyslogOutput cfg =
        new OutputsConfig.SyslogOutput(
            "127.0.0.1", port, OutputsConfig.Transport.TLS, "cert.pem", null);
    assertParsed(sendAndReceive(cfg, out));
  }

  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  private static boolean gtlsDriverInstalled() throws IOException {
    for (String dir :
        List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")) {
      if (Files.exists(Path.of(dir, "rsyslog", "lmnsd_gtls.so"))) {
        return true;
      }
    }
    return false;
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts rsyslogd with these inputs; returns the file it writes vigie's messages to. */
  private Path startRsyslog(List<String> inputs) throws IOException {
    Path out = tmp.resolve("received.log");
    Path conf = tmp.resolve("rsyslog.conf");
    List<String> lines = new java.util.ArrayList<>();
    lines.add("global(workDirectory=\"" + tmp + "\")");
    lines.addAll(inputs);
    lines.add(
        "template(name=\"fields\" type=\"string\" string=\"%pri%|%hostname%|%app-name%|"
            + "%msgid%|%structured-data%|%msg%\\n\")");
    lines.add(
        "if $app-name == \"vigie\" then action(type=\"omfile\" file=\""
            + out
            + "\" template=\"fields\")");
    lines.add("");
    Files.writeString(conf, String.join("\n", lines));
    rsyslog =
        new ProcessBuilder(
                RSYSLOGD.toString(),
                "-n",
                "-f",
                conf.toString(),
                "-i",
                tmp.resolve("pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("rsyslogd.out").toFile())
            .start();
    return out;
  }

  /** Sends the two notices until rsyslog wrote both (a datagram may be lost): its lines. */
  private List<String> sendAndReceive(OutputsConfig.SyslogOutput cfg, Path out) throws Exception {
    SiteStamp site = new SiteStamp("nice-est", Map.of("zone", "est"));
    List<Notice> notices =
        List.of(
            new Notice(
                1_764_655_943_000_000_000L,
                "vendor_access_outside_window",
                Severity.CRITICAL,
                "d0f0da0760b1d3ee",
                "1:abc=",
                "vendor session \"outside\" any window\nsecond line",
                null,
                null),
            new Notice(
                1_764_655_944_000_000_000L,
                "camera_unreachable",
                Severity.WARNING,
                "aa11",
                null,
                "cam-001 did not answer",
                null,
                "cam-001"));
    SyslogSender sender = new SyslogSender(cfg, site, "nice-est", tmp);
    // UDP: rsyslog may still be binding; send until both are seen (a datagram may be lost).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> lines = List.of();
    int rounds = 0;
    while (System.nanoTime() < deadline) {
      if (rounds == 0 || (cfg.transport() == OutputsConfig.Transport.UDP && rounds % 10 == 0)) {
        notices.forEach(sender::onNotice);
      }
      rounds++;
      Thread.sleep(100);
      lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
      if (lines.size() >= 2) {
        break;
      }
    }
    sender.close();
    assertTrue(
        lines.size() >= 2,
        "rsyslog received "
            + lines
            + "; its output: "
            + Files.readString(tmp.resolve("rsyslogd.out")));
    return lines;
  }

  private static void assertParsed(List<String> lines) throws IOException {
    ObjectMapper json = new ObjectMapper();
    String[] f = lines.get(0).split("\\|", 6);
    assertEquals("130", f[0], "local0 (16) * 8 + critical (2)");
    assertEquals("nice-est", f[1]);
    assertEquals("vigie", f[2]);
    assertEquals("vendor_access_outside_window", f[3]);
    assertEquals("[origin software=\"vigie\"]", f[4]);
    JsonNode n = json.readTree(f[5].strip());
    assertEquals("d0f0da0760b1d3ee", n.path("id").asText());
    assertEquals("vendor session \"outside\" any window\nsecond line", n.path("msg").asText());
    assertEquals("nice-est", n.path("site").asText());
    assertEquals("est", n.path("site_tags").path("zone").asText());
    String[] g = lines.get(1).split("\\|", 6);
    assertEquals("132", g[0], "local0 * 8 + warning (4)");
    assertEquals("camera_unreachable", g[3]);
    assertEquals("cam-001", json.readTree(g[5].strip()).path("camera").asText());
  }

  private void waitForListener(int tcpPort) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!rsyslog.isAlive()) {
        throw new IOException("rsyslogd exited: " + Files.readString(tmp.resolve("rsyslogd.out")));
      }
      if (tcpPort < 0) {
        Thread.sleep(300); // UDP: no way to ask; the send loop repeats
        return;
      }
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 1000);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException("rsyslogd did not listen on " + tcpPort);
  }
}
