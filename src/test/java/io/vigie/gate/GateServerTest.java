package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.GateConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.policy.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on loopback in front of a small SSH-speaking echo target, with a real window service.
 */
class GateServerTest {
  static final String BANNER = "SSH-2.0-TestTarget\r\n";
  static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  Fixture fx;
  TestTarget target;
  Recorded rec = new Recorded();
  GateServer gate;
  final AtomicInteger warnings = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    target = TestTarget.echo(BANNER);
  }

  @AfterEach
  void tearDown() {
    if (gate != null) {
      gate.close();
    }
    target.close();
  }

  private InetSocketAddress start(GateConfig config) throws Exception {
    GateMetrics metrics =
        new GateMetrics() {
          @Override
          public void windowEndingSoon(String window) {
            warnings.incrementAndGet();
          }
        };
    gate = new GateServer(config, fx.windows::snapshot, rec.events(), metrics, fx.clock);
    gate.start();
    return gate.address("ssh");
  }

  private InetSocketAddress start() throws Exception {
    return start(Fixture.config(8, Fixture.sshListener(target.port())));
  }

  @Test
  void relaysLeaveFromTheGateAddress() throws Exception {
    fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    // A second loopback address: the relay must not leave from the one the kernel would pick.
    GateConfig c = Fixture.config(8, Fixture.sshListener(target.port()));
    GateConfig from =
        new GateConfig(
            "127.0.0.3",
            c.idleSeconds(),
            c.warnBeforeEndSeconds(),
            c.maxConnectionsPerWindow(),
            c.maxPending(),
            c.identities(),
            c.tls(),
            c.listeners());
    InetSocketAddress addr = start(from);
    try (GateClientSocket s =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      assertTrue(s.answer.startsWith("VIGIE1 OK "), s.answer);
      s.readExactly(BANNER.length());
    }
    InetSocketAddress peer = (InetSocketAddress) target.lastPeer.get();
    assertEquals("127.0.0.3", peer.getAddress().getHostAddress());
  }

  @Test
  void refusesToStartWithAGateAddressThisHostDoesNotHold() {
    GateConfig c = Fixture.config(8, Fixture.sshListener(target.port()));
    GateConfig elsewhere =
        new GateConfig(
            "192.0.2.77",
            c.idleSeconds(),
            c.warnBeforeEndSeconds(),
            c.maxConnectionsPerWindow(),
            c.maxPending(),
            c.identities(),
            c.tls(),
            c.listeners());
    IOException e = assertThrows(IOException.class, () -> start(elsewhere));
    assertTrue(e.getMessage().contains("gate.address 192.0.2.77"), e.getMessage());
    gate = null;
  }

  @Test
  void relaysInsideAWindowAndRecordsTheSession() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    InetSocketAddress addr = start();
    String hello = "SSH-2.0-Client\r\nhello\n";
    try (GateClientSocket c = new GateClientSocket(addr, Fixture.TOKEN, "cam-001", hello)) {
      assertEquals("VIGIE1 OK " + w.id(), c.answer);
      assertEquals(BANNER + hello, c.readExactly(BANNER.length() + hello.length()));
      c.send("more\n");
      assertEquals("more\n", c.readExactly(5));
    }
    EvidenceRecord s = rec.awaitEvidence(r -> r.kind().equals("session"), WAIT);
    Map<String, Object> f = s.fields();
    assertEquals(true, f.get("gate"));
    assertEquals(w.id(), s.subject());
    assertEquals(w.id(), f.get("window"));
    assertEquals(Fixture.VENDOR, f.get("identity"));
    assertEquals("cam-001", f.get("resp_name"));
    assertEquals("ssh", f.get("app"));
    assertEquals((long) hello.length() + 5, f.get("orig_bytes"));
    assertEquals((long) BANNER.length() + hello.length() + 5, f.get("resp_bytes"));
    assertEquals("vendor_closed", f.get("end_reason"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records = (List<Map<String, Object>>) f.get("records");
    long to =
        records.stream()
            .filter(r -> r.get("dir").equals("to_target"))
            .mapToLong(r -> (Integer) r.get("len"))
            .sum();
    assertEquals(hello.length() + 5, to);
    assertTrue(((BigDecimal) f.get("duration")).signum() >= 0);
    // The outbound leg is known, so the wire session it makes is not a bypass.
    assertTrue(
        gate.sessions()
            .relayed(
                (String) f.get("gate_h"), (Integer) f.get("gate_p"), "127.0.0.1", target.port()));
    assertTrue(rec.notices.isEmpty(), "no notice for an admitted connection: " + rec.notices);
    // The same Community ID as the capture computes for the gate's leg into the video network.
    long gatePort = ((Integer) f.get("gate_p"));
    assertEquals(
        new io.vigie.flow.CommunityId(0)
            .compute(4, 0, 0x7f000001L, 0, 0x7f000001L, 6, (int) gatePort, target.port()),
        f.get("community_id"));
  }

  @Test
  void refusesAtOnceOutsideAnyWindow() throws Exception {
    InetSocketAddress addr = start();
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      assertEquals("VIGIE1 REFUSED no_window", c.answer);
      assertNull(c.readLine(), "closed after the refusal");
    }
    Notice n = rec.awaitNotice(x -> x.note().equals(GateEvents.GATE_REFUSED), WAIT);
    assertTrue(n.msg().contains("no_window"), n.msg());
    assertEquals("cam-001", n.camera());
    assertEquals(0, target.accepted.get(), "the target never saw the vendor");
  }

  @Test
  void refusesWhatTheWindowDoesNotCover() throws Exception {
    fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    fx.openWindow("cam-002", Duration.ofHours(1), App.RDP);
    InetSocketAddress addr = start();
    assertRefused(addr, Fixture.TOKEN, "cam-002", "app_not_allowed");
    assertRefused(addr, "wrong-token", "cam-001", "unknown_token");
    assertRefused(addr, Fixture.TOKEN, "cam-999", "unknown_target");
    assertEquals(0, target.accepted.get());
  }

  @Test
  void refusesAfterRevocation() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    fx.revoke(w.id());
    assertRefused(start(), Fixture.TOKEN, "cam-001", "window_revoked");
  }

  private static void assertRefused(
      InetSocketAddress addr, String token, String target, String reason) throws Exception {
    try (GateClientSocket c = new GateClientSocket(addr, token, target, "SSH-2.0-Client\r\n")) {
      assertEquals("VIGIE1 REFUSED " + reason, c.answer);
    }
  }

  @Test
  void cutsWithinASecondOfRevocation() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    InetSocketAddress addr = start();
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      assertEquals("VIGIE1 OK " + w.id(), c.answer);
      c.readExactly(BANNER.length() + 16);
      fx.revoke(w.id());
      long ms = c.millisUntilClosed(3000);
      assertTrue(ms < 1000, "cut after " + ms + " ms");
    }
    EvidenceRecord s = rec.awaitEvidence(r -> r.kind().equals("session"), WAIT);
    assertEquals("window_revoked", s.fields().get("end_reason"));
  }

  @Test
  void warnsBeforeTheEndThenCutsAtTheEnd() throws Exception {
    fx.openWindow(
        "cam-001", Duration.ofMinutes(4), App.SSH); // inside warn_before_end_seconds (300)
    InetSocketAddress addr = start();
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      c.readExactly(BANNER.length() + 16);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (warnings.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, warnings.get(), "one warning for the window");
      fx.clock.advance(Duration.ofMinutes(4));
      assertTrue(c.millisUntilClosed(3000) < 1000);
    }
    // The window has ended: there is no window any more (not "other hours").
    assertEquals(
        "no_window",
        rec.awaitEvidence(r -> r.kind().equals("session"), WAIT).fields().get("end_reason"));
    assertEquals(1, warnings.get());
  }

  @Test
  void refusesAnotherApplicationOnAnSshListener() throws Exception {
    fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    InetSocketAddress addr = start();
    // An RDP connection request (TPKT, X.224 CR) where SSH is expected.
    String rdp =
        "\u0003\u0000\u0000\u0013\u000e\u00e0\u0000\u0000\u0000\u0000\u0000\u0001\u0000\u0008\u0000\u0003\u0000\u0000\u0000";
    try (GateClientSocket c = new GateClientSocket(addr, Fixture.TOKEN, "cam-001", rdp)) {
      assertTrue(c.answer.startsWith("VIGIE1 OK"));
      c.millisUntilClosed(3000);
    }
    Notice n = rec.awaitNotice(x -> x.msg().contains("app_mismatch"), WAIT);
    assertTrue(n.msg().contains("\\x03\\x00"), n.msg());
    EvidenceRecord s = rec.awaitEvidence(r -> r.kind().equals("session"), WAIT);
    assertEquals("app_mismatch", s.fields().get("end_reason"));
    assertEquals(0L, s.fields().get("orig_bytes"), "not one RDP byte reached the target");
  }

  @Test
  void limitsConnectionsPerWindow() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    InetSocketAddress addr = start(Fixture.config(2, Fixture.sshListener(target.port())));
    try (GateClientSocket a =
            new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-A\r\n");
        GateClientSocket b =
            new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-B\r\n")) {
      assertEquals("VIGIE1 OK " + w.id(), a.answer);
      assertEquals("VIGIE1 OK " + w.id(), b.answer);
      assertRefused(addr, Fixture.TOKEN, "cam-001", "window_connection_limit");
    }
    // Once they are gone, there is room again.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (gate.sessions().liveCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-C\r\n")) {
      assertEquals("VIGIE1 OK " + w.id(), c.answer);
    }
  }

  @Test
  void closesIdleConnections() throws Exception {
    fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    GateConfig config =
        new GateConfig(
            "127.0.0.1",
            1,
            300,
            8,
            null,
            List.of(Fixture.identity()),
            null,
            List.of(Fixture.sshListener(target.port())));
    InetSocketAddress addr = start(config);
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      c.readExactly(BANNER.length() + 16);
      long ms = c.millisUntilClosed(4000);
      assertTrue(ms >= 500, "closed too early: " + ms + " ms");
    }
    assertEquals(
        "idle",
        rec.awaitEvidence(r -> r.kind().equals("session"), WAIT).fields().get("end_reason"));
  }

  @Test
  void liveConnectionsAreListedWithTheirWindow() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    InetSocketAddress addr = start();
    try (GateClientSocket c =
        new GateClientSocket(addr, Fixture.TOKEN, "cam-001", "SSH-2.0-Client\r\n")) {
      c.readExactly(BANNER.length());
      GateConnection conn = gate.sessions().live().get(0);
      assertNotNull(conn);
      assertEquals(w.id(), conn.window());
      assertEquals(Fixture.VENDOR, conn.identity());
      assertEquals("cam-001", conn.target().name());
      assertEquals("127.0.0.1", conn.peerAddress());
    }
  }
}
