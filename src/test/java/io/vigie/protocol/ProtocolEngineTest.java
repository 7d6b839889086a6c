package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.net.App;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine's contract: bounded probing, garbage stays unknown, no allocation once decided. */
class ProtocolEngineTest {
  @Test
  void randomTcpBytesStayUnknownWithinTheProbeLimit() {
    Random r = new Random(11);
    for (int run = 0; run < 200; run++) {
      Feeder f = new Feeder();
      TestFlow flow = TestFlow.tcp(40000 + run, 443);
      f.start(flow);
      int fed = 0;
      while (fed < 64 * 1024 && !f.stopped) {
        byte[] seg = new byte[1 + r.nextInt(1460)];
        r.nextBytes(seg);
        f.feed(flow, run % 2 == 0 || r.nextBoolean(), seg);
        fed += seg.length;
      }
      f.end(flow);
      assertEquals(App.UNKNOWN, flow.app(), "run " + run);
      assertTrue(f.stopped || fed >= 64 * 1024, "the engine must give up, run " + run);
    }
  }

  @Test
  void randomDatagramsStayUnknownAfterEightPerSide() {
    Random r = new Random(12);
    for (int run = 0; run < 300; run++) {
      Feeder f = new Feeder();
      TestFlow flow = TestFlow.udp(40000 + run, 5000);
      f.start(flow);
      int n = 0;
      while (!f.stopped && n < 100) {
        byte[] d = new byte[r.nextInt(1400)];
        r.nextBytes(d);
        f.feed(flow, r.nextBoolean(), d);
        n++;
      }
      f.end(flow);
      assertEquals(App.UNKNOWN, flow.app(), "run " + run);
      assertTrue(n <= 16, "gave up after " + n + " datagrams");
    }
  }

  @Test
  void otherIpProtocolsAreLeftAtOnce() {
    TestFlow icmp = new TestFlow(1, 4, 0, 1, 0, 0, 2, 0, "1:icmp");
    Feeder f = new Feeder();
    f.start(icmp);
    assertFalse(f.feed(icmp, true, new byte[] {8, 0, 0, 0}));
    f.end(icmp);
    assertEquals(App.UNKNOWN, icmp.app());
  }

  @Test
  void aFlowWithoutPayloadIsUnknownAndAFlowWithoutStartIsHandled() {
    Feeder f = new Feeder();
    TestFlow empty = TestFlow.tcp(1, 2);
    f.start(empty);
    f.end(empty);
    assertEquals(App.UNKNOWN, empty.app());
    TestFlow late = TestFlow.tcp(3, 4);
    f.feed(late, true, "SSH-2.0-x\r\n".getBytes()); // onFlowStart never called
    f.end(late);
    assertEquals(App.SSH, late.app());
  }

  @Test
  void followingADecidedFlowAllocatesNothingPerPacket() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    ProtocolEngine engine = new ProtocolEngine(Expectations.NONE, NameObserver.NONE);
    TestFlow data = TestFlow.tcp(50000, 20);
    data.app(App.FTP_DATA);
    engine.onFlowStart(data, 0);
    TestFlow http = TestFlow.tcp(50001, 80);
    engine.onFlowStart(http, 0);
    byte[] head = "POST /fw HTTP/1.1\r\nHost: c\r\nContent-Length: 100000000\r\n\r\n".getBytes();
    engine.onPayload(http, true, head, 0, head.length, 0);
    byte[] seg = new byte[1448];
    for (int i = 0; i < 2000; i++) { // warm up: lazily created hashers, JIT
      engine.onPayload(data, true, seg, 0, seg.length, i);
      engine.onPayload(http, true, seg, 0, seg.length, i);
    }
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 20_000; i++) {
      engine.onPayload(data, true, seg, 0, seg.length, i);
      engine.onPayload(http, true, seg, 0, seg.length, i);
    }
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 40000 payloads");
  }

  @Test
  void mutatedFixturesNeverMakeAParserFail() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/io/vigie/protocol");
    java.util.List<String> names;
    try (var files = java.nio.file.Files.list(dir)) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".flow"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
    }
    Random r = new Random(13);
    ProtocolEngine engine = new ProtocolEngine(Expectations.NONE, NameObserver.NONE);
    for (String name : names) {
      Fixture fx = Fixture.load(name);
      for (int run = 0; run < 300; run++) {
        TestFlow flow = fx.newFlow();
        engine.onFlowStart(flow, 0);
        for (int i = 0; i < fx.payloads.size(); i++) {
          byte[] p = fx.payloads.get(i).clone();
          for (int k = 0; k < 1 + r.nextInt(4) && p.length > 0; k++) {
            p[r.nextInt(p.length)] = (byte) r.nextInt(256);
          }
          if (!engine.onPayload(flow, fx.fromOrig.get(i), p, 0, p.length, i)) {
            break;
          }
        }
        engine.onFlowEnd(flow, 1);
      }
    }
    assertEquals(0, engine.parserFailures());
  }
}
