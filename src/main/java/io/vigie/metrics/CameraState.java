package io.vigie.metrics;

import java.util.Map;

/**
 * One camera as the ONVIF poller last saw it.
 *
 * @param name device name from the site file
 * @param model model reported by ONVIF GetDeviceInformation, or null if never answered
 * @param firmware firmware version reported, or null
 * @param fingerprint capability fingerprint (short hash), or null
 * @param up true if the last poll got an answer
 * @param modulesByPrivacyClass analytics modules present, counted by privacy class; the class
 *     {@value #HARMLESS} is for modules that process no personal data (motion, tamper)
 * @param vendor manufacturer reported, or null
 * @param knownVulnerabilities advisories of the city's CSAF directory that affect its model and
 *     firmware
 */
public record CameraState(
    String name,
    String model,
    String firmware,
    String fingerprint,
    boolean up,
    Map<String, Integer> modulesByPrivacyClass,
    String vendor,
    int knownVulnerabilities) {
  /** Privacy class of analytics that process no personal data; every other class alerts. */
  public static final String HARMLESS = "none";

  public CameraState {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("camera without a name");
    }
    modulesByPrivacyClass =
        modulesByPrivacyClass == null ? Map.of() : Map.copyOf(modulesByPrivacyClass);
  }

  /** A camera whose vendor is not known and no advisory is matched. */
  public CameraState(
      String name,
      String model,
      String firmware,
      String fingerprint,
      boolean up,
      Map<String, Integer> modulesByPrivacyClass) {
    this(name, model, firmware, fingerprint, up, modulesByPrivacyClass, null, 0);
  }
}
