package io.vigie.firmware.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.CameraStateMaps;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Baseline JSON for review: per camera its fingerprint, parts and full state. Reading recomputes
 * each fingerprint and refuses a file whose state was edited without it (or the reverse).
 *
 * <pre>
 * {"format":"vigie-baseline/1","created":"2026-11-23T02:00:00Z",
 *  "cameras":{"cam-001":{"fingerprint":"sha256:...","parts":{...},"state":{...}}}}
 * </pre>
 */
public final class BaselineFile {
  static final String FORMAT = "vigie-baseline/1";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private BaselineFile() {}

  /** Why a baseline file cannot be used; the message names the file and the field. */
  public static final class BadBaseline extends Exception {
    private final String field;

    public BadBaseline(String message) {
      this(message, null);
    }

    /**
     * With the JSON field at fault ({@code format}, {@code cameras.cam-1.state}), for API answers.
     */
    public BadBaseline(String message, String field) {
      super(message, null, false, false);
      this.field = field;
    }

    /** The field at fault, or null (a file that cannot be read at all). */
    public String field() {
      return field;
    }
  }

  public static String toJson(Baseline b) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("created", Instant.ofEpochSecond(0, b.createdNanos()).toString());
    root.put("digest", b.digest());
    Map<String, Object> cams = new TreeMap<>();
    b.cameras()
        .forEach(
            (name, st) -> {
              Fingerprint f = Fingerprint.of(st);
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("fingerprint", f.full());
              c.put("parts", f.parts());
              c.put("state", CameraStateMaps.stateToMap(st));
              cams.put(name, c);
            });
    root.put("cameras", cams);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
  }

  public static void write(Baseline b, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(b));
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static Baseline read(Path file) throws BadBaseline {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadBaseline(file + ": no such file");
    } catch (IOException e) {
      throw new BadBaseline(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), bytes);
  }

  /**
   * The baseline to start from: {@code accepted} (written by {@link BaselineApprovals} when two
   * approvers accepted a proposal) when it exists and was modified after {@code configured} (the
   * site file's {@code baseline}, may be null), else {@code configured}; null when there is
   * neither. A newer certified file put in the config by the operator thus wins over an older
   * acceptance.
   */
  public static Baseline newest(Path configured, Path accepted) throws BadBaseline {
    if (Files.isRegularFile(accepted)) {
      try {
        if (configured == null
            || !Files.exists(configured)
            || Files.getLastModifiedTime(accepted).compareTo(Files.getLastModifiedTime(configured))
                > 0) {
          return read(accepted);
        }
      } catch (IOException e) {
        throw new BadBaseline(accepted + ": cannot read: " + e.getMessage());
      }
    }
    return configured == null ? null : read(configured);
  }

  public static Baseline parse(String name, byte[] bytes) throws BadBaseline {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadBaseline(name + ": not JSON: " + e.getOriginalMessage(), "body");
    } catch (IOException e) {
      throw new BadBaseline(name + ": cannot read: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new BadBaseline(name + ": format is not " + FORMAT, "format");
    }
    long created;
    try {
      Instant t = Instant.parse(root.path("created").asText());
      created = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (RuntimeException e) {
      throw new BadBaseline(name + ": bad 'created' (an ISO-8601 instant)", "created");
    }
    if (!root.path("cameras").isObject()) {
      throw new BadBaseline(name + ": 'cameras' is missing or not an object", "cameras");
    }
    Map<String, CameraState> cams = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : iterable(root.path("cameras"))) {
      String where = name + ": cameras." + e.getKey();
      CameraState st;
      try {
        st = stateFromJson(e.getValue().path("state"));
      } catch (RuntimeException ex) {
        throw new BadBaseline(
            where + ".state: " + ex.getMessage(), "cameras." + e.getKey() + ".state");
      }
      String recorded = e.getValue().path("fingerprint").asText();
      if (!Fingerprint.of(st).full().equals(recorded)) {
        throw new BadBaseline(
            where + ".fingerprint does not match its state (edited by hand?)",
            "cameras." + e.getKey() + ".fingerprint");
      }
      cams.put(e.getKey(), st);
    }
    Baseline b = new Baseline(created, cams);
    // The digest is optional on reading, but when given it must be this baseline's.
    JsonNode stated = root.get("digest");
    if (stated != null && !b.digest().equals(stated.asText())) {
      throw new BadBaseline(
          name + ": digest does not match the cameras' fingerprints (edited by hand?)", "digest");
    }
    return b;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }

  /**
   * A state from its plain-map form ({@link CameraStateMaps#stateToMap}), as a {@code
   * camera_snapshot} evidence record keeps it.
   *
   * @throws IllegalArgumentException naming the missing or mistyped key
   */
  public static CameraState stateFromMap(Map<String, Object> m) {
    return stateFromJson(JSON.valueToTree(m));
  }

  /** Plain maps and lists, for JSON and evidence records. */
  static CameraState stateFromJson(JsonNode n) {
    JsonNode id = req(n, "identity");
    DeviceIdentity d =
        new DeviceIdentity(
            text(id, "manufacturer"),
            text(id, "model"),
            text(id, "firmware"),
            text(id, "serial"),
            text(id, "hardware_id"));
    List<AnalyticsItem> items = new ArrayList<>();
    for (JsonNode i : req(n, "analytics")) {
      Map<String, String> params = new TreeMap<>();
      for (Map.Entry<String, JsonNode> p : iterable(i.path("params"))) {
        params.put(p.getKey(), p.getValue().asText());
      }
      items.add(
          new AnalyticsItem(
              AnalyticsItem.Kind.of(text(i, "kind")),
              text(i, "config"),
              text(i, "name"),
              text(i, "type"),
              params));
    }
    Map<String, String> caps = new TreeMap<>();
    for (Map.Entry<String, JsonNode> p : iterable(n.path("analytics_capabilities"))) {
      caps.put(p.getKey(), p.getValue().asText());
    }
    // Native-API findings are absent from baselines written before drivers existed.
    return new CameraState(
        d,
        items,
        caps,
        strings(req(n, "users")),
        text(n, "remote_user"),
        strings(req(n, "dp_addresses")),
        text(n, "discovery_mode"),
        n.has("libraries") ? strings(n.get("libraries")) : List.of(),
        stringMap(n.path("remote_services")),
        n.has("platforms") ? strings(n.get("platforms")) : List.of(),
        stringMap(n.path("time")));
  }

  private static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> p : iterable(n)) {
      m.put(p.getKey(), p.getValue().asText());
    }
    return m;
  }

  private static JsonNode req(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = req(n, key);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + key + "' is not a string");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : arr) {
      out.add(v.asText());
    }
    return out;
  }
}
