package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a chain row by row, in id order, and stops at the first problem:
 *
 * <ul>
 *   <li>ids must run 1, 2, 3... (a gap is a deleted row, an extra id an inserted one);
 *   <li>each row's content must hash to its stored hash (an edited row);
 *   <li>each row's {@code prev} must be the previous row's hash (a row re-hashed after editing);
 *   <li>each checkpoint must sign the row before it, with a key the chain announced earlier, or the
 *       reviewer's expected key;
 *   <li>no rows may follow the last checkpoint, unless the reviewer allows an unsigned tail (a
 *       store still being written);
 *   <li>a published checkpoint hash, when given, must be in the chain.
 * </ul>
 *
 * Slice records are collected for the caller, who knows where the pcap files are.
 */
final class ChainVerifier {
  /** A pcap slice the chain vouches for. */
  record SliceRef(long id, long ts, String file, String sha256) {}

  /** A copy of a file seen on the wire; path is relative to the database's directory. */
  record ImageRef(long id, long ts, String path, String sha256) {}

  private static final Set<String> INTERPRETED =
      Set.of(
          "key",
          "checkpoint",
          "slice",
          "slice_expired",
          "image_copy",
          "image_expired",
          "timestamp",
          "segment_break",
          "triggers_restored");

  /**
   * A token dated this long after the checkpoint it stamps means the checkpoint was not written
   * when it claims: the TSA client retries for minutes, not a day.
   */
  static final long MAX_STAMP_DELAY_NANOS = 24L * 3600 * 1_000_000_000L;

  /** A checkpoint as a time-stamp token must state it. */
  private record SignedHead(long ts, CheckpointStatement statement) {}

  /** What the chain's time-stamp records showed. */
  private long stampedCheckpoints;

  private long lastStampedCheckpoint;
  private java.time.Instant firstStamp;
  private java.time.Instant lastStamp;
  private final Set<String> tsaNames = new java.util.TreeSet<>();
  private final Map<Long, SignedHead> signedHeads = new HashMap<>();
  private final Set<Long> stampedIds = new HashSet<>();
  private List<java.security.cert.X509Certificate> tsaCa;
  private final Map<Long, List<Anchor>> anchors = new java.util.TreeMap<>();
  private int anchorsChecked;
  private String firstKey;

  /**
   * The key checkpoints must be signed with now: the expected or first key, then each it hands over
   * to.
   */
  private String currentKey;

  private final Map<String, Long> handedOver = new HashMap<>();

  private final PublicKey expectedKey;
  private final String expectedCheckpoint;
  private final boolean allowUnsignedTail;
  private final ChainHash chain = new ChainHash();
  private final Map<String, PublicKey> keys = new HashMap<>();
  private final List<SliceRef> slices = new ArrayList<>();
  private final List<ImageRef> images = new ArrayList<>();
  private final Set<String> expired = new HashSet<>();

  /**
   * Ids of image_copy records whose copy retention deleted (the same image may be copied again).
   */
  private final Set<Long> expiredImages = new HashSet<>();

  private Finding finding;
  private long lastId;
  private Long lastTs;
  private String lastKind;
  private String lastHash = ChainHash.GENESIS;
  private long firstTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;
  private long rows;
  private long withContent;
  private long checkpoints;
  private long lastCheckpointId;
  private String lastCheckpointHead;
  private ChainRow firstUnsigned;
  private boolean checkpointFound;
  private final Set<String> signers = new HashSet<>();

  ChainVerifier(PublicKey expectedKey, String expectedCheckpoint, boolean allowUnsignedTail) {
    this.expectedKey = expectedKey;
    this.expectedCheckpoint = expectedCheckpoint == null ? null : expectedCheckpoint.toLowerCase();
    this.allowUnsignedTail = allowUnsignedTail;
    this.currentKey = expectedKey == null ? null : SigningKey.fingerprint(expectedKey);
  }

  /**
   * In a store every record keeps its content; only a case bundle strips what is outside the case.
   */
  private boolean contentRequired;

  ChainVerifier requireContent() {
    contentRequired = true;
    return this;
  }

  /** Anchors published elsewhere: the chain must hold each anchored record with its hash. */
  ChainVerifier anchors(List<Anchor> list) {
    for (Anchor a : list) {
      anchors.computeIfAbsent(a.checkpointId(), id -> new ArrayList<>()).add(a);
    }
    return this;
  }

  /**
   * CA certificates time-stamp tokens must chain to; null checks tokens with their own certificate
   * only.
   */
  ChainVerifier tsaCa(List<java.security.cert.X509Certificate> cas) {
    this.tsaCa = cas;
    return this;
  }

  /**
   * @return false once a problem is found; {@link #finding()} names it
   */
  boolean accept(ChainRow r) {
    if (finding != null) {
      return false;
    }
    if (r.prev() == null || r.hash() == null) {
      return fail(
          r.id(), r, "record has no chain link (prev or hash is empty): the row was edited");
    }
    if (contentRequired && (r.kind() == null || r.fieldsJson() == null)) {
      // Only bundles strip records outside the case; in a store an empty column means an erasure.
      return fail(r.id(), r, "record's content was erased (kind or fields is empty)");
    }
    if (r.id() != lastId + 1) {
      if (r.id() <= lastId) {
        return fail(
            r.id(),
            r,
            "unexpected record: id "
                + r.id()
                + " is not after record "
                + lastId
                + " (inserted row)");
      }
      return fail(
          lastId + 1,
          null,
          "record missing: ids jump from "
              + lastId
              + when(lastTs)
              + " to "
              + r.id()
              + when(r.ts())
              + " (deleted row"
              + (r.id() - lastId > 2 ? "s " + (lastId + 1) + ".." + (r.id() - 1) : "")
              + ")");
    }
    if (r.hasContent()) {
      String computed = chain.hash(r.prev(), r.id(), r.kind(), r.ts(), r.subject(), r.fieldsJson());
      if (!computed.equals(r.hash())) {
        return fail(
            r.id(),
            r,
            "content does not match its hash (stored "
                + shortHash(r.hash())
                + ", content hashes to "
                + shortHash(computed)
                + "): the row was edited");
      }
    }
    if (!r.prev().equals(lastHash)) {
      if (lastId == 0) {
        return fail(
            r.id(), r, "first record does not start the chain (prev " + shortHash(r.prev()) + ")");
      }
      return fail(
          lastId,
          lastTs,
          lastKind,
          "altered and re-hashed: record "
              + r.id()
              + " chains to "
              + shortHash(r.prev())
              + " but record "
              + lastId
              + " now hashes to "
              + shortHash(lastHash));
    }
    if (r.hasContent() && !kindChecks(r)) {
      return false;
    }
    if (expectedCheckpoint != null && r.hash().equals(expectedCheckpoint)) {
      checkpointFound = true;
    }
    for (Anchor a : anchors.getOrDefault(r.id(), List.of())) {
      if (!a.checkpointHash().equals(r.hash())) {
        return fail(
            r.id(),
            r,
            "record "
                + r.id()
                + " hashes to "
                + shortHash(r.hash())
                + " but "
                + a.describe()
                + " was published from this store: the chain was rewritten after it"
                + (keys.containsKey(a.key())
                    ? ""
                    : ", with a new key and no hand-over from the anchored key "
                        + shortHash(a.key())));
      }
      anchorsChecked++;
    }
    if (r.hasContent()) {
      withContent++;
      firstTs = Math.min(firstTs, r.ts());
      maxTs = Math.max(maxTs, r.ts());
    }
    // A time-stamp record carries its own (TSA) signature: it may follow the last checkpoint.
    if (!"checkpoint".equals(r.kind()) && !"timestamp".equals(r.kind()) && firstUnsigned == null) {
      firstUnsigned = r;
    }
    rows++;
    lastId = r.id();
    lastTs = r.ts();
    lastKind = r.kind();
    lastHash = r.hash();
    return true;
  }

  private boolean kindChecks(ChainRow r) {
    if (!INTERPRETED.contains(r.kind())) {
      return true; // sessions, notices...: the hash is all there is to check
    }
    JsonNode f;
    try {
      f = Json.readTree(r.fieldsJson());
    } catch (IllegalArgumentException e) {
      return fail(r.id(), r, e.getMessage());
    }
    switch (r.kind()) {
      case "key" -> {
        try {
          PublicKey k =
              SigningKey.publicKeyFromX509(
                  Base64.getDecoder().decode(f.path("public_key").asText()), "key record");
          String fp = SigningKey.fingerprint(k);
          if (!fp.equals(f.path("fingerprint").asText())) {
            return fail(r.id(), r, "key record's fingerprint does not match its key");
          }
          String from = f.path("previous_fingerprint").asText(null);
          if (from != null) {
            if (!handOver(r, f, from, fp)) {
              return false;
            }
          } else if (expectedKey == null && !keys.isEmpty() && !keys.containsKey(fp)) {
            // Without a key the reviewer trusts, only the store's first key (and those it hands
            // over to) is believed: anyone with file access could append a key of their own.
            return fail(
                r.id(),
                r,
                "a second signing key ("
                    + shortHash(fp)
                    + ") appears after "
                    + shortHash(keys.keySet().iterator().next())
                    + " with no hand-over signed by it: records"
                    + " after it may be forged; verify with --pubkey against the key you trust");
          }
          keys.put(fp, k);
          if (firstKey == null) {
            firstKey = fp;
          }
          if (currentKey == null) {
            currentKey = fp;
          }
        } catch (IOException | IllegalArgumentException e) {
          return fail(r.id(), r, "key record holds no valid Ed25519 key: " + e.getMessage());
        }
      }
      case "checkpoint" -> {
        long headId = f.path("head_id").asLong(-1);
        String headHash = f.path("head_hash").asText();
        if (headId != r.id() - 1 || !headHash.equals(r.prev())) {
          return fail(
              r.id(),
              r,
              "checkpoint signed record "
                  + headId
                  + " as "
                  + shortHash(headHash)
                  + " but the chain now gives record "
                  + (r.id() - 1)
                  + " as "
                  + shortHash(r.prev())
                  + ": a record between "
                  + (lastCheckpointId + 1)
                  + " and "
                  + (r.id() - 1)
                  + " was edited, inserted or deleted and the chain re-hashed");
        }
        String fp = f.path("key").asText();
        PublicKey k =
            expectedKey != null && fp.equals(SigningKey.fingerprint(expectedKey))
                ? expectedKey
                : keys.get(fp);
        if (currentKey != null && !fp.equals(currentKey)) {
          Long at = handedOver.get(fp);
          return fail(
              r.id(),
              r,
              "checkpoint signed by key "
                  + shortHash(fp)
                  + ", not by the "
                  + (expectedKey != null && handedOver.isEmpty() ? "expected key " : "current key ")
                  + shortHash(currentKey)
                  + (at != null
                      ? " (" + shortHash(fp) + " handed over at record " + at + ")"
                      : ""));
        }
        if (k == null) {
          return fail(
              r.id(),
              r,
              "checkpoint signed by key "
                  + shortHash(fp)
                  + ", which no earlier key record announces");
        }
        byte[] sig;
        try {
          sig = Base64.getDecoder().decode(f.path("signature").asText());
        } catch (IllegalArgumentException e) {
          sig = new byte[0];
        }
        if (!SigningKey.verify(k, ChainWriter.checkpointMessage(headId, headHash), sig)) {
          return fail(r.id(), r, "checkpoint signature does not verify with key " + shortHash(fp));
        }
        signers.add(fp);
        signedHeads.put(
            r.id(),
            new SignedHead(
                r.ts(), new CheckpointStatement(r.id(), r.hash(), headId, headHash, fp)));
        checkpoints++;
        lastCheckpointId = r.id();
        lastCheckpointHead = headHash;
        firstUnsigned = null;
      }
      case "slice" ->
          slices.add(
              new SliceRef(r.id(), r.ts(), f.path("file").asText(), f.path("sha256").asText()));
      case "slice_expired" -> expired.add(f.path("file").asText());
      case "image_expired" -> expiredImages.add(f.path("image_copy_id").asLong());
      case "image_copy" ->
          images.add(
              new ImageRef(r.id(), r.ts(), f.path("path").asText(), f.path("sha256").asText()));
      case "timestamp" -> {
        return stampChecks(r, f);
      }
      case "segment_break" -> {
        return fail(
            r.id(),
            r,
            "the store found its chain "
                + ("truncated".equals(f.path("reason").asText())
                    ? "cut short (it ended at record " + f.path("found_head_id").asLong() + ")"
                    : "rewritten (record "
                        + f.path("anchor_checkpoint_id").asLong()
                        + " hashed to "
                        + shortHash(f.path("found_hash_at_anchor").asText())
                        + ")")
                + " at start, against the anchor it had published at "
                + f.path("anchor_time").asText()
                + " (checkpoint record "
                + f.path("anchor_checkpoint_id").asLong()
                + " = "
                + shortHash(f.path("anchor_checkpoint_hash").asText())
                + ", "
                + f.path("anchor_file").asText()
                + "): records before this one cannot be trusted");
      }
      case "triggers_restored" -> {
        return fail(
            r.id(),
            r,
            "the store found its append-only triggers dropped ("
                + f.path("missing")
                + ") at start: someone meant to edit or delete records; check with --anchors");
      }
      default -> {}
    }
    return true;
  }

  /** A time-stamp record: its token must date exactly the statement of a checkpoint before it. */
  private boolean stampChecks(ChainRow r, JsonNode f) {
    long cpId = f.path("checkpoint_id").asLong(-1);
    SignedHead head = signedHeads.get(cpId);
    if (head == null
        || !head.statement().checkpointHash().equals(f.path("checkpoint_hash").asText())) {
      return fail(
          r.id(),
          r,
          "time-stamp for checkpoint record "
              + cpId
              + " ("
              + shortHash(f.path("checkpoint_hash").asText())
              + "), which is not a checkpoint of this chain");
    }
    byte[] token;
    try {
      token = Base64.getDecoder().decode(f.path("token").asText());
    } catch (IllegalArgumentException e) {
      return fail(r.id(), r, "time-stamp token is not base64");
    }
    TimestampTokens.Checked c = TimestampTokens.check(token, head.statement().bytes(), tsaCa);
    if (c.problem() != null) {
      return fail(
          r.id(),
          r,
          "time-stamp token of checkpoint record "
              + cpId
              + " from "
              + f.path("tsa").asText()
              + " "
              + c.problem());
    }
    long gen = c.genTime().getEpochSecond() * 1_000_000_000L + c.genTime().getNano();
    if (gen - head.ts() > MAX_STAMP_DELAY_NANOS) {
      return fail(
          cpId,
          head.ts(),
          "checkpoint",
          "backdated: the checkpoint claims "
              + Times.iso(head.ts())
              + " but its time-stamp token ("
              + f.path("tsa").asText()
              + ") is dated "
              + c.genTime()
              + ": the chain up to it was written, or rewritten, after the time it claims");
    }
    if (stampedIds.add(cpId)) {
      stampedCheckpoints++;
    }
    lastStampedCheckpoint = Math.max(lastStampedCheckpoint, cpId);
    firstStamp = firstStamp == null || c.genTime().isBefore(firstStamp) ? c.genTime() : firstStamp;
    lastStamp = lastStamp == null || c.genTime().isAfter(lastStamp) ? c.genTime() : lastStamp;
    tsaNames.add(c.tsa());
    return true;
  }

  /**
   * A key record that hands signing over from the current key: {@code handover_signature} is the
   * old key's signature of {@link KeyRotation#handoverMessage}, which names the record before it,
   * so a hand-over cannot be replayed elsewhere in the chain.
   */
  private boolean handOver(ChainRow r, JsonNode f, String from, String to) {
    PublicKey old =
        expectedKey != null && from.equals(SigningKey.fingerprint(expectedKey))
            ? expectedKey
            : keys.get(from);
    if (old == null || !from.equals(currentKey)) {
      return fail(
          r.id(),
          r,
          "hand-over to key "
              + shortHash(to)
              + " from key "
              + shortHash(from)
              + ", which is not the current signing key "
              + shortHash(currentKey));
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(f.path("handover_signature").asText());
    } catch (IllegalArgumentException e) {
      sig = new byte[0];
    }
    if (!SigningKey.verify(old, KeyRotation.handoverMessage(from, to, r.prev()), sig)) {
      return fail(
          r.id(),
          r,
          "hand-over to key "
              + shortHash(to)
              + " is not signed by the old key "
              + shortHash(from)
              + ": a key was swapped in without it");
    }
    handedOver.put(from, r.id());
    currentKey = to;
    return true;
  }

  /** Checks that only the end of the chain can show. */
  Finding finish() {
    if (finding != null) {
      return finding;
    }
    for (List<Anchor> list : anchors.values()) {
      for (Anchor a : list) {
        if (a.checkpointId() > lastId) {
          fail(
              lastId,
              lastTs,
              lastKind,
              "the chain ends at record "
                  + lastId
                  + " but "
                  + a.describe()
                  + " was published from this store: records "
                  + (lastId + 1)
                  + ".."
                  + a.checkpointId()
                  + " were cut off");
          return finding;
        }
      }
    }
    if (rows == 0) {
      return fail(0, null, null, "the store holds no records") ? null : finding;
    }
    if (firstUnsigned != null && !allowUnsignedTail) {
      fail(
          firstUnsigned.id(),
          firstUnsigned,
          "records "
              + firstUnsigned.id()
              + ".."
              + lastId
              + " come after the last signed checkpoint"
              + (lastCheckpointId == 0 ? " (there is none)" : " (record " + lastCheckpointId + ")")
              + ": appended without the key, or the closing checkpoint was deleted"
              + " (a store still being written is verified without --require-signed)");
      return finding;
    }
    if (expectedCheckpoint != null && !checkpointFound) {
      fail(
          0,
          null,
          null,
          "the published checkpoint "
              + shortHash(expectedCheckpoint)
              + " is not in this chain: the file was rewritten or cut short");
      return finding;
    }
    return null;
  }

  /**
   * The key that signs at the chain's end (the reviewer's --pubkey or the first key, then each
   * hand-over) when it has this fingerprint, else null: a bundle's manifest must be signed by it.
   */
  PublicKey trustedKey(String fingerprint) {
    if (currentKey == null || !currentKey.equals(fingerprint)) {
      return null;
    }
    return expectedKey != null && SigningKey.fingerprint(expectedKey).equals(fingerprint)
        ? expectedKey
        : keys.get(fingerprint);
  }

  /** Records a problem found outside the chain walk (e.g. a pcap slice). */
  Finding fail(Finding f) {
    if (finding == null) {
      finding = f;
    }
    return finding;
  }

  Finding finding() {
    return finding;
  }

  List<SliceRef> slices() {
    return slices;
  }

  List<ImageRef> images() {
    return images;
  }

  boolean expired(String file) {
    return expired.contains(file);
  }

  boolean imageExpired(long imageCopyId) {
    return expiredImages.contains(imageCopyId);
  }

  String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(rows).append(" records");
    if (withContent < rows) {
      sb.append(" (").append(withContent).append(" with content)");
    }
    if (withContent > 0) {
      sb.append(" from ").append(Times.iso(firstTs)).append(" to ").append(Times.iso(maxTs));
    }
    sb.append(", ").append(checkpoints).append(" checkpoints signed by ");
    sb.append(signers.stream().map(ChainVerifier::shortHash).sorted().toList());
    if (lastCheckpointId > 0) {
      sb.append(", last at record ")
          .append(lastCheckpointId)
          .append(" (head ")
          .append(lastCheckpointHead)
          .append(')');
    }
    if (firstUnsigned != null) {
      // A store being written always has a tail the next checkpoint will sign: a normal state.
      sb.append(", ")
          .append(lastId - firstUnsigned.id() + 1)
          .append(" records after the last checkpoint (not yet signed)");
    }
    if (!handedOver.isEmpty()) {
      sb.append(", ").append(handedOver.size()).append(" key hand-over(s) verified");
    }
    if (!anchors.isEmpty()) {
      sb.append("; ").append(anchorsChecked).append(" anchors match the chain");
    }
    sb.append("; ").append(stampSummary());
    if (expectedKey == null && firstKey != null) {
      sb.append("; key: the store's own (")
          .append(shortHash(firstKey))
          .append(
              "), as its first key record"
                  + " gives it, not checked against a key you hold (--pubkey): anyone who rewrites the whole"
                  + " chain can make a new one; the time-stamp tokens (and anchors kept elsewhere) are what bind"
                  + " this chain and its key to a date");
    }
    return sb.toString();
  }

  private String stampSummary() {
    if (stampedCheckpoints == 0) {
      return "time-stamps: none; no TSA token dates this chain";
    }
    return "time-stamps: "
        + stampedCheckpoints
        + " of "
        + checkpoints
        + " checkpoints stamped by "
        + tsaNames
        + " from "
        + firstStamp
        + " to "
        + lastStamp
        + (tsaCa == null
            ? " (TSA certificates not checked against a CA: use --tsa-ca)"
            : " (TSA chains to --tsa-ca)")
        + (lastId > lastStampedCheckpoint
            ? ", "
                + (lastId - lastStampedCheckpoint)
                + " records after the last stamped checkpoint (record "
                + lastStampedCheckpoint
                + ")"
            : "");
  }

  long rows() {
    return rows;
  }

  private boolean fail(long id, ChainRow r, String what) {
    return fail(id, r == null ? null : r.ts(), r == null ? null : r.kind(), what);
  }

  private boolean fail(long id, Long ts, String kind, String what) {
    if (finding == null) {
      finding = new Finding(id, ts, kind, what);
    }
    return false;
  }

  private static String when(Long ts) {
    return ts == null ? "" : " (" + Times.iso(ts) + ")";
  }

  static String shortHash(String h) {
    return h == null ? "null" : h.length() > 16 ? h.substring(0, 16) + "..." : h;
  }
}
