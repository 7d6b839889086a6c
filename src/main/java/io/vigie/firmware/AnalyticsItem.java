package io.vigie.firmware;

import java.util.Map;
import java.util.TreeMap;

/**
 * One analytics capability or configuration item of a camera.
 *
 * @param kind what list it comes from
 * @param config the analytics configuration token it belongs to ("" for capability lists)
 * @param name the module or rule instance name ("" for supported types)
 * @param type the type in Clark notation, {@code
 *     {http://www.onvif.org/ver10/schema}FaceDetectorEngine}
 * @param params parameters by name: simple items by value, element items as canonical XML text
 */
public record AnalyticsItem(
    Kind kind, String config, String name, String type, Map<String, String> params) {
  /** ONVIF\'s schema namespace, whose types are shown with the usual tt: prefix. */
  private static final String ONVIF_SCHEMA = "http://www.onvif.org/ver10/schema";

  public AnalyticsItem {
    config = config == null ? "" : config;
    name = name == null ? "" : name;
    params =
        params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /** Identity for comparison: the same key with other parameters is a changed item. */
  public String key() {
    return kind.wireName() + "|" + config + "|" + name + "|" + type;
  }

  /** Where an item was found. */
  public enum Kind {
    SUPPORTED_MODULE("supported_module"),
    SUPPORTED_RULE("supported_rule"),
    MODULE("module"),
    RULE("rule");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind of(String wire) {
      for (Kind k : values()) {
        if (k.wireName.equals(wire)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown analytics item kind '" + wire + "'");
    }
  }

  /** {@code tt:FaceDetector} for ONVIF types, the Clark form otherwise. */
  public static String shortType(String clark) {
    String onvif = "{" + ONVIF_SCHEMA + "}";
    return clark.startsWith(onvif) ? "tt:" + clark.substring(onvif.length()) : clark;
  }
}
