package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Reads every file of the shared corpus to its end, decoding each packet. */
class CorpusReadTest {
  private static final Pattern COMPLETE = Pattern.compile("\\[complete records: (\\d+)");

  static Path corpus() {
    String shared = System.getProperty("vigie.shared");
    assumeTrue(shared != null, "system property vigie.shared is not set");
    Path dir = Path.of(shared, "corpus", "pcap");
    assumeTrue(Files.isRegularFile(dir.resolve("MANIFEST.tsv")), "no corpus at " + dir);
    return dir;
  }

  record Entry(String file, int packets, boolean damaged, int complete) {}

  static List<Entry> manifest(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
    List<String> head = List.of(lines.get(0).split("\t", -1));
    int file = head.indexOf("file");
    int packets = head.indexOf("packets");
    int notes = head.indexOf("notes");
    List<Entry> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String n = f[notes];
      boolean damaged = n.startsWith("DAMAGED FILE") || n.startsWith("TRUNCATED FILE");
      int expected = Integer.parseInt(f[packets]);
      Matcher m = COMPLETE.matcher(n);
      int complete = m.find() ? Integer.parseInt(m.group(1)) : expected;
      out.add(new Entry(f[file], expected, damaged, complete));
    }
    return out;
  }

  /**
   * Corrupted copies of corpus files (bytes overwritten, tails cut) never make the reader or the
   * decoder throw: each copy opens with a CaptureException or reads to an end, and any damage names
   * an offset inside the file.
   */
  @org.junit.jupiter.api.Test
  void corruptedFilesEndCleanly(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path dir = corpus();
    java.util.Random rnd = new java.util.Random(20261123);
    Pattern offset = Pattern.compile(": damaged record at byte offset (\\d+): ");
    for (String name :
        List.of(
            "ssh-zeek-single-conn.pcap",
            "dns-zeek-pcapng-multi-interface.pcapng",
            "rtsp-ndpi-sll-8554.pcapng",
            "dns-ndpi-fragmented.pcap",
            "mismatch-zeek-http-to-ssh-nsec.pcap")) {
      byte[] orig = Files.readAllBytes(dir.resolve(name));
      for (int k = 0; k < 150; k++) {
        byte[] b =
            java.util.Arrays.copyOf(orig, k % 3 == 0 ? rnd.nextInt(orig.length) : orig.length);
        for (int m = rnd.nextInt(8); m >= 0 && b.length > 0; m--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        Path f = tmp.resolve(k + "-" + name);
        Files.write(f, b);
        PacketDecoder decoder = new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
        DecodedPacket pkt = new DecodedPacket();
        PcapFileSource src;
        try {
          src = PcapFileSource.open(f);
        } catch (CaptureException e) {
          assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
          continue;
        }
        try (src) {
          while (src.dispatch(
                  (link, ts, buf, off, cap, wire) ->
                      decoder.decode(link, ts, buf, off, cap, wire, pkt),
                  64)
              >= 0) {
            // read on
          }
          if (src.damage().isPresent()) {
            Matcher m = offset.matcher(src.damage().get());
            assertTrue(m.find(), src.damage().get());
            assertTrue(Long.parseLong(m.group(1)) < b.length, src.damage().get());
          }
        }
      }
    }
  }

  /** Every packet (link type, time, lengths, bytes) as libpcap's own reader delivers it. */
  @TestFactory
  Stream<DynamicTest> intactFilesReadExactlyAsLibpcapReadsThem() throws IOException {
    Path dir = corpus();
    return manifest(dir).stream()
        .filter(e -> !e.damaged())
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.file(),
                    () -> {
                      Path file = dir.resolve(e.file());
                      List<String> ours;
                      try (PcapFileSource src = PcapFileSource.open(file)) {
                        ours = PcapFileSourceTest.read(src);
                      }
                      try (LibpcapFileSource ref = LibpcapFileSource.open(file)) {
                        assertEquals(PcapFileSourceTest.read(ref), ours);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFileReadsToItsEnd() throws IOException {
    Path dir = corpus();
    return manifest(dir).stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.file(),
                    () -> {
                      DecodeCounters counters = new DecodeCounters();
                      PacketDecoder decoder = new PacketDecoder(counters, FragmentLimits.DEFAULTS);
                      DecodedPacket pkt = new DecodedPacket();
                      long[] seen = new long[2];
                      try (PcapFileSource src = PcapFileSource.open(dir.resolve(e.file()))) {
                        while (src.dispatch(
                                (link, ts, buf, off, cap, wire) -> {
                                  seen[0]++;
                                  if (decoder.decode(link, ts, buf, off, cap, wire, pkt)) {
                                    seen[1]++;
                                  }
                                },
                                100)
                            >= 0) {
                          // read on
                        }
                        assertEquals(src.stats().received(), seen[0]);
                        if (e.damaged()) {
                          assertEquals(e.complete(), seen[0], "complete records before the damage");
                          assertTrue(
                              src.damage().isPresent(), "damaged file must report its damage");
                          String msg = src.damage().get();
                          assertTrue(
                              msg.startsWith(
                                  dir.resolve(e.file()) + ": damaged record at byte offset "),
                              msg);
                        } else {
                          assertEquals(e.packets(), seen[0], "packets in " + e.file());
                          assertFalse(src.damage().isPresent(), () -> src.damage().get());
                        }
                      }
                    }));
  }
}
