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
    RULE("rule"),
    /**
     * An app or algorithm installed on the camera (ACAP, Hikvision open platform); {@code params}
     * carry version, vendor and state.
     */
    APP("app");

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

  /**
   * {@code tt:FaceDetector} for ONVIF types, {@code isapi-app:FaceCapture} for the native drivers'
   * types ({@link VendorTypes}), the Clark form otherwise.
   */
  public static String shortType(String clark) {
    String onvif = "{" + ONVIF_SCHEMA + "}";
    if (clark.startsWith(onvif)) {
      return "tt:" + clark.substring(onvif.length());
    }
    if (clark.startsWith("{" + VendorTypes.PREFIX)) {
      int end = clark.indexOf('}');
      return clark.substring(1 + VendorTypes.PREFIX.length(), end).replace(':', '-')
          + ":"
          + clark.substring(end + 1);
    }
    return clark;
  }

  /** The display name a vendor gives an app ({@code AXIS License Plate Verifier}), or "". */
  public String niceName() {
    return params.getOrDefault(VendorTypes.NICE_NAME, "");
  }
}
