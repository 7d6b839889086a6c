package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a case bundle that a reviewer can check on another machine with
 * {@code vigie evidence verify case.zip}:
 *
 * <pre>
 * case.zip
 *  ├─ manifest.json     SHA-256 and size of every other file, the filter, the source
 *  ├─ chain.jsonl       every record of the store in id order: full content for the records of
 *  │                    the case (and all keys and checkpoints), only id/prev/hash for the others
 *  ├─ timeline.json     the case's records, time ordered
 *  ├─ timeline.csv
 *  ├─ checkpoints.json  the signed chain heads
 *  ├─ public_key.pem    the key of the last key record
 *  └─ slices/...        the pcap slices of the case's sessions
 * </pre>
 *
 * Keeping the whole chain of hashes lets the signatures be checked while records outside the
 * case stay private.
 */
public final class Exporter {
  static final String FORMAT = "vigie-evidence-bundle/1";
  private static final Set<String> INTERNAL = Set.of("checkpoint", "key", "store_opened");

  /** What went into a bundle. */
  public record Result(long records, int withContent, int timelineEntries, int slices) {}

  private Exporter() {}

  public static Result export(Path db, Path sliceDir, TimelineFilter filter, Path out, Clock clock)
      throws IOException {
    if (!Files.isRegularFile(db)) {
      throw new IOException(db + ": no such file");
    }
    Path dir = sliceDir != null ? sliceDir : StorePaths.defaults(db).sliceDir();
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".export-", ".zip.part");
    try {
      Result r = write(db, dir, filter, tmp, clock);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return r;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Result write(Path db, Path dir, TimelineFilter filter, Path tmp, Clock clock)
      throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        OutputStream os = Files.newOutputStream(tmp);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = 1");
      }
      Set<Long> included = new HashSet<>();
      Set<String> sessions = new HashSet<>();
      for (TimelineEntry e : Timeline.read(c, new TimelineFilter(filter.fromNanos(), filter.toNanos(),
          filter.window(), filter.device(), false))) {
        included.add(e.id());
        if ("session".equals(e.kind()) && e.subject() != null) {
          sessions.add(e.subject());
        }
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      List<TimelineEntry> timeline = new ArrayList<>();
      ArrayNode checkpoints = Json.MAPPER.createArrayNode();
      String publicKey = null;
      List<String> sliceFiles = new ArrayList<>();
      Set<Long> includedSlices = new HashSet<>();
      // chain.jsonl is streamed into the zip (it holds a line per record of the whole store),
      // hashed on the way for the manifest.
      zip.putNextEntry(entry("chain.jsonl"));
      MessageDigest chainSha = sha256();
      CountingDigestStream chain = new CountingDigestStream(zip, chainSha);
      long records = 0;
      int withContent = 0;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(
              "SELECT id, kind, ts, subject, fields, prev, hash FROM record ORDER BY id")) {
        while (rs.next()) {
          records++;
          long id = rs.getLong(1);
          String kind = rs.getString(2);
          String subject = rs.getString(4);
          String fields = rs.getString(5);
          JsonNode f = null;
          boolean keep = included.contains(id) || INTERNAL.contains(kind);
          if ("slice".equals(kind) && sessions.contains(subject)) {
            keep = true;
          }
          if (keep || "slice_expired".equals(kind)) {
            f = Json.readTree(fields);
          }
          if ("slice_expired".equals(kind) && includedSlices.contains(f.path("slice_id").asLong())) {
            keep = true;
          }
          ObjectNode line = Json.MAPPER.createObjectNode();
          line.put("id", id);
          if (keep) {
            withContent++;
            line.put("kind", kind);
            line.put("ts", rs.getLong(3));
            line.put("subject", subject);
            line.put("fields_json", fields);
            if (!INTERNAL.contains(kind)) {
              timeline.add(new TimelineEntry(id, rs.getLong(3), kind, subject, f, rs.getString(7)));
            }
            switch (kind) {
              case "slice" -> {
                includedSlices.add(id);
                sliceFiles.add(f.path("file").asText());
              }
              case "key" -> publicKey = f.path("public_key").asText();
              case "checkpoint" -> {
                ObjectNode cp = checkpoints.addObject();
                cp.put("id", id);
                cp.put("time", Times.iso(rs.getLong(3)));
                cp.setAll((ObjectNode) f);
              }
              default -> { }
            }
          }
          line.put("prev", rs.getString(6));
          line.put("hash", rs.getString(7));
          chain.write(Json.MAPPER.writeValueAsBytes(line));
          chain.write('\n');
        }
      }
      timeline.sort(Comparator.comparingLong(TimelineEntry::tsNanos).thenComparingLong(TimelineEntry::id));
      zip.closeEntry();
      ArrayNode listed = Json.MAPPER.createArrayNode();
      listed.addObject().put("name", "chain.jsonl").put("bytes", chain.count)
          .put("sha256", HexFormat.of().formatHex(chainSha.digest()));
      files.put("timeline.json", text(w -> Timeline.writeJson(timeline, w)));
      files.put("timeline.csv", text(w -> Timeline.writeCsv(timeline, w)));
      files.put("checkpoints.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoints));
      if (publicKey != null) {
        files.put("public_key.pem", SigningKey.pem("PUBLIC KEY", Base64.getDecoder().decode(publicKey))
            .getBytes(StandardCharsets.US_ASCII));
      }
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        put(zip, e.getKey(), e.getValue());
        listed.addObject().put("name", e.getKey()).put("bytes", e.getValue().length)
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
        listed.addObject().put("name", "slices/" + rel).put("bytes", bytes.length)
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
      manifest.set("files", listed);
      put(zip, "manifest.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      zip.finish();
      return new Result(records, withContent, timeline.size(), slices);
    } catch (SQLException e) {
      throw new IOException(db + ": cannot read the evidence store: " + e.getMessage(), e);
    }
  }

  private interface WriterJob {
    void run(Writer w) throws IOException;
  }

  private static byte[] text(WriterJob job) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Writer w = new OutputStreamWriter(b, StandardCharsets.UTF_8);
    job.run(w);
    w.flush();
    return b.toByteArray();
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
