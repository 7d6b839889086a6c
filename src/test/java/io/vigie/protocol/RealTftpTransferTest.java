package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.flow.Session;
import io.vigie.net.App;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tftpd-hpa on a non-standard loopback port, curl as the client, tcpdump recording: the replayed
 * capture shows the request flows and the transfer flows (on the server's new port), linked, with
 * the file's SHA-256 as sha256sum computes it.
 */
@Tag("system")
class RealTftpTransferTest {
  private static boolean present(String path) {
    return Files.isExecutable(Path.of(path));
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void uploadAndDownloadAreHashedAndLinked(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        present("/usr/sbin/in.tftpd") && present("/usr/bin/curl") && present("/usr/bin/tcpdump"),
        "tftpd-hpa, curl or tcpdump not installed");
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path root = Files.createDirectory(tmp.resolve("root"));
    root.toFile().setWritable(true, false);
    byte[] fw = new byte[70_000];
    new Random(21).nextBytes(fw);
    Path file = tmp.resolve("fw.bin");
    Files.write(file, fw);
    String expected = run("sha256sum", file.toString()).substring(0, 64);

    List<Session> sessions;
    Process tftpd = null;
    try (LoopbackCapture capture = new LoopbackCapture(tmp, "udp and host 127.0.0.1")) {
      tftpd =
          new ProcessBuilder(
                  "/usr/sbin/in.tftpd",
                  "-L",
                  "-a",
                  "127.0.0.1:" + port,
                  "-s",
                  root.toString(),
                  "-c",
                  "-p",
                  "-u",
                  "root")
              .redirectErrorStream(true)
              .start();
      String url = "tftp://127.0.0.1:" + port + "/fw.bin";
      String up = "";
      for (int attempt = 0; attempt < 50 && !Files.exists(root.resolve("fw.bin")); attempt++) {
        up = run("curl", "-s", "-S", "--retry", "0", "-T", file.toString(), url);
      }
      assertTrue(Files.exists(root.resolve("fw.bin")), "upload failed: " + up);
      String down = run("curl", "-s", "-S", "-o", tmp.resolve("back.bin").toString(), url);
      assertEquals(fw.length, Files.size(tmp.resolve("back.bin")), "download failed: " + down);
      sessions = capture.stopAndReplay();
    } finally {
      if (tftpd != null) {
        tftpd.destroy();
        tftpd.waitFor(10, TimeUnit.SECONDS);
      }
    }
    List<Session> tftp =
        sessions.stream()
            .filter(
                s ->
                    s.app() == App.TFTP
                        && "fw.bin".equals(s.details().get(TftpDetails.KIND).file()))
            .toList();
    Session writeReq = only(tftp, "write", true);
    Session writeData = only(tftp, "write", false);
    Session readReq = only(tftp, "read", true);
    Session readData = only(tftp, "read", false);
    assertEquals(writeReq.communityId(), writeData.details().get(ParentDetails.KIND).parent());
    assertEquals(readReq.communityId(), readData.details().get(ParentDetails.KIND).parent());
    assertEquals(expected, writeData.details().get(FileDetails.KIND).sha256());
    assertEquals(fw.length, writeData.details().get(FileDetails.KIND).size());
    assertTrue(writeData.details().get(FileDetails.KIND).upload());
    assertEquals(expected, readData.details().get(FileDetails.KIND).sha256());
    assertFalse(readData.details().get(FileDetails.KIND).upload());
  }

  /** The request flow goes to the server's port; the transfer flow comes from a new one. */
  private static Session only(List<Session> tftp, String op, boolean request) throws IOException {
    List<Session> m =
        tftp.stream()
            .filter(s -> op.equals(s.details().get(TftpDetails.KIND).op()))
            .filter(s -> request == (s.details().get(ParentDetails.KIND).parent() == null))
            .toList();
    assertEquals(1, m.size(), op + (request ? " request" : " transfer") + " in " + tftp);
    return m.get(0);
  }
}
