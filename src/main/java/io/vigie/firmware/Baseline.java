package io.vigie.firmware;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The certified state of each camera, the reference every poll is compared with. Never learnt:
 * built only by {@code vigie cameras certify} and put in effect by approvers.
 *
 * @param createdNanos when it was polled
 * @param cameras state by camera name
 */
public record Baseline(long createdNanos, Map<String, CameraState> cameras) {
  public Baseline {
    cameras = Collections.unmodifiableMap(new TreeMap<>(cameras));
  }

  public Optional<CameraState> camera(String name) {
    return Optional.ofNullable(cameras.get(name));
  }

  /** Hash over every camera's fingerprint: what approvers approve. */
  public String digest() {
    Map<String, Object> m = new TreeMap<>();
    cameras.forEach((k, v) -> m.put(k, Fingerprint.of(v).full()));
    return Fingerprint.hash(Fingerprint.canonical(m));
  }
}
