package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.List;

/**
 * Counts failed ONVIF polls by kind: {@code vigie_onvif_poll_errors_total{type}}. The camera is
 * deliberately not a label: {@code vigie_camera_up} says which camera, this says why.
 *
 * <pre>{@code
 * FirmwareMetrics fm = (camera, kind) -> metrics.onvifPollErrors().count(kind);
 * }</pre>
 */
public final class OnvifPollErrors {
  /** Kinds created at 0 from the start; others are accepted up to a small cap. */
  public static final List<String> KNOWN_TYPES =
      List.of("timeout", "connect", "http_status", "soap_fault", "auth", "parse");

  private static final int MAX_TYPES = 16;

  private final BoundedLabel<Counter.Child> byType;

  OnvifPollErrors(CollectorRegistry registry) {
    Counter counter =
        Counter.build("vigie_onvif_poll_errors_total", "Failed ONVIF polls, by kind of failure.")
            .labelNames("type")
            .register(registry);
    this.byType = new BoundedLabel<>(MAX_TYPES, counter::labels, KNOWN_TYPES);
  }

  public void count(String type) {
    byType.get(type == null ? BoundedLabel.OTHER : type).inc();
  }
}
