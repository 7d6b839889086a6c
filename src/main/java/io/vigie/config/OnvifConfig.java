package io.vigie.config;

/**
 * How cameras are polled.
 *
 * <pre>
 * onvif: { poll_interval_seconds: 300, timeout_millis: 5000, concurrency: 32, max_response_bytes: 1048576 }
 * </pre>
 *
 * @param pollIntervalSeconds time between two full polls in the daemon
 * @param timeoutMillis deadline for one request, response body included
 * @param concurrency cameras polled at once
 * @param maxResponseBytes a longer answer is a poll error, not a memory problem
 */
public record OnvifConfig(
    Integer pollIntervalSeconds,
    Integer timeoutMillis,
    Integer concurrency,
    Integer maxResponseBytes) {
  public static final OnvifConfig DEFAULTS = new OnvifConfig(null, null, null, null);

  public OnvifConfig {
    pollIntervalSeconds = positive("poll_interval_seconds", pollIntervalSeconds, 300);
    timeoutMillis = positive("timeout_millis", timeoutMillis, 5000);
    concurrency = positive("concurrency", concurrency, 32);
    maxResponseBytes = positive("max_response_bytes", maxResponseBytes, 1 << 20);
    if (concurrency > 1024) {
      throw new IllegalArgumentException("concurrency must be at most 1024, was " + concurrency);
    }
  }

  private static Integer positive(String key, Integer v, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
