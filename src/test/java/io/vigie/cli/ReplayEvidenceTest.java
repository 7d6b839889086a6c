package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.demo.DemoCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any capture becomes a case file: replay --evidence writes a store that verifies on its own. */
class ReplayEvidenceTest {
  @TempDir Path dir;

  @Test
  void theDemoReplayedIntoAStoreVerifiesAndKeepsTheVendorSessionsSlices() throws IOException {
    Path pcap = dir.resolve("demo.pcap");
    try (OutputStream os = Files.newOutputStream(pcap)) {
      DemoCapture.write(os);
    }
    Path site = copy("site.yaml");
    Path windows = copy("windows.yaml");
    Path db = dir.resolve("case.db");
    ReplayCommandTest.Result r =
        ReplayCommandTest.run(
            "replay",
            "--json",
            "--config",
            site.toString(),
            "--windows",
            windows.toString(),
            "--evidence",
            db.toString(),
            pcap.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("vigie evidence verify"), r.err());

    ReplayCommandTest.Result v = ReplayCommandTest.run("evidence", "verify", db.toString());
    assertEquals(0, v.code(), v.out() + v.err());
    assertTrue(v.out().contains("intact"), v.out());

    ReplayCommandTest.Result t =
        ReplayCommandTest.run("evidence", "timeline", db.toString(), "--window", "W-DEMO-1");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("ssh") && t.out().contains("W-DEMO-1"), t.out());
    // The firmware images seen going to cameras in the window are kept as facts of their own.
    assertTrue(
        t.out().lines().anyMatch(l -> l.contains("firmware_image") && l.contains("cam-03")),
        t.out());
    try (Stream<Path> slices = Files.walk(dir.resolve("case.db.slices"))) {
      assertTrue(
          slices.filter(p -> p.toString().endsWith(".pcap")).count() >= 4,
          "pcap slices of the vendor sessions");
    }

    // One byte of a slice changed: verify names the slice and fails.
    try (Stream<Path> slices = Files.walk(dir.resolve("case.db.slices"))) {
      Path slice = slices.filter(p -> p.toString().endsWith(".pcap")).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(slice);
      b[b.length - 1] ^= 1;
      Files.write(slice, b);
      ReplayCommandTest.Result bad = ReplayCommandTest.run("evidence", "verify", db.toString());
      assertEquals(1, bad.code(), bad.out() + bad.err());
      assertTrue(
          (bad.out() + bad.err()).contains(slice.getFileName().toString()), bad.out() + bad.err());
    }
  }

  /**
   * --evidence hashes each capture before the replay: a named pipe would be read to its end by the
   * hash, then opened again for the replay, waiting for a writer gone (a replay that never ended).
   * It is refused before anything is read, exit 2, saying why and what to do.
   */
  @Test
  void aPipeIsRefusedWithEvidenceBeforeAnythingIsRead() throws Exception {
    Path fifo = dir.resolve("capture.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mk.waitFor() == 0, "mkfifo is needed to make a named pipe");
    Path db = dir.resolve("case.db");
    CompletableFuture<ReplayCommandTest.Result> replay =
        CompletableFuture.supplyAsync(
            () -> ReplayCommandTest.run("replay", "--evidence", db.toString(), fifo.toString()));
    ReplayCommandTest.Result r;
    try {
      r = replay.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // The replay opened the pipe and waits for a writer: give it an empty one, then fail.
      Files.newOutputStream(fifo).close();
      throw new AssertionError("replay --evidence of a pipe is still reading it", e);
    }
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(fifo + ": not a regular file (a pipe?)"), r.err());
    assertTrue(r.err().contains("copy the capture to a file"), r.err());
    assertTrue(Files.notExists(db), "nothing written");
  }

  private Path copy(String name) throws IOException {
    Path to = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/io/vigie/demo/" + name)) {
      Files.copy(in, to);
    }
    return to;
  }
}
