package io.vigie.firmware;

import java.util.Map;

/**
 * What the poller tells the ops side after each camera poll; a Prometheus adapter in {@code
 * metrics} implements it. The default does nothing.
 */
public interface CameraMetrics {
  /** After each poll: up or not, and what it found (state null when down). */
  void onPoll(String camera, boolean up, CameraState state, Fingerprint fingerprint);

  /** Configured modules and rules by privacy class, after each successful poll. */
  void onPrivacyClasses(String camera, Map<PrivacyClass, Integer> configuredByClass);

  void onPollError(String camera, PollErrorType type);

  /** Duration of one full poll of all cameras. */
  void onFleetPoll(int cameras, long nanos);

  CameraMetrics NONE =
      new CameraMetrics() {
        @Override
        public void onPoll(String camera, boolean up, CameraState state, Fingerprint fingerprint) {}

        @Override
        public void onPrivacyClasses(String camera, Map<PrivacyClass, Integer> configuredByClass) {}

        @Override
        public void onPollError(String camera, PollErrorType type) {}

        @Override
        public void onFleetPoll(int cameras, long nanos) {}
      };
}
