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
import java.security.PublicKey;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies a case bundle made by {@link Exporter}, in an order that names what was changed:
 *
 * <ol>
 *   <li>every file against the manifest (and no file that it does not list);
 *   <li>the chain and its signatures from {@code chain.jsonl} (and anchors, time-stamps);
 *   <li>the records that carry content against the manifest's {@code content_ids};
 *   <li>every derived file made again from the chain and compared byte for byte;
 *   <li>the pcap slices against their records;
 *   <li>the manifest's signature by the chain's key, and its time-stamp when there is one.
 * </ol>
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
    byte[] manifestBytes;
    JsonNode manifest;
    try (InputStream in = zip.getInputStream(m)) {
      manifestBytes = in.readAllBytes();
      manifest = Json.MAPPER.readTree(manifestBytes);
    } catch (IOException e) {
      return problem("manifest.json is not JSON: " + e.getMessage());
    }
    String format = manifest.path("format").asText();
    if (Exporter.LEGACY_FORMAT.equals(format)) {
      return problem(
          "manifest.json: format "
              + format
              + " has an unsigned manifest, whose files can be"
              + " reworded and the manifest recomputed; export the case again with this vigie");
    }
    if (!Exporter.FORMAT.equals(format)) {
      return problem("manifest.json: unknown format '" + format + "'");
    }
    Map<String, String> listed = new HashMap<>();
    for (JsonNode f : manifest.path("files")) {
      listed.put(f.path("name").asText(), f.path("sha256").asText());
    }
    Map<String, String> actual = new HashMap<>();
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      ZipEntry e = en.nextElement();
      if (e.isDirectory() || isManifestFile(e.getName())) {
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
        return problem(
            "bundle file "
                + l.getKey()
                + " was altered: its SHA-256 is "
                + ChainVerifier.shortHash(a)
                + ", the manifest says "
                + ChainVerifier.shortHash(l.getValue()));
      }
    }
    ZipEntry chainEntry = zip.getEntry("chain.jsonl");
    if (chainEntry == null) {
      return problem("the bundle has no chain.jsonl");
    }
    IdRanges contentIds;
    try {
      contentIds = IdRanges.parse(manifest.path("content_ids").asText(null));
    } catch (IllegalArgumentException e) {
      return problem("manifest.json: content_ids cannot be read: " + e.getMessage());
    }
    ChainVerifier cv = opt.chainVerifier();
    BundleDerivedFiles derived = new BundleDerivedFiles();
    Finding stripped = null;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(zip.getInputStream(chainEntry), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        ChainRow row;
        try {
          JsonNode j = Json.MAPPER.readTree(line);
          boolean full = j.has("fields_json");
          row =
              new ChainRow(
                  j.path("id").asLong(),
                  full ? j.path("kind").asText() : null,
                  full ? j.path("ts").asLong() : null,
                  full && !j.path("subject").isNull() ? j.path("subject").asText() : null,
                  full ? j.path("fields_json").asText() : null,
                  j.path("prev").asText(),
                  j.path("hash").asText());
        } catch (IOException e) {
          return problem("chain.jsonl line " + n + " is not JSON: " + e.getMessage());
        }
        if (!cv.accept(row)) {
          break;
        }
        if (stripped == null && row.hasContent() != contentIds.contains(row.id())) {
          stripped =
              new Finding(
                  row.id(),
                  row.ts(),
                  row.kind(),
                  row.hasContent()
                      ? "carries content in chain.jsonl that the signed manifest does not list (content_ids): added"
                      : "its content was stripped from chain.jsonl down to {id, prev, hash}: the signed manifest"
                          + " lists it as carrying content (content_ids)");
        }
        if (row.hasContent()) {
          derived.add(row);
        }
      }
    }
    Finding f = cv.finish();
    if (f != null) {
      return new VerifyResult(f, "");
    }
    if (stripped != null) {
      return new VerifyResult(stripped, "");
    }
    Map<String, byte[]> expected = derived.files();
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      ZipEntry z = zip.getEntry(e.getKey());
      if (z == null) {
        return problem(
            e.getKey()
                + " is missing from the bundle: every bundle carries it, made from the chain");
      }
      byte[] got;
      try (InputStream in = zip.getInputStream(z)) {
        got = in.readAllBytes();
      }
      String diff = Differences.first(e.getValue(), got);
      if (diff != null) {
        return problem(
            e.getKey()
                + " differs from what chain.jsonl gives ("
                + diff
                + "): it was reworded or"
                + " replaced");
      }
    }
    for (String name : actual.keySet()) {
      if (BundleDerivedFiles.isDerived(name) && !expected.containsKey(name)) {
        return problem(name + " is not made from this chain: it was added");
      }
    }
    int slices = 0;
    for (ChainVerifier.SliceRef s : cv.slices()) {
      if (cv.expired(s.file())) {
        continue;
      }
      String name = "slices/" + s.file();
      String a = actual.get(name);
      if (a == null || !a.equals(s.sha256())) {
        return new VerifyResult(
            new Finding(
                s.id(),
                s.ts(),
                "slice",
                "pcap slice "
                    + name
                    + (a == null
                        ? " is missing from the bundle"
                        : " was altered: its SHA-256 is "
                            + ChainVerifier.shortHash(a)
                            + ", the record says "
                            + ChainVerifier.shortHash(s.sha256()))),
            "");
      }
      slices++;
    }
    String keyFp = manifest.path("key").asText();
    PublicKey key = cv.trustedKey(keyFp);
    if (key == null) {
      return problem(
          "manifest.json is signed by key "
              + ChainVerifier.shortHash(keyFp)
              + ", which "
              + "is not the key that signs at the end of the chain ("
              + (opt.expectedKey() != null
                  ? "the key given with --pubkey, or one it handed over to"
                  : "its first key, or one it handed over to")
              + ")");
    }
    ZipEntry sigEntry = zip.getEntry("manifest.sig");
    byte[] sig = new byte[0];
    if (sigEntry != null) {
      try (InputStream in = zip.getInputStream(sigEntry)) {
        sig =
            Base64.getDecoder()
                .decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
      } catch (IllegalArgumentException e) {
        sig = new byte[0];
      }
    }
    if (!SigningKey.verify(key, manifestBytes, sig)) {
      return problem(
          "manifest.json does not carry the store's signature (manifest.sig "
              + (sigEntry == null ? "is missing" : "does not verify")
              + "): the manifest was rewritten after"
              + " export, and the files it lists may have been edited with it");
    }
    String manifestStamp = "manifest not time-stamped";
    ZipEntry tst = zip.getEntry("manifest.tst");
    if (tst != null) {
      byte[] token;
      try (InputStream in = zip.getInputStream(tst)) {
        token = in.readAllBytes();
      }
      TimestampTokens.Checked c =
          TimestampTokens.check(
              token,
              manifestBytes,
              opt.tsaCa() == null ? null : TimestampTokens.readCertificates(opt.tsaCa()));
      if (c.problem() != null) {
        return problem("manifest.tst " + c.problem());
      }
      manifestStamp = "manifest time-stamped at " + c.genTime() + " by " + c.tsa();
    }
    return new VerifyResult(
        null,
        "bundle: "
            + (listed.size() + 1)
            + " files match the signed manifest ("
            + manifestStamp
            + "); "
            + expected.size()
            + " files made again from the chain match; "
            + slices
            + " pcap slices match their records; chain: "
            + cv.summary().replace("key: the store's own", "key: the bundle's own"));
  }

  private static boolean isManifestFile(String name) {
    return name.equals("manifest.json")
        || name.equals("manifest.sig")
        || name.equals("manifest.tst");
  }

  private static VerifyResult problem(String what) {
    return new VerifyResult(new Finding(0, null, null, what), "");
  }

  private static String sha256(ZipFile zip, ZipEntry e) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(zip.getInputStream(e), MessageDigest.getInstance("SHA-256"))) {
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
