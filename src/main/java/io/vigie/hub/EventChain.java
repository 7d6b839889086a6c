package io.vigie.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vigie.facts.EvidenceRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hash chain of the hub's own facts ({@code hub_events}: window steps, API audit), as the
 * sensor's evidence store chains its records, so that the hub's windows journal can be checked
 * against it at start ({@link Witness}) the way a sensor checks its journal against its chain.
 *
 * <pre>
 * hash = hex(SHA-256(prev + "\n" + id + "\n" + kind + "\n" + ts + "\n" + subject + "\n" + fields))
 * prev = the hash of row id - 1, or 64 zeros for the first row
 * </pre>
 *
 * <p>Id, kind, time and subject are inside the hash: editing, moving, deleting or inserting a row
 * breaks the chain from there on. Not thread-safe: each user keeps its own instance.
 */
final class EventChain {
  static final String GENESIS = "0".repeat(64);
  private static final HexFormat HEX = HexFormat.of();

  /** Map keys in order, so that one fact is one string however its map was built. */
  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final MessageDigest sha256;

  EventChain() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  String hash(String prev, long id, String kind, long ts, String subject, String fields) {
    String content = prev + '\n' + id + '\n' + kind + '\n' + ts + '\n' + subject + '\n' + fields;
    return HEX.formatHex(sha256.digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * What the chain holds of one kind of fact: a journal line whose step it does not hold was not
   * written by the hub when the step happened.
   */
  static final class Witness {
    private final Set<String> held = new HashSet<>();
    private final List<EvidenceRecord> records;

    Witness(List<EvidenceRecord> records) {
      this.records = List.copyOf(records);
      for (EvidenceRecord r : records) {
        held.add(key(r));
      }
    }

    /** Whether the chain holds a fact of this kind, time, subject and content. */
    boolean holds(EvidenceRecord r) {
      return held.contains(key(r));
    }

    /** The facts read, in chain order. */
    List<EvidenceRecord> records() {
      return records;
    }

    private static String key(EvidenceRecord r) {
      return r.kind() + '\n' + r.tsNanos() + '\n' + r.subject() + '\n' + sorted(r.fields());
    }

    private static String sorted(Map<String, Object> fields) {
      try {
        // Read back as plain maps first: numbers, records and nested maps built in memory then
        // print as those read back from the store do, every map's keys in order.
        Object plain = SORTED.readValue(SORTED.writeValueAsString(fields), Object.class);
        return SORTED.writeValueAsString(plain);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a hub fact that is not JSON: " + e.getMessage(), e);
      }
    }
  }
}
