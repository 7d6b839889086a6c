package io.vigie.policy;

import java.util.List;
import java.util.Locale;

/**
 * A change on a camera that a maintenance window authorises. Unset fields do not constrain; at
 * least one of firmware version, image digest or modules must be set, since a window that expects
 * "anything" on a camera would authorise nothing in particular.
 *
 * <pre>{@code
 * new ExpectedChange("cam-001", "5.7.3", null, List.of());          // firmware 5.7.3, any image
 * new ExpectedChange("cam-002", null, null, List.of("people-count")); // this analytics module
 * }</pre>
 *
 * @param camera inventory name of the camera
 * @param firmwareVersion the firmware version expected after the change, or null
 * @param imageSha256 SHA-256 of the firmware image (64 hex digits, stored lower case), or null
 * @param modules analytics modules that may change (added, removed or updated)
 */
public record ExpectedChange(
    String camera, String firmwareVersion, String imageSha256, List<String> modules) {
  public ExpectedChange {
    modules = modules == null ? List.of() : List.copyOf(modules);
    imageSha256 = imageSha256 == null ? null : imageSha256.toLowerCase(Locale.ROOT);
  }

  /** Checks this expectation as element {@code index} of {@code expected_changes}. */
  public void validate(int index) throws PolicyException {
    String f = "expected_changes[" + index + "]";
    if (camera == null || camera.isBlank()) {
      throw PolicyException.invalid(f + ".camera", "missing camera name");
    }
    if (imageSha256 != null && !imageSha256.matches("[0-9a-f]{64}")) {
      throw PolicyException.invalid(
          f + ".image_sha256", "'" + imageSha256 + "' is not 64 hex digits");
    }
    if (firmwareVersion == null && imageSha256 == null && modules.isEmpty()) {
      throw PolicyException.invalid(
          f, "say what may change: firmware_version, image_sha256 or modules");
    }
  }

  /**
   * Whether this expectation covers {@code change}: same camera; a firmware change must match the
   * expected version and digest where they are set (and the expectation must name one of them);
   * every changed module must be listed.
   */
  public boolean covers(CameraChange change) {
    if (!camera.equals(change.camera())) {
      return false;
    }
    if (change.changesFirmware()) {
      if (firmwareVersion == null && imageSha256 == null) {
        return false;
      }
      if (firmwareVersion != null && !firmwareVersion.equals(change.firmwareVersion())) {
        return false;
      }
      if (imageSha256 != null && !imageSha256.equals(change.imageSha256())) {
        return false;
      }
    }
    return modules.containsAll(change.modules());
  }
}
