package io.vigie.evidence;

import io.vigie.config.EvidenceConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only file where every checkpoint is published outside the store's folder, and the
 * reader of such files (or of logs holding the same records) for {@code verify --anchors} and for
 * the check the store makes when it opens.
 *
 * <pre>{@code
 * Path file = AnchorFile.resolve(db, cfg);        // refuses a file inside the store's folder
 * AnchorFile.append(file, anchor);                 // O_APPEND + fsync
 * List<Anchor> all = AnchorFile.read(file);        // lines without event=evidence_checkpoint are skipped
 * }</pre>
 */
public final class AnchorFile {
  private AnchorFile() {}

  /**
   * The anchor file of the store at {@code db}: {@code evidence.anchors.file}, or a sibling of the
   * store's folder ({@code <folder>.anchors/<db file>.anchors}).
   *
   * @throws IOException when the file would be inside the store's folder
   */
  static Path resolve(Path db, EvidenceConfig cfg) throws IOException {
    Path folder = db.toAbsolutePath().normalize().getParent();
    Path file;
    if (cfg.anchors().file() != null) {
      file = Path.of(cfg.anchors().file()).toAbsolutePath().normalize();
    } else {
      if (folder.getParent() == null) {
        throw new IOException(
            "evidence.anchors.file must be set: the store's folder "
                + folder
                + " has no parent to hold the default anchor file");
      }
      file =
          folder
              .resolveSibling(folder.getFileName() + ".anchors")
              .resolve(db.getFileName() + ".anchors");
    }
    if (inside(file, folder)) {
      throw new IOException(
          "evidence.anchors.file "
              + file
              + " is inside the store's folder "
              + folder
              + ": whoever can rewrite the store would rewrite its anchors too; put it on another disk or a"
              + " shipped log");
    }
    return file;
  }

  private static boolean inside(Path file, Path folder) throws IOException {
    if (file.startsWith(folder)) {
      return true;
    }
    // Through symbolic links too: compare the real folders where they exist.
    Path existing = file.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.exists(folder)
        && existing.toRealPath().startsWith(folder.toRealPath());
  }

  /** Appends one anchor line and forces it to disk. */
  static void append(Path file, Anchor a) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap((a.line() + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    }
  }

  /**
   * Reads every anchor of {@code file}, in order. Lines that are not checkpoint records are skipped
   * (the file may be a whole log); a checkpoint record that cannot be read is an error naming its
   * line.
   */
  public static List<Anchor> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such anchor file");
    }
    List<Anchor> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        int at = line.indexOf(Anchor.EVENT);
        if (at < 0) {
          continue;
        }
        String where = file + ":" + n;
        Map<String, String> kv =
            pairs(
                line.substring(
                    line.lastIndexOf("time=", at) < 0 ? at : line.lastIndexOf("time=", at)),
                where);
        try {
          out.add(
              new Anchor(
                  where,
                  Instant.parse(need(kv, "time", where)),
                  need(kv, "db", where),
                  Long.parseLong(need(kv, "checkpoint_id", where)),
                  hash(kv, "checkpoint_hash", where),
                  Long.parseLong(need(kv, "head_id", where)),
                  hash(kv, "head_hash", where),
                  hash(kv, "key", where)));
        } catch (NumberFormatException | DateTimeParseException e) {
          throw new IOException(where + ": bad anchor record: " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** The last anchor of the file, or null when it does not exist or holds none. */
  static Anchor last(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    List<Anchor> all = read(file);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private static String need(Map<String, String> kv, String key, String where) throws IOException {
    String v = kv.get(key);
    if (v == null || v.isEmpty()) {
      throw new IOException(where + ": anchor record without " + key);
    }
    return v;
  }

  private static String hash(Map<String, String> kv, String key, String where) throws IOException {
    String v = need(kv, key, where);
    if (!v.matches("[0-9a-f]{64}")) {
      throw new IOException(where + ": anchor record's " + key + " is not a SHA-256 in hex");
    }
    return v;
  }

  /** key=value pairs separated by spaces; a value may be "quoted" with \" and \\ escapes. */
  private static Map<String, String> pairs(String s, String where) throws IOException {
    Map<String, String> kv = new HashMap<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = s.substring(i, eq);
      StringBuilder v = new StringBuilder();
      i = eq + 1;
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          v.append(c);
        }
        if (i >= s.length()) {
          throw new IOException(where + ": unterminated quoted value of " + key);
        }
        i++;
      } else {
        // A bare value never holds a quote: one ends the record embedded in a log line's msg="...".
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '"') {
          v.append(s.charAt(i++));
        }
        if (i < s.length() && s.charAt(i) == '"') {
          kv.putIfAbsent(key, v.toString());
          break;
        }
      }
      kv.putIfAbsent(key, v.toString());
    }
    return kv;
  }
}
