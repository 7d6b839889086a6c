package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.evidence.SigningKey;
import io.vigie.kafka.KafkaBroker;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.windowfeed.HubWindowReader;
import io.vigie.windowfeed.HubWindows;
import io.vigie.windowfeed.KafkaTopicAdmin;
import io.vigie.windowfeed.PublishingWindowService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation made at the hub while the sensor cannot reach Kafka (the broker is stopped): it
 * cannot arrive, and the gate's relay stays open only until the last heartbeat plus the grace, then
 * is cut (fail closed). Hub, sensor and gate share one advancing clock, so the grace passes without
 * waiting for it.
 */
@Tag("kafka")
class HubRevocationGateTest {
  static final String BANNER = "SSH-2.0-TestTarget\r\n";

  @TempDir Path dir;

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
  void aRevocationDuringAPartitionClosesTheRelayAfterTheGrace() throws Exception {
    Fixture fx = new Fixture(dir);
    Recorded rec = new Recorded();
    List<Notice> notices = new CopyOnWriteArrayList<>();
    SigningKey hubKey = SigningKey.loadOrCreate(dir.resolve("hub.key"), dir.resolve("hub.pub"));
    try (KafkaBroker broker = KafkaBroker.create(dir.resolve("broker"));
        TestTarget target = TestTarget.echo(BANNER)) {
      broker.start();
      Properties kafka =
          KafkaClientPublisher.connection(List.of(broker.bootstrap()), null, null, dir);
      HubWindows sensor =
          new HubWindows(
              hubKey.publicKey(),
              ApprovalConfig.DEFAULTS,
              Duration.ofSeconds(2),
              65_536,
              fx.clock,
              notices::add);
      GateServer gate =
          new GateServer(
              Fixture.config(8, Fixture.sshListener(target.port())),
              sensor,
              rec.events(),
              new GateMetrics() {},
              fx.clock);
      try (PublishingWindowService hub =
              new PublishingWindowService(
                  fx.windows,
                  new KafkaClientPublisher(kafka, "vigie-hub-windows"),
                  new KafkaTopicAdmin(kafka),
                  "city.windows",
                  "hub-test",
                  hubKey,
                  fx.clock,
                  Duration.ofMillis(300));
          HubWindowReader reader = new HubWindowReader(kafka, "city.windows", sensor)) {
        hub.start();
        reader.start();
        gate.start();
        Window w =
            hub.request(
                new WindowRequest(
                    "maintenance",
                    "ACME-1",
                    new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)),
                    null,
                    fx.clock.instant().plus(Duration.ofHours(1)),
                    List.of()),
                Fixture.VENDOR_ACTOR);
        hub.approve(w.id(), Fixture.MAYOR, "ok");
        await(
            "the approval and a heartbeat reach the sensor",
            () ->
                sensor.lastHeard() != null
                    && sensor.get().get(w.id()).map(x -> x.approvedAt().isPresent()).orElse(false));
        InetSocketAddress addr = gate.address("ssh");
        try (GateClientSocket c =
            new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
          assertEquals("VIGIE1 OK " + w.id(), c.answer);
          c.readExactly(BANNER.length() + 16);

          // The partition: the broker goes away, the hub revokes; the step succeeds at the hub
          // (its journal is the truth) but cannot reach the sensor.
          broker.stop();
          hub.revoke(w.id(), Fixture.MAYOR, "unexpected RDP");
          assertTrue(
              sensor.get().get(w.id()).orElseThrow().revokedAt().isEmpty(),
              "the revocation cannot have arrived");
          // Within the grace the relay stays up.
          c.send("ping\n");
          assertEquals("ping\n", c.readExactly(5));

          // Past the grace (2 s after the last heartbeat), the gate cuts the relay.
          fx.clock.advance(Duration.ofSeconds(3));
          long ms = c.millisUntilClosed(3000);
          assertTrue(ms < 1500, "cut after " + ms + " ms");
        }
        assertEquals(
            "window_revoked",
            rec.awaitEvidence(r -> r.kind().equals("session"), Duration.ofSeconds(5))
                .fields()
                .get("end_reason"));
        await("the silence is told", () -> !notices.isEmpty());
        assertEquals("hub_windows_stale", notices.get(0).note());
      } finally {
        gate.close();
      }
    }
  }
}
