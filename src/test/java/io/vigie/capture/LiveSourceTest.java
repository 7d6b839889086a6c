package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Captures on the loopback interface while the test sends itself UDP. Needs root. */
@Tag("system")
class LiveSourceTest {
  @BeforeAll
  static void needsRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")), "capturing on lo needs root");
  }

  @Test
  void filterAppliesStatsAreReportedAndBreakLoopEndsDispatch() throws Exception {
    try (DatagramSocket wanted = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket sender = new DatagramSocket()) {
      int port = wanted.getLocalPort();
      CaptureOptions opts =
          CaptureOptions.defaults("lo").withFilter("udp and dst port " + port).withImmediate(true);
      int n = 5;
      CountDownLatch got = new CountDownLatch(n);
      ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      try (LiveSource src = LiveSource.open(opts)) {
        assertEquals(LinkType.ETHERNET, src.linkType());
        DecodedPacket pkt = new DecodedPacket();
        PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
        long before = System.currentTimeMillis();
        Thread t =
            new Thread(
                () -> {
                  try {
                    while (src.dispatch(
                            (link, ts, buf, off, cap, wire) -> {
                              if (decoder.decode(link, ts, buf, off, cap, wire, pkt)
                                  && pkt.isUdp()) {
                                seen.add(
                                    pkt.dstPort
                                        + " "
                                        + new String(
                                            pkt.payload,
                                            pkt.payloadOff,
                                            pkt.payloadLen,
                                            StandardCharsets.US_ASCII)
                                        + " "
                                        + (ts / 1_000_000 >= before - 1000));
                                got.countDown();
                              }
                            },
                            64)
                        >= 0) {
                      // capture on until breakLoop
                    }
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                },
                "vigie-capture-test");
        t.start();
        for (int i = 0; i < n; i++) {
          // The filtered-out datagram goes first, so a leak would be seen before the latch opens.
          byte[] noise = ("noise" + i).getBytes(StandardCharsets.US_ASCII);
          sender.send(
              new DatagramPacket(
                  noise, noise.length, InetAddress.getLoopbackAddress(), other.getLocalPort()));
          byte[] msg = ("hello" + i).getBytes(StandardCharsets.US_ASCII);
          sender.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
        }
        // lo is up from the first datagram on; the capture may have started after some were sent.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int k = n;
        while (!got.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
          byte[] msg = ("hello" + k++).getBytes(StandardCharsets.US_ASCII);
          sender.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
        }
        assertEquals(0, got.getCount(), "datagrams captured: " + seen);
        CaptureStats stats = src.stats();
        src.breakLoop();
        t.join(5000);
        assertFalse(t.isAlive(), "breakLoop from another thread ends dispatch");
        assertEquals(null, failure.get());
        for (String s : seen) {
          assertTrue(s.matches(port + " hello\\d+ true"), s);
        }
        assertTrue(stats.received() >= n, stats.toString());
        assertTrue(stats.bytes() >= n * 47L, stats.toString()); // 14 + 20 + 8 + "helloN"
        assertEquals(0, stats.droppedByKernel());
        assertEquals(-1, src.dispatch((l, ts, b, o, c, w) -> {}, 1));
      }
    }
  }

  @Test
  void aSilentInterfaceReturnsZeroAfterTheReadTimeoutInsteadOfBlocking() throws Exception {
    // A filter nothing matches: the ring stays empty. The owner of the flow table must get control
    // back to expire idle flows, both with libpcap's batching (not immediate) and without.
    for (boolean immediate : new boolean[] {false, true}) {
      CaptureOptions opts =
          CaptureOptions.defaults("lo")
              .withFilter("udp and dst port 9 and src port 9")
              .withImmediate(immediate);
      try (LiveSource src = LiveSource.open(opts)) {
        for (int i = 0; i < 3; i++) {
          long t0 = System.nanoTime();
          int n = src.dispatch((lt, ts, b, o, c, w) -> {}, 512);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertEquals(0, n, "no packet matches the filter");
          assertTrue(
              ms < 5L * opts.timeoutMillis() + 500,
              "dispatch came back after " + ms + " ms (immediate=" + immediate + ")");
        }
      }
    }
  }

  @Test
  void unknownInterfaceAndBadFilterAreClearErrors() {
    CaptureException e =
        assertThrows(
            CaptureException.class, () -> LiveSource.open(CaptureOptions.defaults("nosuch9")));
    assertTrue(
        e.getMessage().startsWith("nosuch9: cannot capture: no such interface (known: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("lo"), e.getMessage());
    CaptureException f =
        assertThrows(
            CaptureException.class,
            () -> LiveSource.open(CaptureOptions.defaults("lo").withFilter("udp port banana")));
    assertTrue(
        f.getMessage().startsWith("lo: bad capture filter 'udp port banana': "), f.getMessage());
  }
}
