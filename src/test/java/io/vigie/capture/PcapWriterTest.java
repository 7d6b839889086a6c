package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes, our reader reads back unchanged: times, lengths and bytes. */
class PcapWriterTest {
  @TempDir Path dir;

  @Test
  void framesOfEverySizeRoundTripThroughTheReader() throws Exception {
    Path p = dir.resolve("w.pcap");
    List<byte[]> frames = new ArrayList<>();
    int[] sizes = {60, 1514, 65_000, 70_000, 1, 9000};
    try (OutputStream os = Files.newOutputStream(p);
        PcapWriter w = new PcapWriter(os, LinkType.ETHERNET, 262_144)) {
      for (int i = 0; i < 200; i++) {
        byte[] f = new byte[sizes[i % sizes.length]];
        for (int j = 0; j < f.length; j++) {
          f[j] = (byte) (i * 31 + j);
        }
        frames.add(f);
        w.write(1_700_000_000_123_456_000L + i * 1_000L, f, 0, f.length, f.length + (i % 2));
      }
      assertEquals(24 + frames.stream().mapToLong(f -> 16L + f.length).sum(), w.bytesWritten());
    }
    List<byte[]> read = new ArrayList<>();
    List<long[]> meta = new ArrayList<>();
    try (PcapFileSource src = PcapFileSource.open(p)) {
      while (src.dispatch(
              (lt, ts, buf, off, cap, wire) -> {
                read.add(java.util.Arrays.copyOfRange(buf, off, off + cap));
                meta.add(new long[] {lt, ts, wire});
              },
              64)
          >= 0) {
        // read to the end
      }
      assertEquals(java.util.Optional.empty(), src.damage());
    }
    assertEquals(frames.size(), read.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), read.get(i), "frame " + i);
      assertEquals(LinkType.ETHERNET, meta.get(i)[0]);
      assertEquals(1_700_000_000_123_456_000L + i * 1_000L, meta.get(i)[1]);
      assertEquals(frames.get(i).length + (i % 2), meta.get(i)[2]);
    }
    assertEquals(Files.size(p), 24 + frames.stream().mapToLong(f -> 16L + f.length).sum());
  }

  @Test
  void nothingIsLostWhenClosedWithoutFlush() throws IOException {
    Path p = dir.resolve("c.pcap");
    try (PcapWriter w = new PcapWriter(Files.newOutputStream(p), LinkType.RAW, 65535)) {
      w.write(0, new byte[] {0x45, 0, 0, 20}, 0, 4, 4);
    }
    assertEquals(24 + 16 + 4, Files.size(p));
  }
}
