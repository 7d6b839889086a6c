package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies a case bundle made by {@link Exporter}: every file against the manifest (and no file
 * that it does not list), the chain and its signatures from {@code chain.jsonl}, the pcap slices
 * against their records, and the timeline against the chain.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  public static VerifyResult verify(Path zipFile, VerifyOptions opt) throws IOException {
    try (ZipFile zip = new ZipFile(zipFile.toFile())) {
      return verify(zip, opt);
    } catch (ZipException e) {
      return problem(zipFile + " is not a readable zip bundle: " + e.getMessage());
    }
  }

  private static VerifyResult verify(ZipFile zip, VerifyOptions opt) throws IOException {
    ZipEntry m = zip.getEntry("manifest.json");
    if (m == null) {
      return problem("the bundle has no manifest.json");
    }
    JsonNode manifest;
    try (InputStream in = zip.getInputStream(m)) {
      manifest = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      return problem("manifest.json is not JSON: " + e.getMessage());
    }
    if (!Exporter.FORMAT.equals(manifest.path("format").asText())) {
      return problem("manifest.json: unknown format '" + manifest.path("format").asText() + "'");
    }
    Map<String, String> listed = new HashMap<>();
    for (JsonNode f : manifest.path("files")) {
      listed.put(f.path("name").asText(), f.path("sha256").asText());
    }
    Map<String, String> actual = new HashMap<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      ZipEntry e = en.nextElement();
      if (e.isDirectory() || e.getName().equals("manifest.json")) {
        continue;
      }
      if (!listed.containsKey(e.getName())) {
        return problem("bundle file " + e.getName() + " is not listed in the manifest (added)");
      }
      actual.put(e.getName(), sha256(zip, e));
    }
    for (Map.Entry<String, String> l : listed.entrySet()) {
      String a = actual.get(l.getKey());
      if (a == null) {
        return problem("bundle file " + l.getKey() + " listed in the manifest is missing");
      }
      if (!a.equals(l.getValue())) {
        return problem("bundle file " + l.getKey() + " was altered: its SHA-256 is "
            + ChainVerifier.shortHash(a) + ", the manifest says " + ChainVerifier.shortHash(l.getValue()));
      }
    }
    ZipEntry chainEntry = zip.getEntry("chain.jsonl");
    if (chainEntry == null) {
      return problem("the bundle has no chain.jsonl");
    }
    ChainVerifier cv = new ChainVerifier(opt.expectedKey(), opt.publishedCheckpoint(), opt.allowUnsignedTail());
    Map<Long, ChainRow> content = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(chainEntry),
        StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        ChainRow row;
        try {
          JsonNode j = Json.MAPPER.readTree(line);
          boolean full = j.has("fields_json");
          row = new ChainRow(j.path("id").asLong(), full ? j.path("kind").asText() : null,
              full ? j.path("ts").asLong() : null, full && !j.path("subject").isNull() ? j.path("subject").asText() : null,
              full ? j.path("fields_json").asText() : null, j.path("prev").asText(), j.path("hash").asText());
        } catch (IOException e) {
          return problem("chain.jsonl line " + n + " is not JSON: " + e.getMessage());
        }
        if (!cv.accept(row)) {
          break;
        }
        if (row.hasContent()) {
          content.put(row.id(), row);
        }
      }
    }
    Finding f = cv.finish();
    if (f != null) {
      return new VerifyResult(f, "");
    }
    int slices = 0;
    for (ChainVerifier.SliceRef s : cv.slices()) {
      if (cv.expired(s.file())) {
        continue;
      }
      String name = "slices/" + s.file();
      String a = actual.get(name);
      if (a == null || !a.equals(s.sha256())) {
        return new VerifyResult(new Finding(s.id(), s.ts(), "slice", "pcap slice " + name
            + (a == null ? " is missing from the bundle" : " was altered: its SHA-256 is "
            + ChainVerifier.shortHash(a) + ", the record says " + ChainVerifier.shortHash(s.sha256()))), "");
      }
      slices++;
    }
    ZipEntry tl = zip.getEntry("timeline.json");
    int entries = 0;
    if (tl != null) {
      try (InputStream in = zip.getInputStream(tl)) {
        for (JsonNode e : Json.MAPPER.readTree(in)) {
          long id = e.path("id").asLong();
          ChainRow row = content.get(id);
          if (row == null || !row.hash().equals(e.path("hash").asText())
              || !Json.readTree(row.fieldsJson()).equals(e.path("fields"))
              || row.ts() != e.path("ts_nanos").asLong()) {
            return new VerifyResult(new Finding(id, e.path("ts_nanos").asLong(), e.path("kind").asText(),
                "timeline.json entry differs from the record in the chain"), "");
          }
          entries++;
        }
      }
    }
    return new VerifyResult(null, "bundle: " + (listed.size() + 1) + " files match the manifest; chain: "
        + cv.summary() + "; " + slices + " pcap slices match their records; " + entries
        + " timeline entries match the chain");
  }

  private static VerifyResult problem(String what) {
    return new VerifyResult(new Finding(0, null, null, what), "");
  }

  private static String sha256(ZipFile zip, ZipEntry e) throws IOException {
    try (DigestInputStream in = new DigestInputStream(zip.getInputStream(e), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // reading is digesting
      }
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("the JDK has no SHA-256", ex);
    }
  }
}
