package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.capture.LinkType;
import io.vigie.flow.PacketRecorder;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with write access to the files (triggers dropped, SQL or a hex editor at hand) edits,
 * deletes, inserts, truncates or swaps; verify must catch each and name the record.
 */
class TamperTest {
  @TempDir Path dir;

  private Path db;
  private TestStores.Recorder rec;
  private final Clock clock = Clock.fixed(Instant.parse("2025-11-23T02:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void makeStore() throws Exception {
    db = dir.resolve("case.db");
    rec = new TestStores.Recorder();
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(20), clock, rec, rec)) {
      for (int i = 0; i < 60; i++) {
        store.append(TestStores.session(i, i == 30 ? "victim-camera" : "cam-" + i, "W-1"));
        if (i % 25 == 24) {
          store.flush();
        }
      }
      for (int s = 0; s < 2; s++) {
        PacketRecorder.Recording r =
            store.recorder().begin("1:sess" + s + "=", TestStores.T0 + s, LinkType.ETHERNET);
        byte[] frame = new byte[60 + s];
        frame[12] = 0x08;
        for (int p = 0; p < 3 + s; p++) {
          r.packet(TestStores.T0 + s + p, frame, 0, frame.length, frame.length);
        }
        r.finish(null);
      }
    }
    VerifyResult ok = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertTrue(ok.intact(), () -> "fresh store: " + ok.finding());
  }

  private Finding verify() throws Exception {
    VerifyResult r = StoreVerifier.verify(db, VerifyOptions.DEFAULT);
    assertNotNull(r.finding(), "verify must find the tampering; it said: " + r.summary());
    return r.finding();
  }

  private long idOf(String where) throws Exception {
    return query("SELECT min(id) FROM record WHERE " + where);
  }

  private long lastIdOf(String where) throws Exception {
    return query("SELECT max(id) FROM record WHERE " + where);
  }

  private long query(String sql) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aByteChangedInTheFileIsNamed() throws Exception {
    long victim = idOf("json_extract(fields, '$.resp_name') = 'victim-camera'");
    byte[] file = Files.readAllBytes(db);
    byte[] needle = "victim-camera".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(file, needle);
    assertTrue(at > 0, "the row's text is in the file");
    try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) {
      raf.seek(at);
      raf.write('V'); // one byte, no SQL, no trigger involved
    }
    Finding f = verify();
    assertEquals(victim, f.id(), f.toString());
    assertTrue(f.what().contains("content does not match its hash"), f.toString());
    assertTrue(f.toString().contains("2025-11-23T01:00:30Z, session"), f.toString());
  }

  @Test
  void anEditedRowIsNamed() throws Exception {
    long victim = idOf("kind = 'session'") + 7;
    TestStores.dropTriggers(db);
    TestStores.sql(
        db,
        "UPDATE record SET fields = replace(fields, 'outside_window', 'authorised') WHERE id = "
            + victim);
    Finding f = verify();
    assertEquals(victim, f.id(), f.toString());
    assertTrue(f.what().contains("edited"), f.toString());
  }

  @Test
  void anEditedAndRehashedRowIsCaughtByTheCheckpointSignature() throws Exception {
    long victim = idOf("kind = 'session'") + 7;
    TestStores.dropTriggers(db);
    TestStores.sql(
        db,
        "UPDATE record SET fields = replace(fields, 'outside_window', 'authorised') WHERE id = "
            + victim);
    TestStores.rechain(db, victim);
    Finding f = verify();
    assertEquals("checkpoint", f.kind(), f.toString());
    assertTrue(f.id() > victim, f.toString());
    long previousCheckpoint = lastIdOf("kind = 'checkpoint' AND id < " + victim + "");
    assertTrue(f.what().contains("between " + (previousCheckpoint + 1) + " and"), f.toString());
    assertTrue(f.what().contains("re-hashed"), f.toString());
  }

  @Test
  void aForgedCheckpointSignatureFails() throws Exception {
    long cp = idOf("kind = 'checkpoint' AND id > 10");
    TestStores.dropTriggers(db);
    // Replace the signature by one of another checkpoint: valid base64, wrong message.
    TestStores.sql(
        db,
        "UPDATE record SET fields = json_set(fields, '$.signature', "
            + "(SELECT json_extract(fields, '$.signature') FROM record WHERE kind = 'checkpoint' AND id < "
            + cp
            + " ORDER BY id LIMIT 1)) WHERE id = "
            + cp);
    TestStores.rechain(db, cp);
    Finding f = verify();
    assertEquals(cp, f.id(), f.toString());
    assertTrue(f.what().contains("signature does not verify"), f.toString());
  }

  @Test
  void aDeletedRowIsNamed() throws Exception {
    long victim = idOf("kind = 'session'") + 12;
    TestStores.dropTriggers(db);
    TestStores.sql(db, "DELETE FROM record WHERE id = " + victim);
    Finding f = verify();
    assertEquals(victim, f.id(), f.toString());
    assertTrue(
        f.what()
            .matches(
                "record missing: ids jump from "
                    + (victim - 1)
                    + " \\(2025-11-23T01:00:\\d\\dZ\\) to "
                    + (victim + 1)
                    + " \\(2025-11-23T01:00:\\d\\dZ\\) \\(deleted row\\)"),
        f.toString());
  }

  @Test
  void deletingTheLastRowsLeavesAnUnsignedTail() throws Exception {
    long last = lastIdOf("1");
    TestStores.dropTriggers(db);
    TestStores.sql(db, "DELETE FROM record WHERE id = " + last); // the closing checkpoint
    Finding f = verify();
    assertTrue(f.what().contains("after the last signed checkpoint"), f.toString());
  }

  @Test
  void anInsertedRowIsNamed() throws Exception {
    TestStores.dropTriggers(db);
    // Before the first record...
    TestStores.sql(
        db,
        "INSERT INTO record (id, kind, ts, subject, fields, prev, hash) VALUES "
            + "(0, 'window_event', 1, 'W-1', '{\"action\":\"approved\"}', '"
            + ChainHash.GENESIS
            + "', 'ab')");
    Finding f = verify();
    assertEquals(0, f.id(), f.toString());
    assertTrue(f.what().contains("inserted"), f.toString());
  }

  @Test
  void aWellChainedRowAppendedWithoutTheKeyIsCaught() throws Exception {
    long last = lastIdOf("1");
    TestStores.dropTriggers(db);
    TestStores.sql(
        db,
        "INSERT INTO record (id, kind, ts, subject, fields, prev, hash) VALUES ("
            + (last + 1)
            + ", 'window_event', "
            + TestStores.T0
            + ", 'W-1', '{\"action\":\"approved\",\"by\":\"mairie\"}', 'x', 'x')");
    TestStores.rechain(db, last + 1); // the attacker chains it correctly, but cannot sign
    Finding f = verify();
    assertEquals(last + 1, f.id(), f.toString());
    assertTrue(f.what().contains("after the last signed checkpoint"), f.toString());
  }

  @Test
  void aSecondKeyAppendedByAnAttackerIsNamed() throws Exception {
    // Someone with the file appends a key of their own, to sign forged records after it.
    java.security.KeyPair mine =
        java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pub = java.util.Base64.getEncoder().encodeToString(mine.getPublic().getEncoded());
    String fp = SigningKey.fingerprint(mine.getPublic());
    long last = lastIdOf("1");
    TestStores.dropTriggers(db);
    TestStores.sql(
        db,
        "INSERT INTO record (id, kind, ts, subject, fields, prev, hash) VALUES ("
            + (last + 1)
            + ", 'key', "
            + TestStores.T0
            + ", 'key', '{\"fingerprint\":\""
            + fp
            + "\",\"public_key\":\""
            + pub
            + "\"}', 'x', 'x')");
    TestStores.rechain(db, last + 1);
    Finding f = verify();
    assertEquals(last + 1, f.id(), f.toString());
    assertTrue(f.what().contains("second signing key"), f.toString());
  }

  @Test
  void contentErasedToNullIsNamed() throws Exception {
    long victim = idOf("kind = 'session'") + 3;
    TestStores.dropTriggers(db);
    // The attacker rebuilds the table without its NOT NULL constraints, then erases a row's
    // content.
    TestStores.sql(
        db,
        "CREATE TABLE loose AS SELECT * FROM record",
        "DROP TABLE record",
        "ALTER TABLE loose RENAME TO record",
        "UPDATE record SET fields = NULL WHERE id = " + victim);
    Finding f = verify();
    assertEquals(victim, f.id(), f.toString());
    assertTrue(f.what().contains("erased"), f.toString());
  }

  @Test
  void aTruncatedFileIsReported() throws Exception {
    long size = Files.size(db);
    try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) {
      raf.setLength(size / 2);
    }
    Finding f = verify();
    assertEquals(0, f.id());
    assertTrue(f.what().contains("damaged") || f.what().contains("missing"), f.toString());
  }

  @Test
  void swappedPcapSlicesAreNamed() throws Exception {
    Path slices = dir.resolve("case.db.slices");
    List<Path> files;
    try (var w = Files.walk(slices)) {
      files = w.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(2, files.size());
    byte[] a = Files.readAllBytes(files.get(0));
    Files.write(files.get(0), Files.readAllBytes(files.get(1)));
    Files.write(files.get(1), a);
    Finding f = verify();
    assertEquals("slice", f.kind());
    assertEquals(idOf("kind = 'slice'"), f.id(), f.toString());
    assertTrue(f.what().contains("was altered"), f.toString());
  }

  @Test
  void aMissingPcapSliceIsNamed() throws Exception {
    long slice = lastIdOf("kind = 'slice'");
    String rel;
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT json_extract(fields, '$.file') FROM record WHERE id = " + slice)) {
      rs.next();
      rel = rs.getString(1);
    }
    Files.delete(dir.resolve("case.db.slices").resolve(rel));
    Finding f = verify();
    assertEquals(slice, f.id(), f.toString());
    assertTrue(f.what().contains("is missing"), f.toString());
  }

  @Test
  void aWholesaleRewriteIsCaughtWithTheKeptKeyOrAPublishedCheckpoint() throws Exception {
    Path realPub = dir.resolve("real.pub");
    Files.copy(dir.resolve("case.db.pub"), realPub);
    String published = rec.checkpoints.get(rec.checkpoints.size() - 1);
    Path anchors = AnchorFile.resolve(db, TestStores.cfg(20));
    Path keptAnchors = dir.resolve("anchors-kept-elsewhere");
    Files.copy(anchors, keptAnchors);
    // The attacker rebuilds the whole store, with a new key, minus what they want gone, and
    // removes the anchors found on the appliance.
    for (String f : List.of("case.db", "case.db.key", "case.db.pub")) {
      Files.delete(dir.resolve(f));
    }
    Files.delete(anchors);
    try (EvidenceStore store = EvidenceStore.open(db, TestStores.cfg(20), clock, rec, rec)) {
      store.append(TestStores.session(1, "cam-1", "W-1"));
    }
    assertTrue(
        StoreVerifier.verify(db, new VerifyOptions(null, null, false, dir.resolve("none")))
            .intact(),
        "without an outside reference, a rewrite is self-consistent");
    VerifyResult withKey =
        StoreVerifier.verify(
            db, new VerifyOptions(SigningKey.readPublicKey(realPub), null, false, null));
    assertTrue(
        withKey.finding().what().contains("not by the expected key"), withKey.finding().toString());
    VerifyResult withCheckpoint =
        StoreVerifier.verify(db, new VerifyOptions(null, published, false, null));
    assertTrue(
        withCheckpoint.finding().what().contains("is not in this chain"),
        withCheckpoint.finding().toString());
    VerifyResult withAnchors =
        StoreVerifier.verify(db, new VerifyOptions(null, null, false, null, keptAnchors, null));
    assertTrue(
        withAnchors.finding().what().contains("anchor " + keptAnchors + ":"),
        withAnchors.finding().toString());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
