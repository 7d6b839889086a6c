package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigie.budget.SourceBudget;
import io.vigie.config.GateConfig;
import io.vigie.net.App;
import io.vigie.policy.Window;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's handlers one at a time, in {@link EmbeddedChannel}s. */
class HandlerTest {
  @TempDir Path dir;

  Fixture fx;
  Recorded rec = new Recorded();
  GateConfig config;
  GateConfig.Listener listener;
  GateContext gate;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    listener = Fixture.sshListener(22);
    config = Fixture.config(8, listener);
    gate =
        new GateContext(
            config,
            fx.windows::snapshot,
            fx.clock,
            new GateSessions(8, 100),
            rec.events(),
            GateMetrics.NONE);
  }

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static String outbound(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return sb.toString();
  }

  @Test
  void preambleAcrossReadsThenTheRestPassesOn() {
    EmbeddedChannel ch = new EmbeddedChannel(new PreambleDecoder(gate, listener));
    ch.writeInbound(text("VIGIE1 " + Fixture.TOKEN.substring(0, 5)));
    assertNull(ch.readInbound(), "nothing before the end of the line");
    ch.writeInbound(text(Fixture.TOKEN.substring(5) + " cam-001\r\nSSH-2.0-x\r\n"));
    GateRequest req = assertInstanceOf(GateRequest.class, ch.readInbound());
    assertEquals(Fixture.VENDOR, req.identity().name());
    assertEquals("cam-001", req.target());
    ByteBuf rest = ch.readInbound();
    assertEquals("SSH-2.0-x\r\n", rest.toString(StandardCharsets.ISO_8859_1));
    rest.release();
    assertNull(ch.pipeline().get(PreambleDecoder.class), "the decoder leaves once done");
    ch.writeInbound(text("later"));
    ByteBuf later = ch.readInbound();
    assertEquals("later", later.toString(StandardCharsets.ISO_8859_1));
    later.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void overlongOrMalformedPreambleIsRefused() {
    EmbeddedChannel ch = new EmbeddedChannel(new PreambleDecoder(gate, listener));
    ch.writeInbound(text("x".repeat(PreambleDecoder.MAX_LINE + 1)));
    assertEquals("VIGIE1 REFUSED bad_preamble\n", outbound(ch));
    assertFalse(ch.isActive());
    assertNull(ch.readInbound());

    EmbeddedChannel ch2 = new EmbeddedChannel(new PreambleDecoder(gate, listener));
    ch2.writeInbound(text("SSH-2.0-OpenSSH\r\n"));
    assertEquals("VIGIE1 REFUSED bad_preamble\n", outbound(ch2));
    assertFalse(ch2.isActive());

    EmbeddedChannel ch3 = new EmbeddedChannel(new PreambleDecoder(gate, listener));
    ch3.writeInbound(text("VIGIE1 guess cam-001\n"));
    assertEquals("VIGIE1 REFUSED unknown_token\n", outbound(ch3));
    assertEquals(3, rec.notices.size(), "each refusal is a notice");
  }

  @Test
  void admissionRefusesWithoutAWindowAndHoldsNothing() {
    EmbeddedChannel ch = new EmbeddedChannel(new AdmissionHandler(gate, listener));
    ch.writeInbound(new GateRequest(Fixture.identity(), "cam-001"), text("SSH-2.0-x\r\n"));
    assertEquals("VIGIE1 REFUSED no_window\n", outbound(ch));
    assertFalse(ch.isActive());
    assertEquals(0, gate.pending.held(), "the connection no longer counts as pending");
    assertTrue(rec.notices.get(0).msg().contains("no maintenance window"), rec.notices.toString());
  }

  @Test
  void tooManyPendingConnectionsAreClosedWithARefusal() throws Exception {
    InetAddress other = InetAddress.getByName("127.0.0.2");
    for (int i = 0; i < config.maxPending(); i++) {
      gate.pending.tryAcquire(InetAddress.getByName("127.0.1." + (i + 1)));
    }
    EmbeddedChannel ch = new EmbeddedChannel(new AdmissionHandler(gate, listener));
    assertFalse(ch.isActive());
    assertEquals(1, rec.notices.size(), rec.notices.toString());
    assertTrue(rec.notices.get(0).msg().contains("(too_many_pending)"), rec.notices.toString());
    assertEquals(config.maxPending(), gate.pending.held(), "a refused connection takes no slot");
    assertEquals(0, gate.pending.heldBy(other));
  }

  @Test
  void oneAddressCannotTakeEveryPendingSlot() throws Exception {
    // Silent connections from one address (EmbeddedChannel counts as loopback) up to its share...
    for (int i = 0; i < config.maxPendingPerSource(); i++) {
      assertTrue(new EmbeddedChannel(new AdmissionHandler(gate, listener)).isActive(), "slot " + i);
    }
    EmbeddedChannel over = new EmbeddedChannel(new AdmissionHandler(gate, listener));
    assertFalse(over.isActive(), "the address's share is used up");
    assertTrue(
        rec.notices.get(0).msg().contains("(too_many_pending_per_source)"), rec.notices.toString());
    // ...while another address still has every other slot.
    assertEquals(
        SourceBudget.Verdict.OK, gate.pending.tryAcquire(InetAddress.getByName("127.0.0.2")));
    assertTrue(config.maxPendingPerSource() < config.maxPending());
  }

  @Test
  void silentConnectionIsRefusedAtThePreambleDeadline() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new PreambleDecoder(gate, listener), new AdmissionHandler(gate, listener));
    assertTrue(ch.isActive());
    ch.advanceTimeBy(config.preambleSeconds() - 1, java.util.concurrent.TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isActive(), "not before the deadline");
    ch.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertEquals("VIGIE1 REFUSED request_timeout\n", outbound(ch));
    assertFalse(ch.isActive());
    assertEquals(0, gate.pending.held());
    assertTrue(rec.notices.get(0).msg().contains("(request_timeout)"), rec.notices.toString());
  }

  @Test
  void aFailingChannelEndsInOneRefusal() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new PreambleDecoder(gate, listener), new AdmissionHandler(gate, listener));
    ch.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
    ch.pipeline().fireExceptionCaught(new java.io.IOException("again"));
    assertFalse(ch.isActive());
    assertEquals(1, rec.notices.size(), rec.notices.toString());
    assertTrue(rec.notices.get(0).msg().contains("(channel_error)"), rec.notices.toString());
    assertEquals(0, gate.pending.held(), "the slot is given back");
  }

  @Test
  void preambleDecoderRemovedWithoutItsBufferDoesNotThrow() {
    // handlerAdded never ran (the pipeline failed before it): removal must still be clean.
    new PreambleDecoder(gate, listener).handlerRemoved(null);
  }

  @Test
  void repeatedRefusalsWithinTheIntervalAreOneNotice() {
    GateEvents events =
        new GateEvents(io.vigie.facts.EvidenceSink.NONE, rec::onNotice, Duration.ofMinutes(1));
    GateContext g =
        new GateContext(
            config,
            fx.windows::snapshot,
            fx.clock,
            new GateSessions(8, 100),
            events,
            GateMetrics.NONE);
    for (int i = 0; i < 100; i++) {
      EmbeddedChannel ch = new EmbeddedChannel(new PreambleDecoder(g, listener));
      ch.writeInbound(text("VIGIE1 guess cam-001\n"));
      assertFalse(ch.isActive());
    }
    assertEquals(
        1, rec.notices.size(), "a flood of the same refusal is one record: " + rec.notices.size());
    fx.clock.advance(Duration.ofMinutes(1));
    EmbeddedChannel ch = new EmbeddedChannel(new PreambleDecoder(g, listener));
    ch.writeInbound(text("VIGIE1 guess cam-001\n"));
    assertEquals(2, rec.notices.size(), "a new interval, a new notice");
  }

  @Test
  void appCheckHoldsSplitBannerThenLetsItThrough() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    EmbeddedChannel ch = new EmbeddedChannel();
    GateConnection conn =
        new GateConnection(
            1,
            "ssh",
            Fixture.identity(),
            listener.targets().get(0),
            App.SSH,
            ch,
            w,
            fx.clock,
            gate.sessions,
            gate.events,
            gate.metrics);
    ch.pipeline().addLast(new AppCheckHandler(gate, listener, conn, true));
    ch.writeInbound(text("SS"));
    assertNull(ch.readInbound(), "held until recognised");
    ch.writeInbound(text("H-2.0-OpenSSH\r\n"));
    ByteBuf b = ch.readInbound();
    assertEquals("SSH-2.0-OpenSSH\r\n", b.toString(StandardCharsets.ISO_8859_1));
    b.release();
    assertNull(ch.pipeline().get(AppCheckHandler.class));
    assertFalse(conn.isClosed());
    ch.finishAndReleaseAll();
  }

  @Test
  void appCheckClosesOnAnotherProtocol() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    EmbeddedChannel ch = new EmbeddedChannel();
    GateConnection conn =
        new GateConnection(
            1,
            "ssh",
            Fixture.identity(),
            listener.targets().get(0),
            App.SSH,
            ch,
            w,
            fx.clock,
            gate.sessions,
            gate.events,
            gate.metrics);
    ch.pipeline().addLast(new AppCheckHandler(gate, listener, conn, false));
    ch.writeInbound(text("RFB 003.008\n"));
    assertNull(ch.readInbound(), "nothing of it passes");
    assertTrue(conn.isClosed());
    assertFalse(ch.isActive());
    assertTrue(
        rec.notices.get(0).msg().contains("the target does not speak ssh"), rec.notices.toString());
    assertEquals(
        "app_mismatch",
        rec.evidence.stream()
            .filter(r -> r.kind().equals("session"))
            .findFirst()
            .orElseThrow()
            .fields()
            .get("end_reason"));
  }

  @Test
  void relayStopsReadingWhileThePeerIsFull() throws Exception {
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    EmbeddedChannel peer = new EmbeddedChannel();
    peer.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
    // The peer never flushes to a socket: hold its writes so it stays unwritable.
    peer.pipeline()
        .addFirst(
            new io.netty.channel.ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(io.netty.channel.ChannelHandlerContext ctx) {}
            });
    ReadCounter reads = new ReadCounter();
    EmbeddedChannel vendor = new EmbeddedChannel();
    vendor.config().setAutoRead(false); // as in the gate: only the relay asks for reads
    GateConnection conn =
        new GateConnection(
            1,
            "ssh",
            Fixture.identity(),
            listener.targets().get(0),
            App.SSH,
            vendor,
            w,
            fx.clock,
            gate.sessions,
            gate.events,
            gate.metrics);
    vendor.pipeline().addLast(reads, new RelayHandler(peer, conn, true));
    peer.pipeline().addLast(new RelayHandler(vendor, conn, false));
    vendor.writeInbound(text("0123456789abcdefghij"));
    assertFalse(peer.isWritable(), "20 bytes queued, above the high mark of 16");
    int before = reads.count;
    vendor.pipeline().fireChannelReadComplete();
    assertEquals(before, reads.count, "no read asked while the peer is full");
    peer.pipeline().remove(peer.pipeline().first());
    peer.flush();
    peer.runPendingTasks();
    assertTrue(peer.isWritable());
    assertTrue(reads.count > before, "the peer drained: reading resumes");
    vendor.finishAndReleaseAll();
    peer.finishAndReleaseAll();
  }

  /** Counts the read requests going out of a channel. */
  static final class ReadCounter extends io.netty.channel.ChannelOutboundHandlerAdapter {
    int count;

    @Override
    public void read(io.netty.channel.ChannelHandlerContext ctx) {
      count++;
      ctx.read();
    }
  }
}
