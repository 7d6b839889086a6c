package io.vigie.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One record of a sensor's topic as the hub keeps it: its kind, its site, the fields of its unique
 * key and its JSON as published; or, for a record the hub cannot keep, why ({@link
 * Parsed.Malformed}).
 *
 * <pre>{@code
 * HubRecord.Parsed p = HubRecord.parse(Kind.NOTICES, bytes, 1 << 20);
 * if (p instanceof HubRecord r) store(r) else count(((Parsed.Malformed) p).reason());
 * }</pre>
 *
 * <p>Unique keys, so that a record delivered twice (a redelivery after a rebalance, a sensor
 * resending its spool, a hub restarted before its commit) counts once:
 *
 * <pre>
 * notices      site + id
 * checkpoints  site + checkpoint_id + checkpoint_hash
 * sessions     site + community_id + ts (the session's start)
 * cameras      site + subject + ts
 * </pre>
 *
 * @param key the unique key's second part (notice id, Community ID, camera, checkpoint id)
 * @param ts the record's {@code ts} (RFC 3339, as published)
 * @param extra the unique key's third part where there is one (checkpoint hash), else ""
 */
public record HubRecord(
    Kind kind, String site, String key, String ts, String extra, JsonNode json, String raw)
    implements Parsed {

  /** The four topics the hub consumes, by their suffix. */
  public enum Kind {
    SESSIONS("sessions"),
    NOTICES("notices"),
    CAMERAS("cameras"),
    CHECKPOINTS("checkpoints");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** A published record is one JSON object a few levels deep; anything deeper is not ours. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(32)
                      .maxNumberLength(64)
                      .maxStringLength(1 << 20)
                      .build())
              .build());

  /**
   * Reads one record. The size is checked before parsing; a record without {@code site}, or without
   * the fields of its unique key, is malformed: the hub cannot tell a second delivery of it from
   * another record.
   */
  public static Parsed parse(Kind kind, byte[] value, int maxBytes) {
    if (value == null) {
      return new Parsed.Malformed(kind, "empty", "no value (tombstone)");
    }
    if (value.length > maxBytes) {
      return new Parsed.Malformed(kind, "too_large", value.length + " bytes > " + maxBytes);
    }
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (IOException e) {
      return new Parsed.Malformed(kind, "not_json", firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      return new Parsed.Malformed(kind, "not_json", "not a JSON object");
    }
    String site = text(n, "site");
    if (site == null) {
      return new Parsed.Malformed(kind, "no_site", "no 'site' field");
    }
    String ts = text(n, "ts");
    String key;
    String extra = "";
    switch (kind) {
      case NOTICES -> key = text(n, "id");
      case SESSIONS -> key = text(n, "community_id");
      case CAMERAS -> key = text(n, "subject");
      case CHECKPOINTS -> {
        JsonNode id = n.get("checkpoint_id");
        key = id != null && id.canConvertToLong() ? String.valueOf(id.asLong()) : null;
        extra = text(n, "checkpoint_hash");
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    if (key == null || ts == null || extra == null) {
      return new Parsed.Malformed(
          kind, "no_key", "missing a field of the " + kind.wireName() + " key");
    }
    return new HubRecord(kind, site, key, ts, extra, n, new String(value, StandardCharsets.UTF_8));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String one = nl < 0 ? s : s.substring(0, nl);
    return one.length() > 200 ? one.substring(0, 200) : one;
  }
}
