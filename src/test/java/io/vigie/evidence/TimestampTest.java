package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.config.AnchorsConfig;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.TimestampingConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints time-stamped by a real RFC 3161 TSA (openssl ts -reply on loopback): tokens are kept
 * in the chain, exported beside the bytes they stamp, checked by verify and by openssl itself; a
 * TSA that is down or hangs never stops the evidence; a backdated chain shows.
 */
class TimestampTest {
  @TempDir Path dir;

  private TestTsa tsa;
  private Path db;
  private Path anchors;
  private final Recorder rec = new Recorder();

  /** Counts what the stamper reports, on top of the usual recorder. */
  static final class Recorder extends TestStores.Recorder {
    final AtomicLong stamped = new AtomicLong();
    final AtomicLong tsaFailed = new AtomicLong();
    final AtomicLong gap = new AtomicLong(-1);

    @Override
    public void timestamped(long checkpointId) {
      stamped.incrementAndGet();
    }

    @Override
    public void timestampFailed() {
      tsaFailed.incrementAndGet();
    }

    @Override
    public void timestampGap(long checkpoints) {
      gap.set(checkpoints);
    }
  }

  @BeforeEach
  void tsa() throws Exception {
    assumeTrue(TestTsa.available(), "openssl is not installed: no test TSA");
    tsa = TestTsa.start(dir.resolve("tsa"));
    db = dir.resolve("store").resolve("e.db");
    anchors = dir.resolve("elsewhere").resolve("anchors.log");
  }

  @AfterEach
  void stop() {
    if (tsa != null) {
      tsa.close();
    }
  }

  private EvidenceConfig cfg(TimestampingConfig ts) {
    return TestStores.cfg(10).withAnchoring(ts, new AnchorsConfig(anchors.toString()));
  }

  private void fill(EvidenceStore store, int n) {
    for (int i = 0; i < n; i++) {
      store.append(TestStores.session(i, "cam-" + i, "W-1"));
    }
  }

  @Test
  void everyCheckpointIsStampedAndTheTokensVerifyWithVigieAndOpenssl() throws Exception {
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg(tsa.config(3)), Clock.systemUTC(), rec, rec)) {
      fill(store, 25);
      assertTrue(store.awaitTimestamps(Duration.ofSeconds(60)), "the TSA answers");
    }
    assertTrue(rec.stamped.get() >= 3, "checkpoints stamped: " + rec.stamped);
    assertEquals(0, rec.tsaFailed.get());
    assertTrue(TestStores.count(db, "kind = 'timestamp'") >= 3);

    VerifyResult v =
        StoreVerifier.verify(db, new VerifyOptions(null, null, false, null, anchors, tsa.caPem));
    assertTrue(v.intact(), () -> String.valueOf(v.finding()));
    assertTrue(v.summary().contains("checkpoints stamped by [CN=vigie test TSA]"), v.summary());
    assertTrue(v.summary().contains("(TSA chains to --tsa-ca)"), v.summary());

    // The bundle carries each token beside the exact bytes it stamps; openssl checks them alone.
    Path zip = dir.resolve("case.zip");
    Exporter.export(
        db,
        null,
        new TimelineFilter(null, null, "W-1", null, false),
        zip,
        Clock.systemUTC(),
        dir.resolve("store/e.db.key"),
        dir.resolve("store/e.db.pub"),
        tsa.config(0));
    Path out = Files.createDirectories(dir.resolve("unzipped"));
    int tokens = 0;
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        Path p = out.resolve(e.getName());
        Files.createDirectories(p.getParent());
        Files.write(p, z.getInputStream(e).readAllBytes());
        if (e.getName().endsWith(".tst") && e.getName().startsWith("timestamps/")) {
          tokens++;
          String statement = e.getName().replaceAll("\\.\\d+\\.tst$", ".statement");
          assertNotNull(z.getEntry(statement), statement);
        }
      }
    }
    assertTrue(tokens >= 3, "tokens in the bundle: " + tokens);
    try (var files = Files.list(out.resolve("timestamps"))) {
      for (Path t : files.filter(p -> p.toString().endsWith(".tst")).toList()) {
        Path statement = Path.of(t.toString().replaceAll("\\.\\d+\\.tst$", ".statement"));
        String said =
            TestTsa.openssl(
                out,
                "ts",
                "-verify",
                "-data",
                statement.toString(),
                "-in",
                t.toString(),
                "-token_in",
                "-CAfile",
                tsa.caPem.toString());
        assertTrue(said.contains("Verification: OK"), said);
      }
    }
    String said =
        TestTsa.openssl(
            out,
            "ts",
            "-verify",
            "-data",
            "manifest.json",
            "-in",
            "manifest.tst",
            "-token_in",
            "-CAfile",
            tsa.caPem.toString());
    assertTrue(said.contains("Verification: OK"), said);
    VerifyResult b =
        BundleVerifier.verify(zip, new VerifyOptions(null, null, false, null, anchors, tsa.caPem));
    assertTrue(b.intact(), () -> String.valueOf(b.finding()));
    assertTrue(b.summary().contains("manifest time-stamped at "), b.summary());
  }

  @Test
  void anUnreachableTsaIsRetriedCountedAndShownButTheCheckpointIsSigned() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    TimestampingConfig down =
        new TimestampingConfig(
            List.of("http://127.0.0.1:" + port + "/tsr"), tsa.caPem.toString(), null, 1, 2);
    try (EvidenceStore store = EvidenceStore.open(db, cfg(down), Clock.systemUTC(), rec, rec)) {
      fill(store, 12);
      store.flush();
      assertFalse(rec.checkpoints.isEmpty(), "checkpoints are signed while the TSA is down");
      store.awaitTimestamps(Duration.ofSeconds(60));
    }
    assertTrue(rec.tsaFailed.get() >= 2, "each request is tried again: " + rec.tsaFailed);
    assertTrue(rec.gap.get() >= 1, "the gap is reported: " + rec.gap);
    assertEquals(0, TestStores.count(db, "kind = 'timestamp'"));
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(v.intact(), () -> String.valueOf(v.finding()));
    assertTrue(
        v.summary().contains("time-stamps: none; no TSA token dates this chain"), v.summary());
  }

  @Test
  void aHangingTsaNeverHoldsUpTheEvidenceWriter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    tsa.hold.set(release);
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg(tsa.config(0)), Clock.systemUTC(), rec, rec)) {
      for (int round = 0; round < 3; round++) {
        fill(store, 12);
        store.flush();
      }
      long head = store.flush();
      // Everything is committed and signed while the TSA still sits on the first request.
      assertTrue(head >= 35, "committed head " + head);
      assertTrue(rec.checkpoints.size() >= 3, "checkpoints " + rec.checkpoints.size());
      assertEquals(0, rec.stamped.get(), "the TSA has not answered yet");
      release.countDown();
      assertTrue(store.awaitTimestamps(Duration.ofSeconds(60)));
    }
    assertTrue(rec.stamped.get() >= 1);
  }

  @Test
  void aBackdatedChainCannotGetTokensDatedBeforeTheRewrite() throws Exception {
    // The forger writes a chain claiming ten days ago; the TSA dates it now, and verify says so.
    Clock tenDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(10)), ZoneOffset.UTC);
    try (EvidenceStore store = EvidenceStore.open(db, cfg(tsa.config(0)), tenDaysAgo, rec, rec)) {
      fill(store, 12);
      assertTrue(store.awaitTimestamps(Duration.ofSeconds(60)));
    }
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNotNull(v.finding(), v.summary());
    assertEquals("checkpoint", v.finding().kind(), v.finding().toString());
    assertTrue(v.finding().what().contains("backdated"), v.finding().toString());
  }

  @Test
  void aTokenFromATsaOutsideTheTrustedCaIsAFinding() throws Exception {
    try (EvidenceStore store =
        EvidenceStore.open(db, cfg(tsa.config(0)), Clock.systemUTC(), rec, rec)) {
      fill(store, 12);
      assertTrue(store.awaitTimestamps(Duration.ofSeconds(60)));
    }
    TestTsa.makeCa(tsa.dir, "other", "some other CA");
    VerifyResult v =
        StoreVerifier.verify(
            db, new VerifyOptions(null, null, false, null, null, tsa.dir.resolve("other.pem")));
    assertNotNull(v.finding(), v.summary());
    assertTrue(
        v.finding().what().contains("does not chain to the trusted CA"), v.finding().toString());
  }
}
