package io.vigie.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of a case bundle that are made from {@code chain.jsonl} alone: the export writes them
 * and verify makes them again from the chain and compares byte for byte, so none can be reworded,
 * replaced, emptied or deleted without it showing.
 *
 * <pre>
 * timeline.json, timeline.csv    the case's records, time ordered
 * checkpoints.json               the signed chain heads
 * public_key.pem                 the key of the last key record
 * timestamps/checkpoint-ID.statement   the exact bytes a TSA stamped for checkpoint record ID
 * timestamps/checkpoint-ID.N.tst       the N-th TSA's token over them (DER, openssl ts -verify)
 * </pre>
 *
 * <pre>{@code
 * BundleDerivedFiles d = new BundleDerivedFiles();
 * for (ChainRow r : rowsWithContentInIdOrder) d.add(r);
 * Map<String, byte[]> files = d.files();
 * }</pre>
 */
final class BundleDerivedFiles {
  /** The store's own bookkeeping: kept in the chain with content, left out of the timeline. */
  static final Set<String> INTERNAL =
      Set.of(
          "checkpoint", "key", "store_opened", "timestamp", "segment_break", "triggers_restored");

  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final ArrayNode checkpoints = Json.MAPPER.createArrayNode();
  private final Map<Long, CheckpointStatement> statements = new HashMap<>();
  private final Map<String, byte[]> stamps = new LinkedHashMap<>();
  private final Map<Long, Integer> tokensPerCheckpoint = new HashMap<>();
  private String publicKey;

  /** Adds a record that carries content; records must come in id order. */
  void add(ChainRow r) {
    JsonNode f = Json.readTree(r.fieldsJson());
    if (!INTERNAL.contains(r.kind())) {
      timeline.add(new TimelineEntry(r.id(), r.ts(), r.kind(), r.subject(), f, r.hash()));
    }
    switch (r.kind()) {
      case "key" -> publicKey = f.path("public_key").asText();
      case "checkpoint" -> {
        ObjectNode cp = checkpoints.addObject();
        cp.put("id", r.id());
        cp.put("time", Times.iso(r.ts()));
        cp.setAll((ObjectNode) f);
        statements.put(
            r.id(),
            new CheckpointStatement(
                r.id(),
                r.hash(),
                f.path("head_id").asLong(),
                f.path("head_hash").asText(),
                f.path("key").asText()));
      }
      case "timestamp" -> {
        long cp = f.path("checkpoint_id").asLong();
        CheckpointStatement s = statements.get(cp);
        if (s == null) {
          return; // verify names a stamp for no checkpoint; nothing to derive from it
        }
        int n = tokensPerCheckpoint.merge(cp, 1, Integer::sum);
        stamps.putIfAbsent("timestamps/checkpoint-" + cp + ".statement", s.bytes());
        try {
          stamps.put(
              "timestamps/checkpoint-" + cp + "." + n + ".tst",
              Base64.getDecoder().decode(f.path("token").asText()));
        } catch (IllegalArgumentException e) {
          stamps.put("timestamps/checkpoint-" + cp + "." + n + ".tst", new byte[0]);
        }
      }
      default -> {}
    }
  }

  int timelineEntries() {
    return timeline.size();
  }

  /** Name to bytes, in the order the export writes them. */
  Map<String, byte[]> files() throws IOException {
    List<TimelineEntry> sorted = new ArrayList<>(timeline);
    sorted.sort(
        Comparator.comparingLong(TimelineEntry::tsNanos).thenComparingLong(TimelineEntry::id));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("timeline.json", text(w -> Timeline.writeJson(sorted, w)));
    files.put("timeline.csv", text(w -> Timeline.writeCsv(sorted, w)));
    files.put(
        "checkpoints.json",
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoints));
    if (publicKey != null) {
      byte[] der;
      try {
        der = Base64.getDecoder().decode(publicKey);
      } catch (IllegalArgumentException e) {
        der = new byte[0];
      }
      files.put(
          "public_key.pem", SigningKey.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII));
    }
    files.putAll(stamps);
    return files;
  }

  /** Whether {@code name} is a file this class makes (or would make, for another chain). */
  static boolean isDerived(String name) {
    return name.equals("timeline.json")
        || name.equals("timeline.csv")
        || name.equals("checkpoints.json")
        || name.equals("public_key.pem")
        || name.startsWith("timestamps/");
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
}
