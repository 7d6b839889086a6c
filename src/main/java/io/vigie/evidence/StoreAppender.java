package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends records to a store from outside the daemon: the reviewer's commands ({@code vigie
 * evidence timeline|export|hold}) record who read, exported or held what, in the chain they read.
 *
 * <pre>{@code
 * StoreAppender.append(db, keyFile, pubFile, List.of(record), clock);   // committed and signed
 * }</pre>
 *
 * <p>Each call is one transaction sealed by a checkpoint signed with the store's current key (so a
 * store no daemon opens again still verifies without {@code --allow-unsigned-tail}); a key that is
 * not the store's current one is refused rather than starting a second key with no hand-over. A
 * daemon running on the same store chains its next batch after these records ({@link ChainWriter}
 * reads a head another process moved).
 */
public final class StoreAppender {
  private StoreAppender() {}

  /**
   * @throws IOException the store or key cannot be read, the key is not the store's, or the commit
   *     failed: nothing was appended
   */
  public static void append(
      Path db, Path keyFile, Path pubFile, List<EvidenceRecord> records, Clock clock)
      throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    SigningKey key = SigningKey.load(keyFile, pubFile);
    String fp = SigningKey.fingerprint(key.publicKey());
    try (ChainWriter w = ChainWriter.open(db)) {
      String current = w.lastKeyFingerprint();
      if (!fp.equals(current)) {
        throw new IOException(
            keyFile
                + " ("
                + ChainVerifier.shortHash(fp)
                + ") is not the store's current key ("
                + (current == null ? "none" : ChainVerifier.shortHash(current))
                + ")");
      }
      List<ChainWriter.Row> rows = new ArrayList<>();
      records.forEach(r -> rows.add(ChainWriter.Row.of(r)));
      w.commit(rows, key, nanos(clock.instant()));
    } catch (SQLException e) {
      throw new IOException(db + ": cannot append: " + e.getMessage(), e);
    }
  }

  /**
   * A sink that has committed (and signed) each record when {@code append} returns, for the code
   * that expects the daemon's committed sink ({@link LegalHoldBook}); a failure is an {@link
   * UncheckedIOException}.
   */
  public static EvidenceSink committed(Path db, Path keyFile, Path pubFile, Clock clock) {
    return r -> {
      try {
        append(db, keyFile, pubFile, List.of(r), clock);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
