package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.vigie.net.App;
import io.vigie.policy.Window;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent connections through the gate to targets that send as fast as they can, to vendors
 * that do not read (and one that reads slowly): the gate's buffers must stay bounded by its water
 * marks, so its memory stays flat while the targets keep trying to send.
 */
class GateLoadTest {
  static final int CONNECTIONS = 120;

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void memoryStaysFlatWithSlowReaders() throws Exception {
    Fixture fx = new Fixture(dir);
    Recorded rec = new Recorded();
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH);
    List<Socket> clients = new ArrayList<>();
    try (TestTarget target = TestTarget.flood("SSH-2.0-Flood\r\n");
        GateServer gate =
            new GateServer(
                Fixture.config(CONNECTIONS, Fixture.sshListener(target.port())),
                fx.windows::snapshot,
                rec.events(),
                GateMetrics.NONE,
                fx.clock)) {
      gate.start();
      InetSocketAddress addr = gate.address("ssh");
      for (int i = 0; i < CONNECTIONS; i++) {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(addr, 5000);
        s.setSoTimeout(5000);
        clients.add(s);
        s.getOutputStream()
            .write(
                ("VIGIE1 " + Fixture.TOKEN + " cam-001\nSSH-2.0-Load\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        assertEquals("VIGIE1 OK " + w.id(), readLine(s.getInputStream()));
      }
      assertEquals(CONNECTIONS, gate.sessions().liveCount());
      Socket slow = clients.get(0);
      byte[] buf = new byte[1024];
      long slowRead = 0;
      // Let the buffers fill, reading a little from one vendor now and then.
      for (int i = 0; i < 10; i++) {
        slowRead += slow.getInputStream().read(buf);
        Thread.sleep(100);
      }
      long sent1 = target.sent.get();
      long mem1 = gateMemory();
      long heap1 = heapAfterGc();
      for (int i = 0; i < 20; i++) {
        slowRead += slow.getInputStream().read(buf);
        Thread.sleep(100);
      }
      long sent2 = target.sent.get();
      long mem2 = gateMemory();
      long heap2 = heapAfterGc();
      System.out.printf(
          "gate load: %d connections, targets sent %d MiB then %d MiB, gate buffers %d KiB then %d KiB,"
              + " heap %d MiB then %d MiB, slow reader got %d bytes%n",
          CONNECTIONS,
          sent1 >> 20,
          sent2 >> 20,
          mem1 >> 10,
          mem2 >> 10,
          heap1 >> 20,
          heap2 >> 20,
          slowRead);
      // Each connection may hold at most a water mark plus a read in each direction.
      long perConnection = 2 * (GateServer.WATER_MARK.high() + 64 * 1024);
      assertTrue(
          mem2 < CONNECTIONS * perConnection + (16 << 20), "gate buffers " + mem2 + " bytes");
      assertTrue(mem2 - mem1 < (8 << 20), "gate buffers grew from " + mem1 + " to " + mem2);
      assertTrue(heap2 - heap1 < (32 << 20), "heap grew from " + heap1 + " to " + heap2);
      // What the targets still push meanwhile fills the kernel's socket buffers (auto-tuned on
      // loopback up to several MiB each), not the gate: its own buffers above did not grow.
      assertTrue(
          sent2 > 2 * (long) CONNECTIONS * GateServer.WATER_MARK.high(), "the targets did flood");
      assertTrue(slowRead > 10 * 1024, "the slow reader still gets data");

      long t0 = System.nanoTime();
      fx.revoke(w.id());
      long deadline = t0 + Duration.ofSeconds(5).toNanos();
      while (gate.sessions().liveCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, gate.sessions().liveCount(), "every connection cut");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "gate load: %d connections cut %d ms after the revocation%n", CONNECTIONS, ms);
      assertTrue(ms < 1000, CONNECTIONS + " connections cut in " + ms + " ms");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  private static long gateMemory() {
    ByteBufAllocatorMetric m = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
    return m.usedDirectMemory() + m.usedHeapMemory();
  }

  private static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString();
  }
}
