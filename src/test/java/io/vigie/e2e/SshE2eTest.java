package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OpenSSH on 127.0.0.1: {@code ssh root@... true}, then {@code scp} of a firmware image.
 * Replay must see two SSH sessions whose banners are the ones {@code ssh -V} announces, client and
 * server in the right roles (golden {@code ssh.golden}).
 */
@Tag("system")
class SshE2eTest {
  @TempDir Path dir;

  @Test
  void sshAndScpAreTwoSshSessionsWithOpenSshBanners() throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    OpenSsh.assumeInstalled();
    try (Procs procs = new Procs(dir)) {
      OpenSsh sshd = OpenSsh.start(procs, "127.0.0.1");
      Path fw = dir.resolve("firmware.bin");
      byte[] image = new byte[64 * 1024];
      new Random(7).nextBytes(image);
      Files.write(fw, image);
      Tcpdump cap = Tcpdump.start(procs, "tcp port " + sshd.port(), dir.resolve("ssh.pcap"));
      procs.run("ssh", sshd.ssh(null, "true"));
      Path uploaded = dir.resolve("uploaded.bin");
      procs.run("scp", sshd.scp(fw, uploaded));
      Path pcap = cap.stop();
      assertEquals(procs.sha256sum(fw), procs.sha256sum(uploaded), "scp copied the file");

      new Golden()
          .port(sshd.port(), "$SSH_PORT")
          .value(OpenSsh.banner(procs), "$OPENSSH_BANNER")
          .ignorePort(cap.markerPort())
          .assertMatches("ssh.golden", ReplayRun.of(pcap.toString()));
    }
  }
}
