package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tftp-hpa's client against in.tftpd on 127.0.0.1, then on ::1: {@code put} of a firmware image,
 * {@code get} of a configuration file. Replay must report each request on the server port with its
 * operation and file name, and each transfer (between the ports tftpd and the client chose) linked
 * to its request by {@code parent}, with the file's sha256 equal to {@code sha256sum}'s and its
 * size (golden {@code tftp.golden}); also a file of whole blocks and a read of a missing file.
 */
@Tag("system")
class TftpE2eTest {
  private static final String TFTPD = "/usr/sbin/in.tftpd";
  private static final String TFTP = "/usr/bin/tftp";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void putAndGetAreRequestsWithTheirLinkedTransfers(String host) throws Exception {
    Procs.assumeRoot();
    Procs.assumeTool(Tcpdump.TCPDUMP, "tcpdump");
    Procs.assumeTool(TFTPD, "tftpd-hpa");
    Procs.assumeTool(TFTP, "tftp-hpa");
    Path root = dir.resolve("tftproot");
    Files.createDirectories(root);
    // tftpd drops to user tftp: the directory must be writable by it for the put (-c creates).
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config = root.resolve("cam-001.cfg");
    Files.writeString(config, "ntp=10.0.0.5\nrtsp=on\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    Path fw = dir.resolve("firmware.bin");
    byte[] image = new byte[70_000]; // 137 blocks of 512 and a last short one
    new Random(5).nextBytes(image);
    Files.write(fw, image);

    try (Procs procs = new Procs(dir)) {
      int port = Procs.freeUdpPort();
      // tftpd answers from a new port per transfer: keep it in a range the capture filter names.
      int lo = Procs.portBlock(20);
      int hi = lo + 19;
      boolean v6 = host.contains(":");
      String listen = (v6 ? "[" + host + "]" : host) + ":" + port;
      Process tftpd =
          procs.start(
              "tftpd",
              List.of(
                  TFTPD,
                  "-L",
                  "-a",
                  listen,
                  "-s",
                  root.toString(),
                  "-c",
                  "-p",
                  "-R",
                  lo + ":" + hi));
      procs.awaitListening("udp", host, port, tftpd, "tftpd");

      Tcpdump cap =
          Tcpdump.start(
              procs,
              "udp port " + port + " or udp portrange " + lo + "-" + hi,
              dir.resolve("tftp.pcap"));
      procs.run(
          "tftp-put",
          List.of(
              TFTP,
              v6 ? "-6" : "-4",
              host,
              Integer.toString(port),
              "-m",
              "binary",
              "-c",
              "put",
              fw.toString(),
              "firmware.bin"));
      Path got = dir.resolve("got.cfg");
      procs.run(
          "tftp-get",
          List.of(
              TFTP,
              v6 ? "-6" : "-4",
              host,
              Integer.toString(port),
              "-m",
              "binary",
              "-c",
              "get",
              "cam-001.cfg",
              got.toString()));
      // A file of whole blocks ends with an empty DATA block; a missing file gets an ERROR (tftp
      // exits 0).
      Path whole = dir.resolve("blocks.bin");
      byte[] blocks = new byte[1024];
      new Random(6).nextBytes(blocks);
      Files.write(whole, blocks);
      procs.run(
          "tftp-put-whole",
          List.of(
              TFTP,
              v6 ? "-6" : "-4",
              host,
              Integer.toString(port),
              "-m",
              "binary",
              "-c",
              "put",
              whole.toString(),
              "blocks.bin"));
      procs.run(
          "tftp-get-missing",
          List.of(
              TFTP,
              v6 ? "-6" : "-4",
              host,
              Integer.toString(port),
              "-m",
              "binary",
              "-c",
              "get",
              "missing.cfg",
              dir.resolve("missing.out").toString()));
      Path pcap = cap.stop();
      String fwSha = procs.sha256sum(fw);
      assertEquals(
          fwSha, procs.sha256sum(root.resolve("firmware.bin")), "tftpd stored the image whole");
      String wholeSha = procs.sha256sum(whole);
      assertEquals(
          wholeSha, procs.sha256sum(root.resolve("blocks.bin")), "tftpd stored the blocks whole");
      String cfgSha = procs.sha256sum(config);
      assertEquals(cfgSha, procs.sha256sum(got), "the client got the file whole");

      ReplayRun run = ReplayRun.of(pcap.toString());
      // The golden names ports by role; here the exact link: a transfer goes to its request's
      // client port.
      Map<String, JsonNode> byId = new HashMap<>();
      run.sessions().forEach(s -> byId.put(s.path("community_id").asText(), s));
      int transfers = 0;
      for (JsonNode s : run.sessions()) {
        if (s.hasNonNull("parent")) {
          JsonNode request = byId.get(s.get("parent").asText());
          assertEquals(request.path("orig_p").asInt(), s.path("resp_p").asInt(), s::toString);
          transfers++;
        }
      }
      assertEquals(4, transfers, "four transfers with a parent");
      new Golden()
          .value(host, "$LOOPBACK")
          .port(port, "$TFTP_PORT")
          .portRange(lo, hi, "$TFTPD_TRANSFER_PORT")
          .value(fwSha, "$FIRMWARE_SHA256")
          .value(cfgSha, "$CONFIG_SHA256")
          .value(wholeSha, "$BLOCKS_SHA256")
          .ignorePort(cap.markerPort())
          .assertMatches("tftp.golden", run);
    }
  }
}
