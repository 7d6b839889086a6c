package io.vigie.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies an evidence database and its pcap slices, with nothing but the files (no vigie config):
 * SQLite's own integrity check, then the chain, the signatures and every slice's hash.
 *
 * <pre>{@code
 * VerifyResult r = StoreVerifier.verify(Path.of("evidence.db"), VerifyOptions.DEFAULT);
 * if (!r.intact()) System.out.println(r.finding());
 * }</pre>
 */
public final class StoreVerifier {
  private StoreVerifier() {}

  /** The file is not an evidence store (nor a damaged one): the caller's input is wrong. */
  public static final class NotAStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    NotAStoreException(String message) {
      super(message);
    }
  }

  /** SQLite's file header: "SQLite format 3" and a NUL (https://www.sqlite.org/fileformat.html). */
  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** Whether the file starts with SQLite's header, as every evidence store does. */
  public static boolean looksLikeSqlite(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return java.util.Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
    }
  }

  /**
   * @throws NotAStoreException when {@code db} is not an evidence store (not SQLite, or without the
   *     record table)
   * @throws IOException when {@code db} does not exist or cannot be read at all
   */
  public static VerifyResult verify(Path db, VerifyOptions opt) throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    if (!looksLikeSqlite(db)) {
      throw new NotAStoreException(
          db + ": not an evidence store (.db) or case bundle (.zip): it is not a SQLite database");
    }
    Path sliceDir = opt.sliceDir() != null ? opt.sliceDir() : StorePaths.defaults(db).sliceDir();
    ChainVerifier cv = opt.chainVerifier().requireContent();
    long readable = 0;
    List<String> missingTriggers = List.of();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement st = c.createStatement()) {
      st.execute("PRAGMA query_only = 1");
      String integrity;
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check(1)")) {
        integrity = rs.next() ? rs.getString(1) : "no answer";
      } catch (SQLException e) {
        integrity = e.getMessage();
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'record'")) {
        if (!rs.next() || rs.getInt(1) == 0) {
          // Not a store at all (another program's database): bad input, not a finding that would
          // accuse someone of tampering.
          throw new NotAStoreException(
              db
                  + ": not an evidence store (a SQLite database without vigie's record table"
                  + ("ok".equals(integrity) ? "" : "; " + integrity)
                  + ")");
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT id, kind, ts, subject, fields, prev, hash FROM record ORDER BY id")) {
        while (rs.next()
            && cv.accept(
                new ChainRow(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7)))) {
          readable = rs.getLong(1);
        }
      } catch (SQLException e) {
        return damaged(db, e.getMessage(), readable);
      }
      if (!"ok".equals(integrity)) {
        return damaged(db, integrity, readable);
      }
      missingTriggers = AppendOnlyTriggers.missing(c);
    } catch (SQLException e) {
      return damaged(db, e.getMessage(), readable);
    }
    Finding f = cv.finish();
    if (f == null && !missingTriggers.isEmpty()) {
      // The chain alone cannot show a cut after a checkpoint; the dropped triggers that made the
      // cut possible can.
      f =
          cv.fail(
              new Finding(
                  0,
                  null,
                  null,
                  "the append-only triggers "
                      + String.join(", ", missingTriggers)
                      + " are missing from "
                      + db
                      + ": someone dropped them to edit or delete records (the tail may"
                      + " be cut: check with --anchors)"));
    }
    int checked = 0;
    int expired = 0;
    if (f == null) {
      for (ChainVerifier.SliceRef s : cv.slices()) {
        if (cv.expired(s.file())) {
          expired++;
          continue;
        }
        String problem = checkFile(sliceDir.resolve(s.file()), s.sha256());
        if (problem != null) {
          f =
              cv.fail(
                  new Finding(s.id(), s.ts(), "slice", "pcap slice " + s.file() + " " + problem));
          break;
        }
        checked++;
      }
    }
    int images = 0;
    if (f == null) {
      Path base = db.toAbsolutePath().getParent();
      for (ChainVerifier.ImageRef im : cv.images()) {
        if (cv.imageExpired(im.id())) {
          expired++;
          continue;
        }
        String problem = imageProblem(base, im);
        if (problem != null) {
          f =
              cv.fail(
                  new Finding(
                      im.id(), im.ts(), "image_copy", "image copy " + im.path() + " " + problem));
          break;
        }
        images++;
      }
    }
    String summary =
        cv.summary()
            + ", "
            + checked
            + " pcap slices match their hashes"
            + (expired > 0 ? " (" + expired + " expired by retention)" : "")
            + (images > 0 ? ", " + images + " image copies match their names" : "");
    return new VerifyResult(f, summary);
  }

  private static VerifyResult damaged(Path db, String why, long readable) {
    return new VerifyResult(
        new Finding(
            0,
            null,
            null,
            db
                + ": the database file is damaged ("
                + why
                + "); records readable in order up to id "
                + readable),
        "");
  }

  /** Null when the copy is where its record says, named and hashed as its SHA-256. */
  private static String imageProblem(Path base, ChainVerifier.ImageRef im) {
    Path rel = Path.of(im.path()).normalize();
    if (!im.sha256().matches("[0-9a-f]{64}")
        || rel.isAbsolute()
        || rel.startsWith("..")
        || !rel.getFileName().toString().equals(im.sha256() + ".bin")) {
      return "is not named by its SHA-256 in its record ("
          + ChainVerifier.shortHash(im.sha256())
          + ")";
    }
    return checkFile(base.resolve(rel), im.sha256());
  }

  /** Null when the file has this SHA-256, else what is wrong with it. */
  static String checkFile(Path file, String sha256) {
    if (!Files.isRegularFile(file)) {
      return "is missing";
    }
    try {
      String actual = sha256(file);
      return actual.equals(sha256)
          ? null
          : "was altered: its SHA-256 is "
              + ChainVerifier.shortHash(actual)
              + ", the record says "
              + ChainVerifier.shortHash(sha256);
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // reading is digesting
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
