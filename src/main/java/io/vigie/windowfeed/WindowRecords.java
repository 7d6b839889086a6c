package io.vigie.windowfeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.config.ApprovalConfig;
import io.vigie.evidence.SigningKey;
import io.vigie.policy.JournalAudit;
import io.vigie.policy.JournalEntry;
import io.vigie.policy.Window;
import io.vigie.policy.WindowJson;
import io.vigie.policy.journal.JournalLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records of the hub's compacted {@code <prefix>.windows} topic, written and read back. Key =
 * the window id (or {@value #HEARTBEAT_KEY}); value = JSON, signed with the hub's Ed25519 key:
 *
 * <pre>
 * key  W-20261123-001
 * {"hub":"hub-nice","published_at":"2026-11-23T09:00:01Z","type":"window",
 *  "window":{...WindowJson.window(w, now), events included...},"signature":"base64"}
 * key  _heartbeat
 * {"hub":"hub-nice","published_at":"2026-11-23T09:00:05Z","type":"heartbeat","signature":"..."}
 * </pre>
 *
 * <p>The signature covers {@code "vigie-hub-windows-v1\n" + key + "\n"} and the value without its
 * {@code signature} field, keys sorted, no spaces: the key is signed too, so a signed window cannot
 * be replayed under another window's id. A reader accepts a window only when the signature is the
 * hub's and the window's steps pass the reader's own quorum ({@link JournalAudit}): a writer to the
 * topic cannot open a gate, nor can a hub key used with a weaker quorum than the sensor's.
 *
 * <pre>{@code
 * byte[] v = WindowRecords.window(w, "hub-nice", clock.instant(), hubKey);
 * WindowRecords.Decoded d = WindowRecords.decode(key, v, hubPublicKey, 65_536, site.approval());
 * }</pre>
 */
public final class WindowRecords {
  public static final String HEARTBEAT_KEY = "_heartbeat";
  private static final byte[] DOMAIN = "vigie-hub-windows-v1\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Why a record was ignored; wire names for logs and metrics. */
  public enum Refusal {
    OVERSIZED,
    MALFORMED,
    UNSIGNED,
    BAD_SIGNATURE,
    /** The signed window's id is not the record's key. */
    WRONG_KEY,
    /** The window's steps do not pass this site's approval quorum. */
    QUORUM,
    /** An older version of a window than one already read (steps only ever add up). */
    OLDER;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a record says. */
  public sealed interface Decoded {}

  /** A window as the hub published it, accepted. */
  public record WindowRecord(Window window, String hub, Instant publishedAt) implements Decoded {}

  /** The hub was alive at {@code at} (its clock). */
  public record Heartbeat(String hub, Instant at) implements Decoded {}

  /** Ignored, and why (the detail for a rate-limited log line). */
  public record Ignored(Refusal reason, String detail) implements Decoded {}

  private WindowRecords() {}

  /** The signed record of window {@code w} as it stands at {@code now}. */
  public static byte[] window(Window w, String hub, Instant now, SigningKey key) {
    Map<String, Object> m = head(hub, now, "window");
    m.put("window", WindowJson.window(w, now));
    return signed(w.id(), m, key);
  }

  /** The signed heartbeat at {@code now}. */
  public static byte[] heartbeat(String hub, Instant now, SigningKey key) {
    return signed(HEARTBEAT_KEY, head(hub, now, "heartbeat"), key);
  }

  private static Map<String, Object> head(String hub, Instant now, String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hub", hub);
    m.put("published_at", now.toString());
    m.put("type", type);
    return m;
  }

  private static byte[] signed(String key, Map<String, Object> m, SigningKey signer) {
    try {
      byte[] sig = signer.sign(message(key, m));
      m.put("signature", Base64.getEncoder().encodeToString(sig));
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a window record", e);
    }
  }

  private static byte[] message(String key, Map<String, Object> unsigned) throws IOException {
    byte[] body = SORTED.writeValueAsBytes(unsigned);
    byte[] k = (key + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[DOMAIN.length + k.length + body.length];
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(k, 0, out, DOMAIN.length, k.length);
    System.arraycopy(body, 0, out, DOMAIN.length + k.length, body.length);
    return out;
  }

  /**
   * Reads a record; never throws: anything not signed by {@code hubKey}, larger than {@code
   * maxBytes}, malformed, or against {@code approval}'s quorum comes back as {@link Ignored}.
   */
  public static Decoded decode(
      String key, byte[] value, PublicKey hubKey, int maxBytes, ApprovalConfig approval) {
    if (value == null) {
      return new Ignored(Refusal.UNSIGNED, "a tombstone (null value) for key " + shortKey(key));
    }
    if (value.length > maxBytes) {
      return new Ignored(Refusal.OVERSIZED, value.length + " bytes > max_record_bytes " + maxBytes);
    }
    if (key == null) {
      return new Ignored(Refusal.MALFORMED, "a record without a key");
    }
    Map<String, Object> m;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> read = JSON.readValue(value, LinkedHashMap.class);
      m = read;
    } catch (IOException | RuntimeException e) {
      return new Ignored(Refusal.MALFORMED, "not JSON: " + e.getClass().getSimpleName());
    }
    if (m == null) {
      return new Ignored(Refusal.MALFORMED, "not a JSON object");
    }
    Object sig = m.remove("signature");
    if (!(sig instanceof String s) || s.isEmpty()) {
      return new Ignored(Refusal.UNSIGNED, "no signature (key " + shortKey(key) + ")");
    }
    try {
      byte[] raw = Base64.getDecoder().decode(s);
      if (!SigningKey.verify(hubKey, message(key, m), raw)) {
        return new Ignored(
            Refusal.BAD_SIGNATURE, "not signed by the hub's key (key " + shortKey(key) + ")");
      }
    } catch (IOException | IllegalArgumentException e) {
      return new Ignored(Refusal.BAD_SIGNATURE, "unreadable signature");
    }
    try {
      String hub = (String) m.get("hub");
      Instant at = Instant.parse((String) m.get("published_at"));
      Object type = m.get("type");
      if ("heartbeat".equals(type)) {
        return HEARTBEAT_KEY.equals(key)
            ? new Heartbeat(hub, at)
            : new Ignored(Refusal.WRONG_KEY, "a heartbeat under key " + shortKey(key));
      }
      if (!"window".equals(type)) {
        return new Ignored(Refusal.MALFORMED, "unknown record type " + type);
      }
      JsonNode w = JSON.valueToTree(m.get("window"));
      List<JournalEntry> steps = steps(w);
      if (steps.isEmpty() || !steps.get(0).event().window().equals(key)) {
        return new Ignored(Refusal.WRONG_KEY, "a window signed for another id under " + key);
      }
      JournalAudit.Result audit = JournalAudit.check(approval, steps, r -> true);
      if (!audit.refused().isEmpty()) {
        JournalAudit.Refusal r = audit.refused().get(0);
        return new Ignored(
            Refusal.QUORUM, "window " + key + " step '" + r.event() + "' refused: " + r.why());
      }
      Window out = null;
      for (JournalEntry e : audit.accepted()) {
        out = out == null ? new Window(key, e.terms(), List.of(e.event())) : out.with(e.event());
      }
      return new WindowRecord(out, hub, at);
    } catch (RuntimeException e) {
      return new Ignored(Refusal.MALFORMED, "window " + shortKey(key) + ": " + e.getMessage());
    }
  }

  /**
   * The window's steps as journal entries: its events in order, the request carrying the terms
   * (which {@link WindowJson#window} writes at the top level of the window).
   */
  private static List<JournalEntry> steps(JsonNode w) {
    if (w == null || !w.isObject()) {
      throw new IllegalArgumentException("no window");
    }
    String id = w.path("id").asText("");
    List<JournalEntry> out = new ArrayList<>();
    for (JsonNode e : w.path("events")) {
      if (!e.isObject() || !id.equals(e.path("window").asText())) {
        throw new IllegalArgumentException("an event of another window");
      }
      ObjectNode n = ((ObjectNode) e).deepCopy();
      if (out.isEmpty()) {
        n.set("terms", w);
      }
      out.add(JournalLines.parseEntry(n));
    }
    if (out.isEmpty() || out.get(0).terms() == null || !id.equals(w.path("id").asText())) {
      throw new IllegalArgumentException("a window without its request");
    }
    return out;
  }

  private static String shortKey(String key) {
    if (key == null) {
      return "(none)";
    }
    String k = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    return k.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
