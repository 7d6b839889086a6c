package io.vigie.policy;

import java.util.List;
import java.util.Locale;

/**
 * A change observed on a camera, as the firmware watcher reports it, to be matched against the
 * windows' {@link ExpectedChange}s with {@link WindowSet#windowExpecting}.
 *
 * <pre>{@code
 * CameraChange c = new CameraChange("cam-001", "5.7.3", sha256Hex, List.of());
 * Optional<Window> w = windows.windowExpecting(c, detectedAt);
 * }</pre>
 *
 * @param camera inventory name of the camera
 * @param firmwareVersion the new firmware version, or null when it did not change
 * @param imageSha256 digest of the new firmware image if known (with or without a version), or null
 * @param modules analytics modules that changed (added, removed or updated); empty if none
 */
public record CameraChange(
    String camera, String firmwareVersion, String imageSha256, List<String> modules) {
  public CameraChange {
    if (camera == null || camera.isBlank()) {
      throw new IllegalArgumentException("missing camera name");
    }
    modules = modules == null ? List.of() : List.copyOf(modules);
    imageSha256 = imageSha256 == null ? null : imageSha256.toLowerCase(Locale.ROOT);
  }

  /** Whether the firmware itself changed (version or image). */
  public boolean changesFirmware() {
    return firmwareVersion != null || imageSha256 != null;
  }
}
