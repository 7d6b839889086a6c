package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapFileSourceTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] A = {1, 2, 3, 4, 5};
  private static final byte[] B = {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc};

  @TempDir Path dir;

  /** Reads a file to its end; one line per packet: link ts capLen wireLen hex. */
  static List<String> read(PacketSource src) throws CaptureException {
    List<String> out = new ArrayList<>();
    while (src.dispatch(
            (link, ts, buf, off, cap, wire) ->
                out.add(
                    link
                        + " "
                        + ts
                        + " "
                        + cap
                        + " "
                        + wire
                        + " "
                        + HEX.formatHex(buf, off, off + cap)),
            7)
        >= 0) {
      // read on
    }
    return out;
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"LE", "BE"})
  void classicPcapMicroAndNanoInBothByteOrders(String bo) throws Exception {
    ByteOrder order = bo.equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    Path usec =
        write(
            "u.pcap",
            new CaptureFileBuilder(order)
                .pcapHeader(false, 65535, 1)
                .pcapRecord(1_700_000_000L, 123_456, A, 60)
                .pcapRecord(1_700_000_001L, 999_999, B, 3)
                .bytes());
    Path nsec =
        write(
            "n.pcap",
            new CaptureFileBuilder(order)
                .pcapHeader(true, 65535, 113)
                .pcapRecord(1_700_000_000L, 123_456_789, A, 5)
                .bytes());
    try (PcapFileSource src = PcapFileSource.open(usec)) {
      assertEquals(1, src.linkType());
      assertEquals(
          List.of("1 1700000000123456000 5 60 0102030405", "1 1700000001999999000 3 3 aabbcc"),
          read(src));
      assertEquals(new CaptureStats(2, 63, 0, 0), src.stats());
      assertTrue(src.damage().isEmpty());
      assertEquals(-1, src.dispatch((l, t, b, o, c, w) -> {}, 10), "stays at the end");
    }
    try (PcapFileSource src = PcapFileSource.open(nsec)) {
      assertEquals(List.of("113 1700000000123456789 5 5 0102030405"), read(src));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"LE", "BE"})
  void pcapngInterfacesResolutionsOffsetsAndSkippedBlocks(String bo) throws Exception {
    ByteOrder order = bo.equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    CaptureFileBuilder f =
        new CaptureFileBuilder(order)
            .section(order)
            .interfaceBlock(1, -1, 0) // default microseconds
            .interfaceBlock(101, 9, 0) // nanoseconds
            .interfaceBlock(228, 0x80 | 20, 0) // 2^-20 s
            .interfaceBlock(229, 3, 1_000) // milliseconds, 1000 s offset
            .block(4, new byte[] {0, 0, 0, 0}) // name resolution block: skipped
            .epb(0, 1_700_000_000_123_456L, A, 60)
            .epb(1, 1_700_000_000_123_456_789L, B, 3)
            .block(5, new byte[16]) // interface statistics: skipped
            .epb(2, (5L << 20) | (1L << 19), A, 5) // 5.5 s
            .block(0x40000bad, new byte[7]) // custom block: skipped
            .epb(3, 2_500, B, 3) // 2.5 s + 1000 s
            .spb(A) // no time stamp: the previous packet's, interface 0's link type
            .packetBlock(1, 42, B, 3)
            // A second section in the other byte order, with its own interfaces.
            .section(order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
            .interfaceBlock(113, 6, 0)
            .epb(0, 7_000_001L, A, 5);
    try (PcapFileSource src = PcapFileSource.open(write("x.pcapng", f.bytes()))) {
      assertEquals(
          List.of(
              "1 1700000000123456000 5 60 0102030405",
              "101 1700000000123456789 3 3 aabbcc",
              "228 5500000000 5 5 0102030405",
              "229 1002500000000 3 3 aabbcc",
              "1 1002500000000 5 5 0102030405",
              "101 42 3 3 aabbcc",
              "113 7000001000 5 5 0102030405"),
          read(src));
      assertTrue(src.damage().isEmpty(), () -> src.damage().get());
      assertEquals(7, src.stats().received());
    }
  }

  @Test
  void headerOnlyFileIsAnEmptyCapture() throws Exception {
    Path p =
        write(
            "empty.pcap",
            new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1).bytes());
    try (PcapFileSource src = PcapFileSource.open(p)) {
      assertEquals(-1, src.dispatch((l, t, b, o, c, w) -> {}, 10));
      assertTrue(src.damage().isEmpty());
      assertEquals(CaptureStats.EMPTY, src.stats());
    }
    Path ng =
        write(
            "empty.pcapng",
            new CaptureFileBuilder(ByteOrder.BIG_ENDIAN).section(ByteOrder.BIG_ENDIAN).bytes());
    try (PcapFileSource src = PcapFileSource.open(ng)) {
      assertEquals(List.of(), read(src));
      assertTrue(src.damage().isEmpty());
    }
  }

  @Test
  void truncatedRecordDeliversWhatCameBeforeAndNamesTheOffset() throws Exception {
    byte[] whole =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
            .pcapHeader(false, 65535, 1)
            .pcapRecord(1, 0, A, 5)
            .pcapRecord(2, 0, B, 3)
            .bytes();
    Path p = write("cut.pcap", Arrays.copyOf(whole, whole.length - 1));
    try (PcapFileSource src = PcapFileSource.open(p)) {
      assertEquals(List.of("1 1000000000 5 5 0102030405"), read(src));
      assertEquals(
          p + ": damaged record at byte offset 45: truncated record: 2 of 3 bytes",
          src.damage().orElseThrow());
    }
    Path h = write("cuthdr.pcap", Arrays.copyOf(whole, 24 + 21 + 10));
    try (PcapFileSource src = PcapFileSource.open(h)) {
      assertEquals(1, read(src).size());
      assertEquals(
          h + ": damaged record at byte offset 45: truncated record header: 10 of 16 bytes",
          src.damage().orElseThrow());
    }
  }

  @Test
  void oversizeClaimStopsWithoutAllocatingIt() throws Exception {
    byte[] f =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
            .pcapHeader(false, 65535, 1)
            .pcapRecord(1, 0, A, 5)
            .raw(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x54, 0, 0, 0, 0x54})
            .raw(new byte[100])
            .bytes();
    Path p = write("big.pcap", f);
    try (PcapFileSource src = PcapFileSource.open(p)) {
      assertEquals(1, read(src).size());
      assertEquals(
          p
              + ": damaged record at byte offset 45: captured length 1409286144 exceeds the snapshot length 65535 and the 262144-byte maximum",
          src.damage().orElseThrow());
    }
  }

  @Test
  void pcapngLengthMismatchAndUnknownInterfaceAreDamage() throws Exception {
    byte[] good =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, -1, 0)
            .epb(0, 1, A, 5)
            .bytes();
    byte[] bad = Arrays.copyOf(good, good.length);
    bad[bad.length - 4] = 99; // trailing length of the EPB
    Path p = write("bad.pcapng", bad);
    int epbOffset = good.length - 40; // 12 + 20 + 5 data bytes padded to 8
    try (PcapFileSource src = PcapFileSource.open(p)) {
      assertEquals(List.of(), read(src));
      assertEquals(
          p
              + ": damaged record at byte offset "
              + epbOffset
              + ": trailing block length 99 differs from the leading one 40",
          src.damage().orElseThrow());
    }
    byte[] noIf =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
            .section(ByteOrder.LITTLE_ENDIAN)
            .epb(3, 1, A, 5)
            .bytes();
    Path q = write("noif.pcapng", noIf);
    try (PcapFileSource src = PcapFileSource.open(q)) {
      assertEquals(List.of(), read(src));
      assertTrue(
          src.damage().orElseThrow().endsWith("packet of undefined interface 3"),
          src.damage().get());
    }
  }

  @Test
  void packetsAcrossManyBufferRefillsMatchLibpcap() throws Exception {
    // 3 MiB of packets of varying size, so records straddle every refill of the 1 MiB buffer.
    CaptureFileBuilder f =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN).pcapHeader(true, 65535, 1);
    java.util.Random rnd = new java.util.Random(7);
    int n = 0;
    while (f.size() < 3 << 20) {
      byte[] d = new byte[1 + rnd.nextInt(3000)];
      rnd.nextBytes(d);
      f.pcapRecord(1_700_000_000L + n, n, d, d.length + n % 3);
      n++;
    }
    Path p = write("many.pcap", f.bytes());
    List<String> ours;
    try (PcapFileSource src = PcapFileSource.open(p)) {
      ours = read(src);
      assertTrue(src.damage().isEmpty());
    }
    assertEquals(n, ours.size());
    try (LibpcapFileSource ref = LibpcapFileSource.open(p)) {
      assertEquals(read(ref), ours);
    }
  }

  @Test
  void openNamesTheFileAndTheProblem() throws Exception {
    Path missing = dir.resolve("nope.pcap");
    assertEquals(
        missing + ": no such file",
        assertThrows(CaptureException.class, () -> PcapFileSource.open(missing)).getMessage());
    assertEquals(
        dir + ": is a directory, not a capture file",
        assertThrows(CaptureException.class, () -> PcapFileSource.open(dir)).getMessage());
    Path text =
        write(
            "notes.txt",
            "hello world, not a capture".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(
        text + ": not a pcap or pcapng file (magic 0x68656c6c)",
        assertThrows(CaptureException.class, () -> PcapFileSource.open(text)).getMessage());
    Path empty = write("zero.pcap", new byte[0]);
    assertEquals(
        empty + ": not a pcap or pcapng file: empty",
        assertThrows(CaptureException.class, () -> PcapFileSource.open(empty)).getMessage());
    Path shortHdr =
        write("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
    assertEquals(
        shortHdr + ": truncated pcap file header (6 of 24 bytes)",
        assertThrows(CaptureException.class, () -> PcapFileSource.open(shortHdr)).getMessage());
  }

  @Test
  void breakLoopEndsAReplayAtTheNextDispatch() throws Exception {
    CaptureFileBuilder f =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, 65535, 1);
    for (int i = 0; i < 10; i++) {
      f.pcapRecord(i, 0, A, 5);
    }
    try (PcapFileSource src = PcapFileSource.open(write("b.pcap", f.bytes()))) {
      assertEquals(4, src.dispatch((l, t, b, o, c, w) -> {}, 4));
      src.breakLoop();
      assertEquals(-1, src.dispatch((l, t, b, o, c, w) -> {}, 4));
      assertEquals(4, src.stats().received());
      assertTrue(src.damage().isEmpty());
    }
  }

  @Test
  void closedSourceReturnsEnd() throws Exception {
    Path p =
        write(
            "c.pcap",
            new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
                .pcapHeader(false, 65535, 1)
                .pcapRecord(1, 0, A, 5)
                .bytes());
    PcapFileSource src = PcapFileSource.open(p);
    src.close();
    assertEquals(-1, src.dispatch((l, t, b, o, c, w) -> {}, 10));
    assertFalse(src.damage().isPresent());
  }

  /**
   * A capture read from a named pipe, as {@code tcpdump -w - | vigie replay /dev/stdin} would: a
   * block skipped (here a 300 KiB custom block, more than a pipe holds at once) is read past, not
   * taken for a truncated one; a pipe that ends inside a block is damage, named.
   */
  @Test
  void aPipeIsReadThroughItsSkippedBlocks() throws Exception {
    byte[] capture =
        new CaptureFileBuilder(ByteOrder.LITTLE_ENDIAN)
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, -1, 0)
            .epb(0, 1_700_000_000_000_000L, A, 5)
            .block(0x40000bad, new byte[300 * 1024]) // custom block: skipped
            .epb(0, 1_700_000_001_000_000L, B, 3)
            .bytes();
    assertEquals(
        List.of("1 1700000000000000000 5 5 0102030405", "1 1700000001000000000 3 3 aabbcc"),
        readThroughPipe(capture, "whole"));
    byte[] cut = Arrays.copyOf(capture, capture.length - 100_000);
    assertEquals(List.of("1 1700000000000000000 5 5 0102030405"), readThroughPipe(cut, "cut"));
  }

  /** Writes {@code content} into a new named pipe from a thread; reads it with PcapFileSource. */
  private List<String> readThroughPipe(byte[] content, String name) throws Exception {
    Path fifo = dir.resolve(name + ".fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mk.waitFor() == 0, "mkfifo is needed to make a named pipe");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(content);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try (PcapFileSource src = PcapFileSource.open(fifo)) {
      List<String> got = read(src);
      if (name.equals("cut")) {
        assertTrue(
            src.damage().orElseThrow().contains("truncated block of type 1073744813"),
            src.damage().toString());
      } else {
        assertTrue(src.damage().isEmpty(), () -> src.damage().get());
      }
      writer.get(60, TimeUnit.SECONDS);
      return got;
    }
  }
}
