package io.vigie.firmware;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of polling one camera: a state with its fingerprint, or an error.
 *
 * @param tsNanos when the poll started (injected clock)
 */
public record CameraPoll(
    String camera, long tsNanos, CameraState state, Fingerprint fingerprint, PollError error) {
  public static CameraPoll ok(String camera, long tsNanos, CameraState state) {
    return new CameraPoll(camera, tsNanos, state, Fingerprint.of(state), null);
  }

  public static CameraPoll failed(String camera, long tsNanos, PollError error) {
    return new CameraPoll(camera, tsNanos, null, null, error);
  }

  public boolean reachable() {
    return error == null;
  }

  /** Fields of a {@code camera_snapshot} evidence record (no credential ever). */
  public Map<String, Object> evidenceFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("camera", camera);
    if (error != null) {
      f.put("error", error.type().wireName());
      f.put("detail", error.detail());
      return f;
    }
    f.put("fingerprint", fingerprint.full());
    f.put("parts", fingerprint.parts());
    f.put("state", CameraStateMaps.stateToMap(state));
    return f;
  }
}
