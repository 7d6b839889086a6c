package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anchor lines are read back from the anchor file and from a log holding the same records. */
class AnchorFileTest {
  @TempDir Path dir;

  private static final String H1 = "1f".repeat(32);
  private static final String H2 = "2e".repeat(32);
  private static final String K = "3d".repeat(32);

  @Test
  void whatIsWrittenIsReadBackWithItsLine() throws Exception {
    Path f = dir.resolve("a/anchors.log");
    Anchor a =
        new Anchor(
            null,
            Instant.parse("2026-12-02T04:01:02.123Z"),
            "/var/lib/vigie dir/e.db",
            41,
            H1,
            40,
            H2,
            K);
    AnchorFile.append(f, a);
    AnchorFile.append(
        f, new Anchor(null, Instant.parse("2026-12-02T04:02:00Z"), "/e.db", 52, H2, 51, H1, K));
    List<Anchor> read = AnchorFile.read(f);
    assertEquals(2, read.size());
    assertEquals(
        "/var/lib/vigie dir/e.db", read.get(0).db(), "a path with a space is quoted and read back");
    assertEquals(41, read.get(0).checkpointId());
    assertEquals(f + ":1", read.get(0).source());
    assertEquals(52, AnchorFile.last(f).checkpointId());
  }

  @Test
  void theDaemonsLogServesAsAnAnchorFile() throws Exception {
    Path log = dir.resolve("vigie.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "ts=2026-12-02T04:43:24.220Z level=INFO thread=vigie-api logger=io.vigie.api msg=\"listening\"",
            "ts=2026-12-02T04:43:24.227Z level=INFO thread=vigie-evidence-writer logger=io.vigie.evidence "
                + "msg=\"time=2026-12-02T04:43:24.220162812Z event=evidence_checkpoint db=/var/lib/vigie/evidence.db"
                + " checkpoint_id=7 checkpoint_hash="
                + H1
                + " head_id=6 head_hash="
                + H2
                + " key="
                + K
                + "\"",
            ""));
    List<Anchor> read = AnchorFile.read(log);
    assertEquals(1, read.size());
    assertEquals(K, read.get(0).key());
    assertEquals(log + ":2", read.get(0).source());
  }

  @Test
  void aCheckpointRecordThatCannotBeReadNamesItsLine() throws Exception {
    Path f = dir.resolve("bad.log");
    Files.writeString(
        f,
        "noise\ntime=2026-12-02T04:00:00Z event=evidence_checkpoint db=x checkpoint_id=1"
            + " checkpoint_hash=abc head_id=0 head_hash="
            + H1
            + " key="
            + K
            + "\n");
    IOException e = assertThrows(IOException.class, () -> AnchorFile.read(f));
    assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    assertTrue(e.getMessage().contains("checkpoint_hash is not a SHA-256"), e.getMessage());
  }
}
