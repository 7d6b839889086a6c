package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl against vsftpd on 127.0.0.1 (anonymous, a config of the test's own): {@code curl -T
 * firmware.bin} (STOR, passive), {@code curl ftp://.../cam-001.cfg} (RETR, passive), then {@code
 * curl --ftp-port} (STOR, active: vsftpd connects back to curl). Replay must report each control
 * connection as {@code ftp} with the user and the file, and each data connection as {@code
 * ftp-data} linked to its control connection by {@code parent}, with the file's sha256 equal to
 * {@code sha256sum}'s and its size (golden {@code ftp.golden}).
 */
@Tag("system")
class FtpE2eTest {
  private static final String VSFTPD = "/usr/sbin/vsftpd";
  private static final String CURL = "/usr/bin/curl";

  @TempDir Path dir;

  @Test
  void storAndRetrAreControlSessionsWithLinkedDataSessions() throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool(VSFTPD, "vsftpd");
    Procs.assumeTool(CURL, "curl");
    // vsftpd chroots anonymous users and refuses a root they can write: writable pub/ below it.
    Path root = dir.resolve("ftproot");
    Path pub = root.resolve("pub");
    Path empty = dir.resolve("empty");
    Files.createDirectories(pub);
    Files.createDirectories(empty);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path config = pub.resolve("cam-001.cfg");
    Files.writeString(config, "ntp=10.0.0.5\nrtsp=on\nonvif=on\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    Path fw = dir.resolve("firmware.bin");
    byte[] image = new byte[150_000];
    new Random(3).nextBytes(image);
    Files.write(fw, image);

    try (Procs procs = new Procs(dir)) {
      int port = Procs.freeTcpPort();
      int lo = Procs.portBlock(20);
      int hi = lo + 9;
      int activeLo = hi + 1; // curl's own ports for active mode (PORT)
      int activeHi = activeLo + 9;
      Path conf = dir.resolve("vsftpd.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "listen=YES",
              "listen_ipv6=NO",
              "listen_address=127.0.0.1",
              "listen_port=" + port,
              "background=NO",
              "anonymous_enable=YES",
              "no_anon_password=YES",
              "anon_root=" + root,
              "write_enable=YES",
              "anon_upload_enable=YES",
              "local_enable=NO",
              "pasv_enable=YES",
              "pasv_address=127.0.0.1",
              "pasv_min_port=" + lo,
              "pasv_max_port=" + hi,
              "secure_chroot_dir=" + empty,
              "seccomp_sandbox=NO",
              "xferlog_enable=NO",
              "vsftpd_log_file=" + dir.resolve("vsftpd-own.log"),
              ""));
      Process vsftpd = procs.start("vsftpd", List.of(VSFTPD, conf.toString()));
      procs.awaitListening("tcp", "127.0.0.1", port, vsftpd, "vsftpd");

      Tcpdump cap =
          Tcpdump.start(
              procs,
              "tcp port " + port + " or tcp portrange " + lo + "-" + activeHi,
              dir.resolve("ftp.pcap"));
      String base = "ftp://127.0.0.1:" + port + "/pub/";
      procs.run(
          "curl-stor",
          List.of(CURL, "-sS", "--max-time", "10", "-T", fw.toString(), base + "firmware.bin"));
      Path got = dir.resolve("got.cfg");
      procs.run(
          "curl-retr",
          List.of(CURL, "-sS", "--max-time", "10", "-o", got.toString(), base + "cam-001.cfg"));
      procs.run(
          "curl-stor-active",
          List.of(
              CURL,
              "-sS",
              "--max-time",
              "10",
              "--ftp-port",
              "127.0.0.1:" + activeLo + "-" + activeHi,
              "-T",
              fw.toString(),
              base + "firmware-active.bin"));
      Path pcap = cap.stop();
      String fwSha = procs.sha256sum(fw);
      assertEquals(
          fwSha, procs.sha256sum(pub.resolve("firmware.bin")), "vsftpd stored the image whole");
      assertEquals(
          fwSha, procs.sha256sum(pub.resolve("firmware-active.bin")), "and again in active mode");
      String cfgSha = procs.sha256sum(config);
      assertEquals(cfgSha, procs.sha256sum(got), "curl got the file whole");

      new Golden()
          .port(port, "$FTP_PORT")
          .portRange(lo, hi, "$PASV_PORT")
          .portRange(activeLo, activeHi, "$CURL_ACTIVE_PORT")
          .value(fwSha, "$FIRMWARE_SHA256")
          .value(cfgSha, "$CONFIG_SHA256")
          .ignorePort(cap.markerPort())
          .assertMatches("ftp.golden", ReplayRun.of(pcap.toString()));
    }
  }
}
