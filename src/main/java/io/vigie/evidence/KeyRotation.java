package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a store's signing key with a hand-over the old key signs, so that verify follows the
 * chain across the change (with the old key as {@code --pubkey}, or the store's first key):
 *
 * <pre>
 *  ... records ... [checkpoint, old key]  [key: new, previous_fingerprint=old,   [checkpoint, new key] ...
 *                                               handover_signature=old.sign(msg)]
 *  msg = "vigie-key-handover-v1\n" + old fingerprint + "\n" + new fingerprint + "\n" + hash of the record before
 * </pre>
 *
 * Run with the daemon stopped. The old private key is overwritten by the new one (a retired key
 * that still exists could sign a forged continuation); the old public key stays as {@code
 * <pub>.retired-<fingerprint prefix>} for reviewers.
 */
public final class KeyRotation {
  private KeyRotation() {}

  static byte[] handoverMessage(String oldFp, String newFp, String prevHash) {
    return ("vigie-key-handover-v1\n" + oldFp + "\n" + newFp + "\n" + prevHash)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * @return the new key's fingerprint
   */
  public static String rotate(Path db, Path keyFile, Path pubFile, Clock clock) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    SigningKey old = SigningKey.load(keyFile, pubFile);
    String oldFp = SigningKey.fingerprint(old.publicKey());
    Path newKey = keyFile.resolveSibling(keyFile.getFileName() + ".new");
    Path newPub = pubFile.resolveSibling(pubFile.getFileName() + ".new");
    Files.deleteIfExists(newKey);
    Files.deleteIfExists(newPub);
    try (ChainWriter w = ChainWriter.open(db)) {
      if (!oldFp.equals(w.lastKeyFingerprint())) {
        throw new IOException(
            keyFile
                + " ("
                + ChainVerifier.shortHash(oldFp)
                + ") is not the store's current key ("
                + ChainVerifier.shortHash(w.lastKeyFingerprint())
                + ")");
      }
      long now = nanos(clock.instant());
      // Seal what the old key is responsible for first.
      w.commit(List.of(), old, now);
      SigningKey next = SigningKey.loadOrCreate(newKey, newPub);
      String newFp = SigningKey.fingerprint(next.publicKey());
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("fingerprint", newFp);
      f.put("public_key", Base64.getEncoder().encodeToString(next.publicKey().getEncoded()));
      f.put("previous_fingerprint", oldFp);
      f.put(
          "handover_signature",
          Base64.getEncoder()
              .encodeToString(old.sign(handoverMessage(oldFp, newFp, w.headHash()))));
      w.commit(List.of(ChainWriter.Row.of(new EvidenceRecord("key", now, null, f))), next, now);
      Files.move(
          pubFile,
          pubFile.resolveSibling(pubFile.getFileName() + ".retired-" + oldFp.substring(0, 16)),
          StandardCopyOption.REPLACE_EXISTING);
      Files.move(newPub, pubFile, StandardCopyOption.ATOMIC_MOVE);
      Files.move(
          newKey, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return newFp;
    } catch (SQLException e) {
      throw new IOException(db + ": cannot write the hand-over: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(newKey);
      Files.deleteIfExists(newPub);
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
