package io.vigie.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.EvidenceConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.daemon.Daemon;
import io.vigie.demo.DemoCapture;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketRecorder;
import io.vigie.notice.NoticeSink;
import io.vigie.output.JsonLinesWriter;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowSet;
import io.vigie.policy.WindowTerms;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.policy.journal.WindowsFile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo capture through {@code vigie replay} and through {@code vigie run} with a file capture
 * gives the same sessions and notices, in the same order, as {@code replay --json} writes them:
 * both are built by {@link PipelineBuilder}. The daemon judges against the windows of its journal;
 * replay is given the same journal's windows.
 */
class ReplayDaemonAgreementTest {
  @TempDir Path dir;

  private Path pcap;
  private String siteYaml;
  private WindowSet windows;

  @BeforeEach
  void demo() throws Exception {
    pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    try (InputStream in = getClass().getResourceAsStream("/io/vigie/demo/site.yaml")) {
      siteYaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    windows = journalTheDemoWindow();
  }

  /**
   * Requests and approves the demo's window (W-DEMO-1 of windows.yaml) in the daemon's journal,
   * before its start, as the requester and the approvers would have through the API.
   */
  private WindowSet journalTheDemoWindow() throws Exception {
    Path site = dir.resolve("plain.yaml");
    Files.writeString(site, siteYaml);
    SiteConfig config = YamlLoader.load(site, SiteConfig.class);
    Path file = dir.resolve("windows.yaml");
    try (InputStream in = getClass().getResourceAsStream("/io/vigie/demo/windows.yaml")) {
      Files.copy(in, file);
    }
    Window demo = WindowsFile.load(file, config).all().iterator().next();
    Files.createDirectories(dir.resolve("state"));
    Clock before = Clock.fixed(Instant.parse("2026-11-20T08:45:00Z"), ZoneOffset.UTC);
    // Through vigie, as the API would: every step is in the daemon's evidence chain as well as in
    // its journal, which the daemon checks against each other at start.
    try (EvidenceStore store =
        EvidenceStore.open(
            dir.resolve("state/evidence.db"),
            EvidenceConfig.DEFAULTS,
            before,
            NoticeSink.NONE,
            EvidenceMetrics.NONE)) {
      EvidenceSink committed =
          r -> {
            store.append(r);
            store.flush();
          };
      JournaledWindowService service =
          JournaledWindowService.forSite(
              config,
              new JsonLinesWindowJournal(dir.resolve("state/windows.jsonl")),
              committed,
              before);
      WindowTerms t = demo.terms();
      Window w =
          service.request(
              new WindowRequest(
                  t.reason(), t.ticket(), t.scope(), t.start(), t.end(), t.expectedChanges()),
              new Actor(t.requester(), Set.of("vendor")));
      service.approve(w.id(), new Actor("m.dupont", Set.of("town_hall")), "planned upgrade");
      service.approve(w.id(), new Actor("s.roux", Set.of("it_security")), "checked the image hash");
      return service.snapshot();
    }
  }

  @Test
  void replayAndTheDaemonAgreeOnTheDemo() throws Exception {
    List<String> replayed = replay("");
    List<String> run = daemon("");
    assertEquals(replayed, run);
    // Not two empty lists: the demo's sessions, the window's judgement and the firmware notices.
    assertTrue(replayed.size() > 50, replayed::toString);
    assertTrue(
        replayed.stream().anyMatch(l -> l.contains("\"verdict\":\"authorised\"")),
        replayed::toString);
    assertTrue(
        replayed.stream().anyMatch(l -> l.contains("\"note\":\"firmware_transfer\"")),
        replayed::toString);
    assertTrue(
        replayed.stream().anyMatch(l -> l.contains("\"note\":\"vendor_access_outside_window\"")),
        replayed::toString);
  }

  @Test
  void withAGateBothJudgeTheVendorsDirectSessionsAsBypasses() throws Exception {
    String gate =
        """
        gate:
          address: 127.0.0.1
          identities:
            - { name: j.martin@acme, token_sha256: %s }
          listeners:
            - name: ssh
              listen: 127.0.0.1:0
              app: ssh
              auth: token
              targets:
                - { name: cam-03, address: 10.20.1.3, port: 22 }
        """
            .formatted(io.vigie.gate.Identities.hashOf("a-token"));
    List<String> replayed = replay(gate);
    List<String> run = daemon(gate);
    assertEquals(replayed, run);
    // The vendor reached cam-03 (ssh, http), cam-04 (tftp), cam-06 (ftp) and cam-05 (ssh) directly.
    long bypasses = replayed.stream().filter(l -> l.contains("\"note\":\"gate_bypass\"")).count();
    assertTrue(bypasses >= 4, replayed::toString);
  }

  private List<String> replay(String extra) throws Exception {
    Path cfg = dir.resolve("replay.yaml");
    Files.writeString(cfg, siteYaml + extra);
    SiteConfig site = YamlLoader.load(cfg, SiteConfig.class);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    JsonLinesWriter w = new JsonLinesWriter(json);
    new Replay(site, windows, PacketRecorder.NONE, Replay.output(w::session, w::notice))
        .run(List.of(pcap), p -> {});
    w.flush();
    return lines(json);
  }

  private List<String> daemon(String extra) throws Exception {
    Path cfg = dir.resolve("run.yaml");
    Files.writeString(
        cfg,
        siteYaml
            + extra
            + """
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        """
                .formatted(pcap, freePort()));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    JsonLinesWriter w = new JsonLinesWriter(json);
    Daemon d =
        new Daemon(
            cfg,
            YamlLoader.load(cfg, SiteConfig.class),
            Clock.systemUTC(),
            List.of(Output.of(w::session, w::notice)));
    try {
      d.start();
      assertTrue(d.awaitCaptureFinished(Duration.ofSeconds(60)), "the file was read to its end");
    } finally {
      d.close();
    }
    w.flush();
    return lines(json);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static List<String> lines(ByteArrayOutputStream json) {
    return json.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
