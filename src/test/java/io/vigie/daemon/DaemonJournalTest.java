package io.vigie.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.EvidenceConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.App;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 through the daemon itself: a self-approval appended to {@code windows.jsonl} while the
 * daemon was stopped is refused at start with a critical notice, and the window is not active.
 */
class DaemonJournalTest {
  private static final String PCAP = "corpus/pcap/ssh-zeek-single-conn.pcap";

  @TempDir Path dir;

  @Test
  void aForgedSelfApprovalIsRefusedAtStart() throws Exception {
    String shared = System.getProperty("vigie.shared");
    assumeTrue(
        shared != null && Files.exists(Path.of(shared, PCAP)),
        "shared corpus absent (system property vigie.shared): " + PCAP);
    int metricsPort;
    try (ServerSocket s = new ServerSocket(0)) {
      metricsPort = s.getLocalPort();
    }
    Path cfg = dir.resolve("site.yaml");
    Files.writeString(
        cfg,
        """
        site: { name: test }
        networks:
          - { name: cameras, cidr: 131.159.14.0/24 }
        devices:
          - { name: cam-7, address: 131.159.14.23, role: camera }
        vendor:
          name: Acme
          cidrs: [192.150.186.0/24]
        capture: { file: "%s" }
        state_dir: state
        metrics: { listen: "127.0.0.1:%d" }
        """
            .formatted(Path.of(shared, PCAP).toAbsolutePath(), metricsPort));
    SiteConfig site = YamlLoader.load(cfg, SiteConfig.class);
    Path state = dir.resolve("state");
    Files.createDirectories(state);

    // A previous run: the vendor asked for a window through vigie (journal and chain agree).
    Window w;
    Instant now = Instant.now();
    try (EvidenceStore store =
        EvidenceStore.open(
            state.resolve("evidence.db"),
            EvidenceConfig.DEFAULTS,
            Clock.systemUTC(),
            NoticeSink.NONE,
            EvidenceMetrics.NONE)) {
      EvidenceSink committed =
          r -> {
            store.append(r);
            store.flush();
          };
      w =
          JournaledWindowService.forSite(
                  site,
                  new JsonLinesWindowJournal(state.resolve("windows.jsonl")),
                  committed,
                  Clock.systemUTC())
              .request(
                  new WindowRequest(
                      "maintenance",
                      "ACME-1",
                      new Scope(List.of("cam-7"), List.of(), List.of(), List.of(App.SSH)),
                      null,
                      now.plus(Duration.ofHours(2)),
                      List.of()),
                  new Actor("acme", Set.of("vendor")));
    }
    // While it is stopped, someone who can write the state dir approves the window as the vendor.
    String at = now.plusSeconds(1).toString();
    for (String event : List.of("approval", "approved")) {
      Files.writeString(
          state.resolve("windows.jsonl"),
          "{\"window\":\""
              + w.id()
              + "\",\"event\":\""
              + event
              + "\",\"at\":\""
              + at
              + "\",\"who\":\"acme\",\"roles\":[\"town_hall\"],\"reason\":\"ok\"}\n",
          StandardOpenOption.APPEND);
    }

    Daemon d = new Daemon(cfg, site, Clock.systemUTC());
    try {
      d.start();
      HttpResponse<String> m =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + d.metricsAddress().getPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String body = m.body();
      assertEquals(
          1.0,
          DaemonTest.sample(
              body, "vigie_notices_total\\{type=\"journal_tampered\",severity=\"critical\",\\}"),
          body);
      assertEquals(
          -1.0,
          DaemonTest.sample(body, "vigie_windows\\{state=\"active\",\\}"),
          "no window is active: " + body);
      assertTrue(DaemonTest.sample(body, "vigie_windows\\{state=\"revoked\",\\}") == 1.0, body);
    } finally {
      d.close();
    }
  }
}
