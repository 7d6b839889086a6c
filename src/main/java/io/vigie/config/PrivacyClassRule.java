package io.vigie.config;

import java.util.Set;

/**
 * A site's extension of the analytics privacy table: a module or rule type and its class.
 *
 * <pre>
 * privacy_classes:
 *   - { type: FaceMatchEngine, namespace: "http://vendor.example/analytics", privacy_class: face_recognition }
 *   - { type: VehicleColourSearch, privacy_class: colour_search }   # any namespace
 * </pre>
 *
 * @param type the local name of the type (no prefix: prefixes vary between cameras)
 * @param namespace the namespace URI, or null for any namespace
 * @param privacyClass one of {@link #CLASSES}
 */
public record PrivacyClassRule(String type, String namespace, String privacyClass) {
  /** The wire names of {@code firmware.PrivacyClass}; a test keeps both lists equal. */
  public static final Set<String> CLASSES =
      Set.of(
          "face_recognition",
          "face_detection",
          "plate_reading",
          "person_attributes",
          "colour_search",
          "classification",
          "ordinary",
          "unknown");

  public PrivacyClassRule {
    if (type == null || type.isBlank() || type.contains(":") || type.contains("}")) {
      throw new IllegalArgumentException(
          "'type' must be a local name without prefix, was '" + type + "'");
    }
    if (privacyClass == null || !CLASSES.contains(privacyClass)) {
      throw new IllegalArgumentException(
          "privacy_class '" + privacyClass + "' is not one of " + new java.util.TreeSet<>(CLASSES));
    }
  }
}
