package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.facts.EvidenceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key change verifies only across a hand-over that the old key signed. */
class KeyRotationTest {
  @TempDir Path dir;

  private Path db;
  private Path keptPub;
  private final Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);
  private final TestStores.Recorder rec = new TestStores.Recorder();

  @BeforeEach
  void store() throws Exception {
    db = Files.createDirectories(dir.resolve("store")).resolve("e.db");
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(10), clock, rec, rec)) {
      for (int i = 0; i < 15; i++) {
        store.append(TestStores.session(i, "cam-" + i, "W-1"));
      }
    }
    keptPub = dir.resolve("installation.pub");
    Files.copy(dir.resolve("store/e.db.pub"), keptPub);
  }

  private void moreRecords(int from) throws Exception {
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(10), clock, rec, rec)) {
      for (int i = from; i < from + 15; i++) {
        store.append(TestStores.session(i, "cam-" + i, "W-1"));
      }
    }
  }

  @Test
  void aHandOverIsFollowedWithAndWithoutTheKeptKey() throws Exception {
    String newFp =
        KeyRotation.rotate(db, dir.resolve("store/e.db.key"), dir.resolve("store/e.db.pub"), clock);
    moreRecords(100);
    VerifyResult own = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(own.intact(), () -> String.valueOf(own.finding()));
    assertTrue(own.summary().contains("1 key hand-over(s) verified"), own.summary());
    VerifyResult kept =
        StoreVerifier.verify(
            db, new VerifyOptions(SigningKey.readPublicKey(keptPub), null, false, null));
    assertTrue(kept.intact(), () -> String.valueOf(kept.finding()));
    assertTrue(
        SigningKey.fingerprint(SigningKey.readPublicKey(dir.resolve("store/e.db.pub")))
            .equals(newFp));
    // The bundle is signed by the new key, which the chain vouches for through the hand-over.
    Path zip = dir.resolve("case.zip");
    Exporter.export(db, null, new TimelineFilter(null, null, "W-1", null, false), zip, clock);
    VerifyResult b =
        BundleVerifier.verify(
            zip, new VerifyOptions(SigningKey.readPublicKey(keptPub), null, false, null));
    assertTrue(b.intact(), () -> String.valueOf(b.finding()));
  }

  @Test
  void aKeySwappedInWithoutAHandOverIsAFinding() throws Exception {
    Files.delete(dir.resolve("store/e.db.key"));
    Files.delete(dir.resolve("store/e.db.pub"));
    moreRecords(100); // the store makes a new key and announces it, with no hand-over
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNotNull(v.finding(), v.summary());
    assertTrue(
        v.finding().what().contains("with no hand-over signed by it"), v.finding().toString());
    VerifyResult kept =
        StoreVerifier.verify(
            db, new VerifyOptions(SigningKey.readPublicKey(keptPub), null, false, null));
    assertTrue(
        kept.finding().what().contains("not by the expected key"), kept.finding().toString());
  }

  @Test
  void aHandOverNotSignedByTheOldKeyIsAFinding() throws Exception {
    SigningKey forger =
        SigningKey.loadOrCreate(dir.resolve("forger.key"), dir.resolve("forger.pub"));
    String oldFp = SigningKey.fingerprint(SigningKey.readPublicKey(keptPub));
    String newFp = SigningKey.fingerprint(forger.publicKey());
    try (ChainWriter w = ChainWriter.open(db)) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("fingerprint", newFp);
      f.put("public_key", Base64.getEncoder().encodeToString(forger.publicKey().getEncoded()));
      f.put("previous_fingerprint", oldFp);
      // Signed by the forger: without the old private key, this is all they can do.
      f.put(
          "handover_signature",
          Base64.getEncoder()
              .encodeToString(
                  forger.sign(KeyRotation.handoverMessage(oldFp, newFp, w.headHash()))));
      w.commit(
          List.of(ChainWriter.Row.of(new EvidenceRecord("key", TestStores.T0, null, f))),
          forger,
          TestStores.T0);
    }
    VerifyResult v = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNotNull(v.finding(), v.summary());
    assertTrue(v.finding().what().contains("is not signed by the old key"), v.finding().toString());
  }
}
