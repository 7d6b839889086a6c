package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.flow.Session;
import io.vigie.net.App;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * vsftpd on a non-standard loopback port, curl uploading then downloading a file in passive mode,
 * tcpdump recording: the replayed capture links both data connections to the control session and
 * hashes the file as sha256sum does.
 */
@Tag("system")
class RealFtpTransferTest {
  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void passiveUploadAndDownloadAreHashedAndLinked(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/vsftpd"))
            && Files.isExecutable(Path.of("/usr/bin/curl"))
            && Files.isExecutable(Path.of("/usr/bin/tcpdump")),
        "vsftpd, curl or tcpdump not installed");
    Assumptions.assumeTrue(run("id", "ftp").contains("uid="), "no 'ftp' user for anonymous FTP");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // vsftpd wants an anonymous root that the ftp user cannot write, and an upload directory it
    // can.
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path upload = Files.createDirectory(root.resolve("up"));
    run("chown", "ftp", upload.toString());
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Path conf = tmp.resolve("vsftpd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listen=YES",
            "listen_address=127.0.0.1",
            "listen_port=" + port,
            "background=NO",
            "anonymous_enable=YES",
            "local_enable=NO",
            "write_enable=YES",
            "anon_upload_enable=YES",
            "anon_root=" + root,
            "no_anon_password=YES",
            "pasv_enable=YES",
            "pasv_address=127.0.0.1",
            "seccomp_sandbox=NO",
            "secure_chroot_dir=" + empty,
            "ftp_username=ftp",
            "anon_umask=022",
            ""));
    tmp.toFile().setExecutable(true, false);
    byte[] fw = new byte[300_000];
    new Random(31).nextBytes(fw);
    Path file = tmp.resolve("camera-fw.bin");
    Files.write(file, fw);
    String expected = run("sha256sum", file.toString()).substring(0, 64);

    List<Session> sessions;
    Process vsftpd = null;
    try (LoopbackCapture capture = new LoopbackCapture(tmp, "tcp and host 127.0.0.1")) {
      vsftpd =
          new ProcessBuilder("/usr/sbin/vsftpd", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("vsftpd.log").toFile())
              .start();
      String url = "ftp://127.0.0.1:" + port + "/up/camera-fw.bin";
      String up = "";
      for (int attempt = 0;
          attempt < 50 && !Files.exists(upload.resolve("camera-fw.bin"));
          attempt++) {
        up = run("curl", "-s", "-S", "-T", file.toString(), url);
      }
      assertTrue(Files.exists(upload.resolve("camera-fw.bin")), "upload failed: " + up);
      String down = run("curl", "-s", "-S", "-o", tmp.resolve("back.bin").toString(), url);
      assertEquals(fw.length, Files.size(tmp.resolve("back.bin")), "download failed: " + down);
      sessions = capture.stopAndReplay();
    } finally {
      if (vsftpd != null) {
        vsftpd.destroy();
        vsftpd.waitFor(10, TimeUnit.SECONDS);
      }
    }
    List<Session> data =
        sessions.stream()
            .filter(
                s ->
                    s.app() == App.FTP_DATA
                        && s.details().get(FtpDetails.KIND).files().contains("camera-fw.bin"))
            .toList();
    assertEquals(
        2, data.size(), "ftp-data sessions of camera-fw.bin (curl sends CWD up, then STOR)");
    for (Session d : data) {
      assertEquals(expected, d.details().get(FileDetails.KIND).sha256());
      assertEquals(fw.length, d.details().get(FileDetails.KIND).size());
      Session control =
          sessions.stream()
              .filter(s -> s.communityId().equals(d.details().get(ParentDetails.KIND).parent()))
              .findFirst()
              .orElseThrow();
      assertEquals(App.FTP, control.app());
      assertEquals("anonymous", control.details().get(FtpDetails.KIND).user());
    }
    assertTrue(
        data.stream().anyMatch(d -> d.details().get(FileDetails.KIND).upload()),
        "the STOR is an upload");
    assertFalse(
        data.stream().allMatch(d -> d.details().get(FileDetails.KIND).upload()),
        "the RETR is a download");
  }
}
