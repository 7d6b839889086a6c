package io.vigie.daemon;

import io.vigie.firmware.CameraMetrics;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.Fingerprint;
import io.vigie.firmware.KnownVulnerabilities;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PrivacyClass;
import io.vigie.metrics.CameraView;
import io.vigie.metrics.OnvifPollErrors;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts what the ONVIF poller reports ({@link CameraMetrics}, called from the poll threads) to the
 * metrics' {@link CameraView}, read at scrape time: the last state of each camera, replaced whole
 * after each poll.
 */
public final class CameraGauge implements CameraMetrics, CameraView {
  private final Map<String, io.vigie.metrics.CameraState> cameras = new ConcurrentHashMap<>();
  private final OnvifPollErrors pollErrors;
  private final KnownVulnerabilities vulnerabilities;

  public CameraGauge(OnvifPollErrors pollErrors) {
    this(pollErrors, KnownVulnerabilities.NONE);
  }

  /**
   * @param vulnerabilities matched on each poll's identity, for {@code
   *     vigie_camera_known_vulnerabilities}
   */
  public CameraGauge(OnvifPollErrors pollErrors, KnownVulnerabilities vulnerabilities) {
    this.pollErrors = pollErrors;
    this.vulnerabilities = vulnerabilities;
  }

  @Override
  public void onPoll(String camera, boolean up, CameraState state, Fingerprint fingerprint) {
    cameras.compute(
        camera,
        (name, old) ->
            new io.vigie.metrics.CameraState(
                name,
                state == null ? (old == null ? null : old.model()) : state.identity().model(),
                state == null ? (old == null ? null : old.firmware()) : state.identity().firmware(),
                fingerprint == null ? (old == null ? null : old.fingerprint()) : fingerprint.full(),
                up,
                old == null ? Map.of() : old.modulesByPrivacyClass(),
                state == null
                    ? (old == null ? null : old.vendor())
                    : state.identity().manufacturer(),
                state == null
                    ? (old == null ? 0 : old.knownVulnerabilities())
                    : vulnerabilities
                        .match(
                            state.identity().manufacturer(),
                            state.identity().model(),
                            state.identity().firmware())
                        .size()));
  }

  @Override
  public void onPrivacyClasses(String camera, Map<PrivacyClass, Integer> configuredByClass) {
    Map<String, Integer> byClass = new TreeMap<>();
    configuredByClass.forEach((c, n) -> byClass.put(c.wireName(), n));
    cameras.computeIfPresent(
        camera,
        (name, old) ->
            new io.vigie.metrics.CameraState(
                name,
                old.model(),
                old.firmware(),
                old.fingerprint(),
                old.up(),
                byClass,
                old.vendor(),
                old.knownVulnerabilities()));
  }

  @Override
  public void onPollError(String camera, PollErrorType type) {
    pollErrors.count(type.wireName());
  }

  @Override
  public void onFleetPoll(int cameras, long nanos) {}

  @Override
  public List<io.vigie.metrics.CameraState> cameras() {
    return List.copyOf(new TreeMap<>(cameras).values());
  }
}
