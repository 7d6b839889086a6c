package io.vigie.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.bench.ToolRun;
import io.vigie.bench.VideoWorkload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An independent decoder (tshark) reads what the generator writes without complaint. */
@Tag("system")
class TsharkAgreesTest {
  private static final String BAD =
      "ip.checksum.status==2 || tcp.checksum.status==2 || udp.checksum.status==2"
          + " || _ws.malformed";

  @TempDir static Path dir;
  private static Path demo;
  private static DemoCapture.Result result;

  @BeforeAll
  static void write() throws IOException {
    assumeTrue(ToolRun.available("tshark"), "tshark is not installed (Debian package tshark)");
    demo = dir.resolve("demo.pcap");
    try (OutputStream out = Files.newOutputStream(demo)) {
      result = DemoCapture.write(out);
    }
  }

  @Test
  void noChecksumErrorOrMalformedFrameInTheDemo() throws Exception {
    assertEquals(
        "",
        tshark(
            "-r",
            demo.toString(),
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "udp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            BAD));
  }

  @Test
  void noChecksumErrorOrMalformedFrameInABenchWorkload() throws Exception {
    Path w = dir.resolve("workload.pcap");
    try (OutputStream out = Files.newOutputStream(w)) {
      VideoWorkload.write(out, 12, 20_000, 3L);
    }
    assertEquals(
        "",
        tshark(
            "-r",
            w.toString(),
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "udp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
            "-Y",
            BAD));
  }

  @Test
  void tsharkRecognisesEveryProtocolOfTheDemo() throws Exception {
    String phs = tshark("-r", demo.toString(), "-q", "-z", "io,phs");
    List<String> missing = new ArrayList<>();
    // RTP is found through the RTSP SETUP's ports, TFTP's transfer through the WRQ: no decode-as.
    for (String p :
        List.of(
            "ipv6",
            "rtsp",
            "rtp",
            "rtcp",
            "http",
            "xml",
            "dns",
            "ntp",
            "ssh",
            "tls",
            "tftp",
            "ftp",
            "ftp-data")) {
      if (!phs.matches("(?s).*\\n\\s+" + p + "\\s+frames:\\d+.*")) {
        missing.add(p);
      }
    }
    assertEquals(List.of(), missing, phs);
  }

  @Test
  void tsharkExtractsTheFirmwareImagesWithTheReportedHashes() throws Exception {
    Path http = dir.resolve("http-objects");
    Path tftp = dir.resolve("tftp-objects");
    tshark(
        "-r",
        demo.toString(),
        "-q",
        "--export-objects",
        "http," + http,
        "--export-objects",
        "tftp," + tftp);
    assertEquals(result.httpImage().sha256(), sha256(http.resolve("firmware_upgrade.cgi")));
    assertEquals(result.tftpImage().sha256(), sha256(tftp.resolve(result.tftpImage().fileName())));
    Path ftp = dir.resolve("ftp-objects");
    tshark("-r", demo.toString(), "-q", "--export-objects", "ftp-data," + ftp);
    assertEquals(result.ftpImage().sha256(), sha256(ftp.resolve(result.ftpImage().fileName())));
  }

  @Test
  void tsharkSeesTheSniAndTheSshBanners() throws Exception {
    String fields =
        tshark(
            "-r",
            demo.toString(),
            "-Y",
            "tls.handshake.extensions_server_name || ssh.protocol",
            "-T",
            "fields",
            "-e",
            "tls.handshake.extensions_server_name",
            "-e",
            "ssh.protocol");
    assertTrue(fields.contains("telemetry.acme-cloud.example"), fields);
    assertTrue(fields.contains("SSH-2.0-dropbear_2020.81"), fields);
    assertTrue(fields.contains("SSH-2.0-OpenSSH_9.2p1"), fields);
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private static String tshark(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("tshark-" + System.nanoTime() + ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(false)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
    assertEquals(0, p.exitValue(), "tshark exit status");
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
