package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.capture.LinkType;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.RetentionConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketRecorder;
import io.vigie.protocol.FileSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, retention by law: slices and image copies go after their period (30 days by default,
 * CSI art. L252-5), except what a legal hold covers; image copies count against the store's cap.
 * Real SQLite stores reopened at later dates.
 */
class RetentionTest {
  private static final Instant T0 = Instant.ofEpochSecond(TestStores.T0 / 1_000_000_000L);

  @TempDir Path dir;

  private static EvidenceConfig cfg(Long storeMax) {
    return new EvidenceConfig(
        null, null, null, 1000, 3600, 64, 1024, null, storeMax, null, true, null, null);
  }

  private EvidenceStore open(Path db, Instant now, Long storeMax) throws Exception {
    return EvidenceStore.open(
        db,
        cfg(storeMax),
        Clock.fixed(now, ZoneOffset.UTC),
        io.vigie.notice.NoticeSink.NONE,
        EvidenceMetrics.NONE);
  }

  private static void slice(EvidenceStore store, String cid, long startNanos) {
    PacketRecorder.Recording r = store.recorder().begin(cid, startNanos, LinkType.ETHERNET);
    r.packet(startNanos, SliceRecorderTest.frame(0x02, 1, 0), 0, 54, 54);
    r.finish(null);
  }

  /** Copies {@code content} as an image seen on the wire; returns its file. */
  private static Path image(EvidenceStore store, Path db, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    FileSink.Writer w = store.images().open();
    assertTrue(w.write(b, 0, b.length));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    w.finish(sha);
    return db.resolveSibling(db.getFileName() + ".images").resolve(sha + ".bin");
  }

  private static EvidenceSink committed(EvidenceStore store) {
    return r -> {
      store.append(r);
      store.flush();
    };
  }

  @Test
  void defaultsKeepImagesOneMonth() {
    assertEquals(30, EvidenceConfig.DEFAULTS.retention().slicesDays());
    assertEquals(30, EvidenceConfig.DEFAULTS.retention().imageCopiesDays());
    assertEquals(30, EvidenceConfig.DEFAULTS.retentionDays(), "the older key follows");
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetentionConfig(30, 30, 365),
        "chained records cannot be deleted one by one");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EvidenceConfig(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                7,
                null,
                null,
                new RetentionConfig(7, null, null)),
        "one spelling at a time");
  }

  @Test
  void oldSlicesAndImageCopiesGoExceptWhatALegalHoldCovers() throws Exception {
    Path db = dir.resolve("e.db");
    Path imageA;
    Path imageB;
    long t0 = TestStores.T0;
    try (EvidenceStore store = open(db, T0, null)) {
      store.append(
          TestStores.session(0, "cam-1", "W-20251123-001")); // 1:sess0=, inside the window on hold
      store.append(TestStores.session(1, "cam-2", null)); // 1:sess1=, no window
      slice(store, "1:sess0=", t0);
      slice(store, "1:sess1=", t0);
    }
    try (EvidenceStore store = open(db, T0.plus(Duration.ofHours(1)), null)) {
      imageA = image(store, db, "firmware A"); // after the held window's sessions ended
    }
    Instant day2 = T0.plus(Duration.ofDays(2));
    try (EvidenceStore store = open(db, day2, null)) {
      imageB = image(store, db, "firmware B");
      LegalHoldBook book =
          LegalHoldBook.over(db, committed(store), Clock.fixed(day2, ZoneOffset.UTC));
      book.place(
          "PV-2025-0001",
          "W-20251123-001",
          null,
          null,
          null,
          "j.reviewer",
          "requisition of the prosecutor");
      book.place(
          "PV-2025-0002",
          null,
          null,
          day2.minusSeconds(3600),
          day2.plusSeconds(3600),
          "j.reviewer",
          "copy seen during the incident");
      assertThrows(
          IllegalStateException.class,
          () -> book.place("PV-2025-0001", null, "cam-1", null, null, "x", "y"));
      assertEquals(2, book.active().size());
    }
    Path slices = dir.resolve("e.db.slices");
    long slicesBefore;
    try (var s = Files.walk(slices)) {
      slicesBefore = s.filter(Files::isRegularFile).count();
    }
    assertEquals(2, slicesBefore);

    // 40 days later: the month has passed for everything.
    try (EvidenceStore store = open(db, T0.plus(Duration.ofDays(40)), null)) {
      store.flush();
    }
    assertEquals(1, TestStores.count(db, "kind = 'slice_expired'"), "the free slice went");
    assertEquals(
        1,
        TestStores.count(
            db,
            "kind = 'slice_expired' AND fields NOT LIKE '%'||(SELECT json_extract(fields,"
                + " '$.file') FROM record WHERE kind = 'slice' AND subject = '1:sess0=')||'%'"),
        "and not the held one");
    try (var s = Files.walk(slices)) {
      assertEquals(1, s.filter(Files::isRegularFile).count(), "the held slice is kept");
    }
    assertFalse(Files.exists(imageA), "image copy A is past its month and under no hold");
    assertTrue(Files.exists(imageB), "image copy B is under the time-range hold");
    assertEquals(1, TestStores.count(db, "kind = 'image_expired'"));
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(v.intact(), () -> String.valueOf(v.finding()));

    // The procedure ends: once released, what was held goes at the next scan.
    Instant day41 = T0.plus(Duration.ofDays(41));
    try (EvidenceStore store = open(db, day41, null)) {
      LegalHoldBook book =
          LegalHoldBook.over(db, committed(store), Clock.fixed(day41, ZoneOffset.UTC));
      book.release("PV-2025-0001", "j.reviewer", "procedure closed");
      book.release("PV-2025-0002", "j.reviewer", "procedure closed");
      assertEquals(0, book.active().size());
    }
    try (EvidenceStore store = open(db, T0.plus(Duration.ofDays(42)), null)) {
      store.flush();
    }
    try (var s = Files.walk(slices)) {
      assertEquals(0, s.filter(Files::isRegularFile).count());
    }
    assertFalse(Files.exists(imageB));
    VerifyResult after = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(after.intact(), () -> String.valueOf(after.finding()));
    assertTrue(after.summary().contains("4 expired by retention"), after.summary());
  }

  @Test
  void imageCopiesCountAgainstTheStoreCap() throws Exception {
    Path db = dir.resolve("e.db");
    try (EvidenceStore store = open(db, T0, 64L)) {
      image(store, db, "x".repeat(80)); // the first copy fills the cap
      assertNull(store.images().open(), "no room left: the next copy is refused");
      assertEquals(1, store.imageCopiesAborted());
      assertNull(
          store.recorder().begin("1:late=", TestStores.T0, LinkType.ETHERNET), "nor a slice");
    }
    try (EvidenceStore store = open(db, T0, 64L)) {
      assertNull(store.images().open(), "copies on disk count after a restart too");
    }
  }
}
