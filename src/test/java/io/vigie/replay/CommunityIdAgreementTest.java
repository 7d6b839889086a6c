package io.vigie.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.SiteConfig;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.pipeline.Replay;
import io.vigie.policy.WindowSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * vigie's Community IDs equal tshark's for every TCP, UDP and ICMP flow of the corpus, so a session
 * can be looked up in Wireshark, Zeek or Suricata by the same identifier.
 */
@Tag("system")
class CommunityIdAgreementTest {

  @TestFactory
  Stream<DynamicTest> communityIdsEqualTsharks() throws Exception {
    assumeTrue(tsharkAvailable(), "tshark is not installed; skipping the Community ID cross-check");
    return SharedCorpus.entries().stream()
        .filter(
            e ->
                !e.file().getFileName().toString().startsWith("damaged-")
                    && !e.file().getFileName().toString().startsWith("truncated-"))
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.file().getFileName().toString(),
                    () -> {
                      Set<String> theirs = tshark(e.file().toString());
                      assumeTrue(theirs != null, "tshark could not read " + e.file());
                      List<Session> sessions = new ArrayList<>();
                      new Replay(
                              SiteConfig.empty(),
                              WindowSet.EMPTY,
                              PacketRecorder.NONE,
                              Replay.output(sessions::add, n -> {}))
                          .run(List.of(e.file()), p -> {});
                      Set<String> ours =
                          sessions.stream()
                              .filter(
                                  s -> Set.of("tcp", "udp", "icmp", "icmpv6").contains(s.proto()))
                              .map(Session::communityId)
                              .collect(Collectors.toCollection(TreeSet::new));
                      assertEquals(theirs, ours, e.file().getFileName().toString());
                    }));
  }

  private static boolean tsharkAvailable() {
    try {
      return new ProcessBuilder("tshark", "--version")
          .redirectErrorStream(true)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Community IDs of tshark's packets that carry a whole TCP/UDP/ICMP header. */
  private static Set<String> tshark(String file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "tshark",
                "--enable-protocol",
                "communityid",
                "-n",
                "-r",
                file,
                "-Y",
                "(tcp or udp or icmp or icmpv6) and not (ip.flags.mf == 1 or ip.frag_offset > 0) and not icmp.resp_to and not icmpv6.resp_to and not _ws.malformed and not (icmp.type == 3 or icmp.type == 11 or icmpv6.type < 128)",
                "-T",
                "fields",
                "-e",
                "communityid")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    Set<String> ids = new TreeSet<>();
    for (String line : out.split("\n")) {
      for (String id : line.split(",")) {
        if (id.startsWith("1:")) {
          ids.add(id.trim());
        }
      }
    }
    return ids;
  }
}
