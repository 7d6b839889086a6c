package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.Main;
import io.vigie.config.ApprovalConfig;
import io.vigie.config.WindowsConfig;
import io.vigie.evidence.SigningKey;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.App;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowState;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import io.vigie.windowfeed.HubWindowFeed;
import io.vigie.windowfeed.KafkaTopicAdmin;
import io.vigie.windowfeed.PublishingWindowService;
import io.vigie.windowfeed.WindowRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window requested and approved at the hub (a real journalled service behind {@link
 * PublishingWindowService}) reaches two sensors through a real broker, and changes the verdict of a
 * replay whose config takes its windows from the hub; forged records change nothing.
 */
@Tag("kafka")
class HubWindowsFeedTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/vigie/golden");
  static final Actor VENDOR = new Actor("j.martin@acme", Set.of("vendor"));
  static final Actor MAYOR = new Actor("m.dupont", Set.of("town_hall"));

  @TempDir Path tmp;

  /** tls-openssl-sni.pcap: cam-golden reaches update.vendor.test by TLS at 04:23:15Z. */
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T04:00:00Z"));

  private String replayJson(Path config) throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    StringWriter err = new StringWriter();
    int code;
    System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
    try {
      code =
          Main.run(
              new String[] {
                "replay",
                "--json",
                "--config",
                config.toString(),
                GOLDEN.resolve("tls-openssl-sni.pcap").toString()
              },
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, err.toString());
    return json.toString(StandardCharsets.UTF_8);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      new CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aWindowApprovedAtTheHubReachesBothSensorsAndChangesTheVerdict() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create(tmp.resolve("broker"))) {
      broker.start();
      SigningKey hubKey = SigningKey.loadOrCreate(tmp.resolve("hub.key"), tmp.resolve("hub.pub"));
      Properties kafka =
          KafkaClientPublisher.connection(List.of(broker.bootstrap()), null, null, tmp);
      JournaledWindowService journalled =
          new JournaledWindowService(
              ApprovalConfig.DEFAULTS,
              new JsonLinesWindowJournal(tmp.resolve("hub-windows.jsonl")),
              EvidenceSink.NONE,
              clock);
      String golden = Files.readString(GOLDEN.resolve("site.yaml"), StandardCharsets.UTF_8);
      Path site = tmp.resolve("site.yaml");
      Files.writeString(
          site,
          golden
              + "windows:\n  from_hub:\n    bootstrap_servers: [\""
              + broker.bootstrap()
              + "\"]\n    topic_prefix: city\n    hub_public_key: hub.pub\n"
              + "    startup_wait_seconds: 30\n");
      WindowsConfig.FromHub fromHub =
          io.vigie.config.YamlLoader.load(site, io.vigie.config.SiteConfig.class)
              .windows()
              .fromHub();
      try (PublishingWindowService hub =
              new PublishingWindowService(
                  journalled,
                  new KafkaClientPublisher(kafka, "vigie-hub-windows"),
                  new KafkaTopicAdmin(kafka),
                  "city.windows",
                  "hub-test",
                  hubKey,
                  clock,
                  Duration.ofMillis(500));
          HubWindowFeed east =
              HubWindowFeed.start(fromHub, tmp, ApprovalConfig.DEFAULTS, clock, NoticeSink.NONE);
          HubWindowFeed west =
              HubWindowFeed.start(fromHub, tmp, ApprovalConfig.DEFAULTS, clock, NoticeSink.NONE)) {
        hub.start();
        Window w =
            hub.request(
                new WindowRequest(
                    "certificate renewal",
                    "ACME-7",
                    new Scope(List.of("cam-golden"), List.of(), List.of(), List.of(App.TLS)),
                    Instant.parse("2026-12-02T04:10:00Z"),
                    Instant.parse("2026-12-02T05:00:00Z"),
                    List.of()),
                VENDOR);
        await(
            "both sensors see the request",
            () -> east.get().get(w.id()).isPresent() && west.get().get(w.id()).isPresent());

        // Requested, not approved: the vendor's session is outside any window.
        String before = replayJson(site);
        assertTrue(before.contains("\"note\":\"vendor_access_outside_window\""), before);

        hub.approve(w.id(), MAYOR, "ok for the renewal");
        Instant inside = Instant.parse("2026-12-02T04:23:15Z");
        for (HubWindowFeed sensor : List.of(east, west)) {
          await(
              "the approval reaches the sensor",
              () -> sensor.get().get(w.id()).map(x -> x.approvedAt().isPresent()).orElse(false));
          assertEquals(WindowState.ACTIVE, sensor.get().get(w.id()).orElseThrow().stateAt(inside));
        }
        String after = replayJson(site);
        assertFalse(after.contains("vendor_access_outside_window"), after);
        assertTrue(after.contains("\"window\":\"" + w.id() + "\""), after);

        // Anyone able to write to the topic: an unsigned copy and one signed by another key.
        SigningKey intruder =
            SigningKey.loadOrCreate(tmp.resolve("intruder.key"), tmp.resolve("intruder.pub"));
        Window revoked = hub.revoke(w.id(), MAYOR, "done early");
        await(
            "the revocation reaches the sensor",
            () -> east.get().get(w.id()).map(x -> x.revokedAt().isPresent()).orElse(false));
        long ignoredBefore = east.windows().ignoredTotal();
        try (KafkaClientPublisher raw = new KafkaClientPublisher(kafka, "intruder")) {
          Window reopened = new Window(w.id(), revoked.terms(), revoked.events().subList(0, 3));
          byte[] forged = WindowRecords.window(reopened, "hub-test", clock.instant(), intruder);
          raw.send("city.windows", w.id(), forged, e -> {});
          String unsigned =
              new String(forged, StandardCharsets.UTF_8)
                  .replaceAll(",\"signature\":\"[^\"]*\"", "");
          raw.send("city.windows", w.id(), unsigned.getBytes(StandardCharsets.UTF_8), e -> {});
          raw.flush();
        }
        await(
            "both forged records counted",
            () -> east.windows().ignoredTotal() >= ignoredBefore + 2);
        assertEquals(
            WindowState.REVOKED,
            east.get().get(w.id()).orElseThrow().stateAt(clock.instant().plusSeconds(1)));
        assertEquals(1L, east.windows().ignored().get(WindowRecords.Refusal.BAD_SIGNATURE));
        assertEquals(1L, east.windows().ignored().get(WindowRecords.Refusal.UNSIGNED));
        assertTrue(hub.published() >= 3, "request, approval, revocation published");
      }
    }
  }
}
