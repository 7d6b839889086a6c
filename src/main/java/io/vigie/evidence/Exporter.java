package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.config.TimestampingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a case bundle that a reviewer can check on another machine with {@code vigie evidence
 * verify case.zip}:
 *
 * <pre>
 * case.zip
 *  ├─ manifest.json     SHA-256 and size of every other file, the filter, the source, the ids of
 *  │                    the records that carry content, the fingerprint of the key that signs it
 *  ├─ manifest.sig      Ed25519 signature of manifest.json's exact bytes by the store's key
 *  ├─ manifest.tst      RFC 3161 token over manifest.json (when a TSA is given)
 *  ├─ chain.jsonl       every record of the store in id order: full content for the records of
 *  │                    the case (and the store's own records), only id/prev/hash for the others
 *  ├─ timeline.json, timeline.csv, checkpoints.json, public_key.pem, timestamps/...
 *  │                    made from chain.jsonl alone ({@link BundleDerivedFiles}); verify makes
 *  │                    them again and compares
 *  └─ slices/...        the pcap slices of the case's sessions
 * </pre>
 *
 * Keeping the whole chain of hashes lets the signatures be checked while records outside the case
 * stay private.
 */
public final class Exporter {
  static final String FORMAT = "vigie-evidence-bundle/2";
  static final String LEGACY_FORMAT = "vigie-evidence-bundle/1";

  /** What went into a bundle. */
  public record Result(long records, int withContent, int timelineEntries, int slices) {}

  private Exporter() {}

  /** Signs with the store's key where it lives by default ({@code <db>.key}); no TSA. */
  public static Result export(Path db, Path sliceDir, TimelineFilter filter, Path out, Clock clock)
      throws IOException {
    StorePaths p = StorePaths.defaults(db);
    return export(db, sliceDir, filter, out, clock, p.keyFile(), p.pubFile(), null);
  }

  /**
   * @param keyFile the store's private key: the manifest is signed with it
   * @param tsa TSAs that time-stamp the manifest, or null
   */
  public static Result export(
      Path db,
      Path sliceDir,
      TimelineFilter filter,
      Path out,
      Clock clock,
      Path keyFile,
      Path pubFile,
      TimestampingConfig tsa)
      throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    SigningKey key = SigningKey.load(keyFile, pubFile);
    List<TimestampAuthority> tsas = new ArrayList<>();
    if (tsa != null) {
      List<X509Certificate> cas = TimestampTokens.readCertificates(Path.of(tsa.caFile()));
      for (String u : tsa.urls()) {
        tsas.add(
            new Rfc3161Tsa(
                URI.create(u), cas, tsa.policyOid(), Duration.ofSeconds(tsa.timeoutSeconds())));
      }
    }
    Path dir = sliceDir != null ? sliceDir : StorePaths.defaults(db).sliceDir();
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".export-", ".zip.part");
    try {
      Result r = write(db, dir, filter, tmp, clock, key, tsas);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return r;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Result write(
      Path db,
      Path dir,
      TimelineFilter filter,
      Path tmp,
      Clock clock,
      SigningKey key,
      List<TimestampAuthority> tsas)
      throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        OutputStream os = Files.newOutputStream(tmp);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = 1");
      }
      Set<Long> included = new HashSet<>();
      Set<String> sessions = new HashSet<>();
      for (TimelineEntry e :
          Timeline.read(
              c,
              new TimelineFilter(
                  filter.fromNanos(), filter.toNanos(), filter.window(), filter.device(), false))) {
        included.add(e.id());
        if ("session".equals(e.kind()) && e.subject() != null) {
          sessions.add(e.subject());
        }
      }
      BundleDerivedFiles derived = new BundleDerivedFiles();
      IdRanges contentIds = new IdRanges();
      List<String> sliceFiles = new ArrayList<>();
      Set<Long> includedSlices = new HashSet<>();
      String lastKey = null;
      // chain.jsonl is streamed into the zip (it holds a line per record of the whole store),
      // hashed on the way for the manifest.
      zip.putNextEntry(entry("chain.jsonl"));
      MessageDigest chainSha = sha256();
      CountingDigestStream chain = new CountingDigestStream(zip, chainSha);
      long records = 0;
      int withContent = 0;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT id, kind, ts, subject, fields, prev, hash FROM record ORDER BY id")) {
        while (rs.next()) {
          records++;
          long id = rs.getLong(1);
          String kind = rs.getString(2);
          String subject = rs.getString(4);
          String fields = rs.getString(5);
          JsonNode f = null;
          boolean keep = included.contains(id) || BundleDerivedFiles.INTERNAL.contains(kind);
          if ("slice".equals(kind) && sessions.contains(subject)) {
            keep = true;
          }
          if (keep || "slice_expired".equals(kind)) {
            f = Json.readTree(fields);
          }
          if ("slice_expired".equals(kind)
              && includedSlices.contains(f.path("slice_id").asLong())) {
            keep = true;
          }
          ObjectNode line = Json.MAPPER.createObjectNode();
          line.put("id", id);
          if (keep) {
            withContent++;
            contentIds.add(id);
            line.put("kind", kind);
            line.put("ts", rs.getLong(3));
            line.put("subject", subject);
            line.put("fields_json", fields);
            derived.add(
                new ChainRow(
                    id, kind, rs.getLong(3), subject, fields, rs.getString(6), rs.getString(7)));
            if ("slice".equals(kind)) {
              includedSlices.add(id);
              sliceFiles.add(f.path("file").asText());
            } else if ("key".equals(kind)) {
              lastKey = f.path("fingerprint").asText();
            }
          }
          line.put("prev", rs.getString(6));
          line.put("hash", rs.getString(7));
          chain.write(Json.MAPPER.writeValueAsBytes(line));
          chain.write('\n');
        }
      }
      zip.closeEntry();
      String fp = SigningKey.fingerprint(key.publicKey());
      if (!fp.equals(lastKey)) {
        throw new IOException(
            "the key given ("
                + ChainVerifier.shortHash(fp)
                + ") is not the store's key ("
                + ChainVerifier.shortHash(lastKey)
                + "): a bundle is signed with the key its chain announces");
      }
      ArrayNode listed = Json.MAPPER.createArrayNode();
      listed
          .addObject()
          .put("name", "chain.jsonl")
          .put("bytes", chain.count)
          .put("sha256", HexFormat.of().formatHex(chainSha.digest()));
      for (Map.Entry<String, byte[]> e : derived.files().entrySet()) {
        put(zip, e.getKey(), e.getValue());
        listed
            .addObject()
            .put("name", e.getKey())
            .put("bytes", e.getValue().length)
            .put("sha256", ChainHash.sha256Hex(e.getValue()));
      }
      int slices = 0;
      for (String rel : sliceFiles) {
        Path p = dir.resolve(rel);
        if (!Files.isRegularFile(p)) {
          continue; // expired or missing: verify of the bundle says which
        }
        byte[] bytes = Files.readAllBytes(p);
        put(zip, "slices/" + rel, bytes);
        listed
            .addObject()
            .put("name", "slices/" + rel)
            .put("bytes", bytes.length)
            .put("sha256", ChainHash.sha256Hex(bytes));
        slices++;
      }
      ObjectNode manifest = Json.MAPPER.createObjectNode();
      manifest.put("format", FORMAT);
      manifest.put("created", clock.instant().toString());
      manifest.put("source", db.getFileName().toString());
      ObjectNode fl = manifest.putObject("filter");
      fl.put("from", filter.fromNanos() == null ? null : Times.iso(filter.fromNanos()));
      fl.put("to", filter.toNanos() == null ? null : Times.iso(filter.toNanos()));
      fl.put("window", filter.window());
      fl.put("device", filter.device());
      manifest.put("records", records);
      manifest.put("records_with_content", withContent);
      // Which records carry content: stripping one down to {id, prev, hash} (to pass it off as a
      // record outside the case) then shows, since the manifest is signed.
      manifest.put("content_ids", contentIds.toString());
      manifest.put("key", fp);
      manifest.set("files", listed);
      byte[] manifestBytes =
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
      put(zip, "manifest.json", manifestBytes);
      put(
          zip,
          "manifest.sig",
          (Base64.getEncoder().encodeToString(key.sign(manifestBytes)) + "\n")
              .getBytes(StandardCharsets.US_ASCII));
      if (!tsas.isEmpty()) {
        put(zip, "manifest.tst", stampManifest(tsas, manifestBytes));
      }
      zip.finish();
      return new Result(records, withContent, derived.timelineEntries(), slices);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
  }

  /**
   * The first TSA that answers dates the manifest; export fails rather than ship a bundle that was
   * asked to be dated and is not.
   */
  private static byte[] stampManifest(List<TimestampAuthority> tsas, byte[] manifest)
      throws IOException {
    IOException last = null;
    for (TimestampAuthority tsa : tsas) {
      try {
        return tsa.stamp(manifest);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no TSA time-stamped the manifest: " + last.getMessage(), last);
  }

  private static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTime(0); // the manifest carries the creation time; entries stay reproducible
    return e;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Writes through to the zip entry (never closing it), digesting and counting. */
  private static final class CountingDigestStream extends OutputStream {
    private final OutputStream out;
    private final MessageDigest sha;
    long count;

    CountingDigestStream(OutputStream out, MessageDigest sha) {
      this.out = out;
      this.sha = sha;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sha.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha.update(b, off, len);
      count += len;
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(entry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
