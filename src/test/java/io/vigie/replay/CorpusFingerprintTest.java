package io.vigie.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vigie.config.SiteConfig;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.pipeline.Replay;
import io.vigie.policy.WindowSet;
import io.vigie.protocol.FingerprintDetails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * HASSH and JA4/JA4S as the reference implementations compute them for the same handshakes of the
 * shared corpus: HASSH against tshark's own {@code ssh.kex.hassh} run on the file at test time,
 * JA4/JA4S against the values FoxIO's reference {@code python/ja4.py} (commit 0e54bc8 of
 * FoxIO-LLC/ja4, run with tshark 4.0.17 on 2026-12-02) printed for these files.
 */
class CorpusFingerprintTest {
  /** File → the JA4 and JA4S values ja4.py printed (one client and one server hello each). */
  private static final Map<String, List<String>> JA4_REFERENCE =
      Map.of(
          "tls-suricata-clienthello-mtu300.pcap",
              List.of("t12d8008h2_9cedc1f1428b_046e095b7c4a", "t1203h2_c02b_e450ea94a281"),
          "tls-suricata-damaged-10443.pcap",
              List.of("t12i680500_20360d613c15_a1e935682795", "t120100_c014_bc98f8e001b5"),
          "tls-zeek-chrome-34-google.pcap",
              List.of("t12d2011s3_8dd61975155f_06a4338d0495", "t1206s1_c02f_4c0410f049b8"),
          "tls-zeek-tls13-ech.pcap",
              List.of("t13d1517h2_8daaf6152771_b1ff8ab2d16f", "t130200_1301_a56c5b993250"));

  private static List<Session> replay(Path file) throws Exception {
    List<Session> sessions = new ArrayList<>();
    new Replay(
            SiteConfig.empty(),
            WindowSet.EMPTY,
            PacketRecorder.NONE,
            Replay.output(sessions::add, n -> {}))
        .run(List.of(file), p -> {});
    return sessions;
  }

  @Test
  void ja4AndJa4sEqualTheReferenceImplementation() throws Exception {
    Path dir = SharedCorpus.dir();
    for (Map.Entry<String, List<String>> e : JA4_REFERENCE.entrySet()) {
      List<Session> sessions = replay(dir.resolve(e.getKey()));
      TreeSet<String> ja4 = new TreeSet<>();
      TreeSet<String> ja4s = new TreeSet<>();
      for (Session s : sessions) {
        FingerprintDetails f = s.details().get(FingerprintDetails.KIND);
        if (f.ja4() != null) {
          ja4.add(f.ja4());
        }
        if (f.ja4s() != null) {
          ja4s.add(f.ja4s());
        }
      }
      assertEquals(new TreeSet<>(List.of(e.getValue().get(0))), ja4, e.getKey());
      assertEquals(new TreeSet<>(List.of(e.getValue().get(1))), ja4s, e.getKey());
    }
  }

  @Test
  void hasshEqualsWhatTsharkComputes() throws Exception {
    Path dir = SharedCorpus.dir();
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
    for (String name :
        List.of(
            "ssh-zeek-single-conn.pcap", "ssh-zeek-port-80.pcap", "ssh-tls-zeek-sslh-443.pcap")) {
      Path file = dir.resolve(name);
      TreeSet<String> ours = new TreeSet<>();
      for (Session s : replay(file)) {
        FingerprintDetails f = s.details().get(FingerprintDetails.KIND);
        if (f.hassh() != null) {
          ours.add("client " + f.hassh());
        }
        if (f.hasshServer() != null) {
          ours.add("server " + f.hasshServer());
        }
      }
      TreeSet<String> theirs = tshark(file);
      assertFalse(theirs.isEmpty(), "tshark found no key exchange in " + name);
      assertEquals(theirs, ours, name);
    }
  }

  /** tshark decodes SSH on any port it is told to: the corpus has SSH on 22, 80 and 443. */
  private static TreeSet<String> tshark(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "tshark",
                "-r",
                file.toString(),
                "-d",
                "tcp.port==80,ssh",
                "-d",
                "tcp.port==443,ssh",
                "-T",
                "fields",
                "-e",
                "ssh.kex.hassh",
                "-e",
                "ssh.kex.hasshserver",
                "-Y",
                "ssh.kex.hassh or ssh.kex.hasshserver")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark failed on " + file);
    TreeSet<String> values = new TreeSet<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length >= 1 && !f[0].isBlank()) {
        values.add("client " + f[0].trim());
      }
      if (f.length >= 2 && !f[1].isBlank()) {
        values.add("server " + f[1].trim());
      }
    }
    return values.stream().collect(Collectors.toCollection(TreeSet::new));
  }
}
