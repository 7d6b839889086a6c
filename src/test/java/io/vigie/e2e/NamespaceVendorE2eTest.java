package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor and the camera on two hosts of their own: two network namespaces joined by a veth
 * pair, the camera 10.200.1.10 running OpenSSH on port 22, the vendor 10.200.1.130 logging in and
 * copying a firmware image with {@code scp}; tcpdump on the camera's interface. With the site
 * {@code netns-site.yaml} (video network and vendor block), replay must see two inbound vendor SSH
 * sessions to the named camera, both {@code no_window}, and one notice (golden {@code
 * netns.golden}).
 */
@Tag("system")
class NamespaceVendorE2eTest {
  private static final String CAMERA = "10.200.1.10";
  private static final String VENDOR = "10.200.1.130";

  @TempDir Path dir;

  @Test
  void vendorSshToACameraAcrossAVethPair() throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool("/bin/bash", "bash");
    Netns.assumeAvailable();
    OpenSsh.assumeInstalled();
    Path site = dir.resolve("site.yaml");
    try (var in = getClass().getResourceAsStream("netns-site.yaml")) {
      Files.write(site, in.readAllBytes());
    }
    Path fw = dir.resolve("firmware.bin");
    byte[] image = new byte[48 * 1024];
    new Random(9).nextBytes(image);
    Files.write(fw, image);

    try (Procs procs = new Procs(dir);
        Netns net = Netns.create(procs, CAMERA, VENDOR)) {
      OpenSsh sshd = OpenSsh.start(procs, CAMERA, 22, net::inCamera);
      int markerPort = Procs.portBlock(1);
      // The end marker crosses the veth like the sessions: bash's /dev/udp from the vendor's side.
      String toMarkerPort = "printf %s \"$0\" > /dev/udp/" + CAMERA + "/" + markerPort;
      Tcpdump cap =
          Tcpdump.start(
              procs,
              net::inCamera,
              net.cameraInterface(),
              "tcp port 22",
              dir.resolve("netns.pcap"),
              markerPort,
              tag ->
                  procs.run(
                      "marker",
                      net.inVendor(
                          List.of(
                              "/bin/bash",
                              "-c",
                              toMarkerPort,
                              new String(tag, StandardCharsets.US_ASCII)))));
      procs.run("ssh", net.inVendor(sshd.ssh(VENDOR, "true")));
      Path uploaded = dir.resolve("uploaded.bin");
      procs.run("scp", net.inVendor(sshd.scp(fw, uploaded)));
      Path pcap = cap.stop();
      assertEquals(procs.sha256sum(fw), procs.sha256sum(uploaded), "scp copied the file");

      new Golden()
          .port(22, "22")
          .value(OpenSsh.banner(procs), "$OPENSSH_BANNER")
          .ignorePort(markerPort)
          .assertMatches(
              "netns.golden", ReplayRun.of("--config", site.toString(), pcap.toString()));
    }
  }
}
