package io.vigie.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.capture.CaptureException;
import io.vigie.capture.LibpcapFileSource;
import io.vigie.capture.LinkType;
import io.vigie.capture.PacketHandler;
import io.vigie.capture.PacketSource;
import io.vigie.capture.PcapFileSource;
import io.vigie.capture.PcapWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet path allocates nothing: reading and decoding tens of thousands of frames (TCP, UDP,
 * ICMP, VLANs, IPv6 extension headers, fragments being reassembled, malformed ones) allocates no
 * more on the reading thread than a few objects, whatever the packet count.
 */
class NoAllocationTest {
  @TempDir Path dir;

  interface Opener {
    PacketSource open(Path p) throws CaptureException;
  }

  @Test
  void readingAndDecodingAllocatesNothingPerPacket() throws Exception {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(
        mx.isThreadAllocatedMemorySupported(),
        "this JVM does not count allocated bytes per thread");
    Path file = dir.resolve("mix.pcap");
    int perRound = 0;
    try (PcapWriter w = new PcapWriter(Files.newOutputStream(file), LinkType.ETHERNET, 65535)) {
      for (int round = 0; round < 500; round++) {
        for (String fixture :
            List.of("link-types.hex", "malformed.hex", "fragments-v4.hex", "fragments-v6.hex")) {
          for (String l : lines(fixture)) {
            String[] f = l.split(" ");
            if (l.startsWith("#") || !f[1].equals("1")) {
              continue;
            }
            byte[] frame = HexFormat.of().parseHex(f.length > 3 ? f[3] : "");
            int wire = f[2].equals("-") ? frame.length : Integer.parseInt(f[2]);
            w.write(round * 1_000_000_000L, frame, 0, frame.length, wire);
            if (round == 0) {
              perRound++;
            }
          }
        }
      }
    }
    long packets = perRound * 500L;
    DecodeCounters counters = new DecodeCounters();
    PacketDecoder decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
    DecodedPacket pkt = new DecodedPacket();
    long[] seen = new long[2];
    PacketHandler h =
        (link, ts, buf, off, cap, wire) -> {
          seen[0]++;
          if (decoder.decode(link, ts, buf, off, cap, wire, pkt)) {
            seen[1] += pkt.payloadLen;
          }
        };
    for (Opener opener : new Opener[] {PcapFileSource::open, LibpcapFileSource::open}) {
      for (int pass = 0; pass < 3; pass++) { // the first passes warm up the JIT and fill the pools
        seen[0] = 0;
        try (PacketSource src = opener.open(file)) {
          long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
          while (src.dispatch(h, 512) >= 0) {
            // read on
          }
          long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
          assertEquals(packets, seen[0]);
          if (pass == 2) {
            assertTrue(
                allocated < 16_384,
                src.getClass().getSimpleName()
                    + " allocated "
                    + allocated
                    + " bytes for "
                    + packets
                    + " packets");
          }
        }
      }
    }
    assertTrue(
        counters.get(Malformed.TRUNCATED_IP) > 0 && counters.get(Malformed.FRAGMENT_OVERLAP) > 0);
  }

  private static List<String> lines(String resource) throws IOException {
    try (InputStream in = NoAllocationTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(s -> !s.isBlank())
          .toList();
    }
  }
}
