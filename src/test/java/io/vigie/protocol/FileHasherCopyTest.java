package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The copy FileHasher hands to a FileSink is exactly what it hashed, and nothing when it is not the
 * file.
 */
class FileHasherCopyTest {
  /**
   * Keeps copies in memory, with how each ended; refuses to grow past a cap, as the store's sink
   * does.
   */
  static final class MemorySink implements FileSink {
    final long cap;
    final List<String> events = new ArrayList<>();
    final List<byte[]> finished = new ArrayList<>();
    int opened;

    MemorySink(long cap) {
      this.cap = cap;
    }

    @Override
    public Writer open() {
      opened++;
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      return new Writer() {
        @Override
        public boolean write(byte[] b, int off, int len) {
          if (buf.size() + len > cap) {
            events.add("capped");
            return false;
          }
          buf.write(b, off, len);
          return true;
        }

        @Override
        public void finish(String sha256) {
          events.add("finish " + sha256);
          finished.add(buf.toByteArray());
        }

        @Override
        public void abort() {
          events.add("abort");
        }
      };
    }
  }

  private static byte[] file(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static void feed(FileHasher h, byte[] b, int chunk) {
    for (int off = 0; off < b.length; off += chunk) {
      h.update(b, off, Math.min(chunk, b.length - off));
    }
  }

  @Test
  void theCopyIsTheHashedBytesAndFinishesUnderTheirDigest() throws Exception {
    MemorySink sink = new MemorySink(Long.MAX_VALUE);
    FileHasher h = new FileHasher(sink);
    byte[] f = file(100_003);
    feed(h, f, 1448);
    SessionAttrs a = new SessionAttrs();
    assertTrue(h.finishInto(a, true));
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f));
    assertEquals(expected, a.fileSha256);
    assertEquals(List.of("finish " + expected), sink.events);
    assertArrayEquals(f, sink.finished.get(0));
    h.close();
    assertEquals(1, sink.events.size(), "a finished copy is not aborted afterwards");
  }

  @Test
  void aGapAbortsTheCopy() {
    MemorySink sink = new MemorySink(Long.MAX_VALUE);
    FileHasher h = new FileHasher(sink);
    byte[] f = file(10_000);
    h.update(f, 0, 4000);
    h.gap();
    h.update(f, 6000, 4000);
    SessionAttrs a = new SessionAttrs();
    assertEquals(false, h.finishInto(a, false));
    assertNull(a.fileSha256);
    assertEquals(List.of("abort"), sink.events);
    assertTrue(sink.finished.isEmpty());
  }

  @Test
  void aCappedCopyIsDroppedButTheHashIsStillReported() {
    MemorySink sink = new MemorySink(5000);
    FileHasher h = new FileHasher(sink);
    feed(h, file(20_000), 1000);
    SessionAttrs a = new SessionAttrs();
    assertTrue(h.finishInto(a, false));
    assertEquals(20_000, a.fileSize);
    assertEquals(
        List.of("capped"), sink.events, "the writer gave up once and was not called again");
    assertTrue(sink.finished.isEmpty());
  }

  @Test
  void aFileNeverFinishedIsDiscardedAndResetStartsANewCopy() {
    MemorySink sink = new MemorySink(Long.MAX_VALUE);
    FileHasher h = new FileHasher(sink);
    h.update(file(100), 0, 100);
    h.reset();
    h.update(file(50), 0, 50);
    h.close();
    assertEquals(List.of("abort", "abort"), sink.events);
    assertEquals(2, sink.opened);
  }

  @Test
  void noneOpensNothing() {
    FileHasher h = new FileHasher(FileSink.NONE);
    feed(h, file(3000), 700);
    assertTrue(h.finishInto(new SessionAttrs(), true));
    assertNull(FileSink.NONE.open());
  }
}
