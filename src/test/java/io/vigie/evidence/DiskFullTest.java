package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.capture.LinkType;
import io.vigie.config.EvidenceConfig;
import io.vigie.facts.EvidenceRecord;
import io.vigie.flow.PacketRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a 2 MiB tmpfs that fills up: clear, counted errors and notices; nothing committed is
 * lost, the database stays sound, and writing resumes once there is room.
 */
@Tag("system")
class DiskFullTest {
  @TempDir Path tmp;

  @Test
  void aFullDiskIsCountedNoticedAndLosesNothing() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt.toString())
            .redirectErrorStream(true)
            .start();
    String why = new String(mount.getInputStream().readAllBytes());
    Assumptions.assumeTrue(
        mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why.strip());
    try {
      run(mnt);
    } finally {
      new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
    }
  }

  private void run(Path mnt) throws Exception {
    Path db = mnt.resolve("e.db");
    Path filler = mnt.resolve("filler");
    TestStores.Recorder rec = new TestStores.Recorder();
    EvidenceConfig cfg =
        new EvidenceConfig(null, null, null, 100_000, 3600, 64, 100_000, 256L << 10, null, null);
    long committedBefore;
    long appended = 0;
    try (EvidenceStore store = EvidenceStore.open(db, cfg, Clock.systemUTC(), rec, rec)) {
      for (; appended < 200; appended++) {
        store.append(record(appended));
      }
      committedBefore = store.flush();
      assertEquals(0, rec.writeFailed.get());
      fill(filler);

      // Records: the commit fails, is counted and noticed, and is retried.
      for (int round = 0; round < 200 && rec.writeFailed.get() == 0; round++) {
        for (int i = 0; i < 50; i++, appended++) {
          store.append(record(appended));
        }
        store.flush();
      }
      assertTrue(rec.writeFailed.get() > 0, "the full disk was noticed by the writer");
      assertTrue(rec.noticed("evidence_write_failed"), "a notice says so: " + rec.notices);

      // Slices: the write fails, the partial file goes, the error is counted and noticed.
      PacketRecorder.Recording r =
          store.recorder().begin("1:full=", TestStores.T0, LinkType.ETHERNET);
      if (r != null) {
        byte[] frame = new byte[1500];
        for (int p = 0;
            p < 1000 && !rec.sliceErrors.contains(EvidenceMetrics.SliceError.WRITE_FAILED);
            p++) {
          r.packet(TestStores.T0 + p, frame, 0, frame.length, frame.length);
        }
        r.finish(null);
      }
      assertTrue(
          rec.sliceErrors.contains(EvidenceMetrics.SliceError.WRITE_FAILED),
          "slice error: " + rec.sliceErrors);
      assertTrue(rec.noticed("evidence_slice_failed"), "a notice says so: " + rec.notices);
      assertNull(
          store.recorder().begin("1:next=", TestStores.T0, LinkType.ETHERNET),
          "slices stop while the disk is full");
      assertTrue(rec.sliceErrors.contains(EvidenceMetrics.SliceError.DISK_FULL));

      // Meanwhile what was committed is intact, read by another connection.
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
          rs.next();
          assertEquals("ok", rs.getString(1));
        }
        try (ResultSet rs = st.executeQuery("SELECT max(id) FROM record")) {
          rs.next();
          assertTrue(rs.getLong(1) >= committedBefore);
        }
      }

      // Room again: the kept records are committed, nothing appended was dropped.
      Files.delete(filler);
      store.flush();
      store.append(record(appended++));
      store.flush();
    }
    assertEquals(0, rec.dropped.get(), "no record given up");
    assertEquals(
        appended, TestStores.count(db, "kind = 'test'"), "every appended record is stored");
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNull(v.finding(), () -> String.valueOf(v.finding()));
    assertNotNull(v.summary());
  }

  private static EvidenceRecord record(long seq) {
    return new EvidenceRecord(
        "test", TestStores.T0 + seq, "disk", Map.of("seq", seq, "pad", "z".repeat(1500)));
  }

  /** Fills the file system to the last byte. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // ENOSPC: the file system is full, as wanted.
    }
  }
}
