package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.EvidenceConfig;
import io.vigie.protocol.FileSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's image sink: a copy named by its hash, recorded once, dropped when over the cap. */
class ImageSinkTest {
  @TempDir Path dir;

  private static EvidenceConfig cfg(Boolean keep, Long max) {
    return new EvidenceConfig(null, null, null, 1000, 3600, 64, 1024, null, null, null, keep, max);
  }

  private List<Path> files(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  @Test
  void keptOnceUnderItsHashRecordedAndVerified() throws Exception {
    Path db = dir.resolve("e.db");
    byte[] img = "firmware 1.2.3\n".repeat(1000).getBytes();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(img));
    try (EvidenceStore store =
        EvidenceStore.open(
            db, cfg(true, 1L << 20), Clock.systemUTC(), n -> {}, EvidenceMetrics.NONE)) {
      for (int twice = 0; twice < 2; twice++) {
        FileSink.Writer w = store.images().open();
        for (int off = 0; off < img.length; off += 1000) {
          assertTrue(w.write(img, off, Math.min(1000, img.length - off)));
        }
        w.finish(sha);
      }
      assertEquals(0, store.imageCopiesAborted());
    }
    Path images = dir.resolve("e.db.images");
    assertEquals(List.of(images.resolve(sha + ".bin")), files(images));
    assertArrayEquals(img, Files.readAllBytes(images.resolve(sha + ".bin")));
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM record WHERE kind = 'image_copy'")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1), "the same image seen twice is recorded once");
    }
    VerifyResult ok = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(ok.intact(), String.valueOf(ok.finding()));
  }

  @Test
  void overTheCapOrAbortedNothingStays() throws Exception {
    Path db = dir.resolve("c.db");
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg(true, 100L), Clock.systemUTC(), n -> {}, EvidenceMetrics.NONE)) {
      FileSink.Writer w = store.images().open();
      assertTrue(w.write(new byte[60], 0, 60));
      assertFalse(w.write(new byte[60], 0, 60), "the 101st byte is over image_max_bytes");
      FileSink.Writer g = store.images().open();
      assertTrue(g.write(new byte[10], 0, 10));
      g.abort();
      assertEquals(2, store.imageCopiesAborted());
    }
    assertEquals(List.of(), files(dir.resolve("c.db.images")), "no partial copy left behind");
  }

  @Test
  void offByDefault() throws Exception {
    try (EvidenceStore store =
        EvidenceStore.open(
            dir.resolve("n.db"),
            cfg(null, null),
            Clock.systemUTC(),
            n -> {},
            EvidenceMetrics.NONE)) {
      assertSame(FileSink.NONE, store.images());
    }
    assertFalse(Files.exists(dir.resolve("n.db.images")));
    assertEquals(64L << 20, cfg(null, null).imageMaxBytes());
  }
}
