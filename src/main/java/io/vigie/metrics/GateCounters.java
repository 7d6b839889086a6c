package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.vigie.gate.GateMetrics;

/**
 * The gate's counters: connections admitted, refused (by reason) and closed, bytes relayed each
 * way, warnings before a window ends. Labels are the listener names of the config and the gate's
 * own reason names, both small fixed sets; never a vendor or an address.
 */
final class GateCounters implements GateMetrics {
  private static final int MAX_REASONS = 32;

  private final Counter admitted;
  private final Counter refused;
  private final Counter closed;
  private final Counter bytes;
  private final Counter endingSoon;
  private final BoundedLabel<String> refusedReasons;
  private final BoundedLabel<String> closedReasons;

  GateCounters(CollectorRegistry registry) {
    admitted =
        Counter.build(
                "vigie_gate_connections_admitted_total",
                "Vendor connections the gate admitted under an active window.")
            .labelNames("listener")
            .register(registry);
    refused =
        Counter.build(
                "vigie_gate_connections_refused_total",
                "Vendor connections the gate refused, by reason (no_window, app_not_allowed...).")
            .labelNames("listener", "reason")
            .register(registry);
    closed =
        Counter.build(
                "vigie_gate_connections_closed_total",
                "Relayed connections that ended, by reason (window_end, window_revoked, idle...).")
            .labelNames("listener", "reason")
            .register(registry);
    bytes =
        Counter.build("vigie_gate_relayed_bytes_total", "Bytes the gate relayed, by direction.")
            .labelNames("listener", "direction")
            .register(registry);
    endingSoon =
        Counter.build(
                "vigie_gate_window_ending_warnings_total",
                "Warnings that a window with live gate connections ends soon.")
            .register(registry);
    refusedReasons = new BoundedLabel<>(MAX_REASONS, r -> r, java.util.List.of());
    closedReasons = new BoundedLabel<>(MAX_REASONS, r -> r, java.util.List.of());
  }

  @Override
  public void admitted(String listener) {
    admitted.labels(listener).inc();
  }

  @Override
  public void refused(String listener, String reason) {
    refused
        .labels(listener, refusedReasons.get(reason == null ? BoundedLabel.OTHER : reason))
        .inc();
  }

  @Override
  public void closed(String listener, String reason, long bytesToTarget, long bytesFromTarget) {
    closed.labels(listener, closedReasons.get(reason == null ? BoundedLabel.OTHER : reason)).inc();
    bytes.labels(listener, "to_target").inc(bytesToTarget);
    bytes.labels(listener, "from_target").inc(bytesFromTarget);
  }

  @Override
  public void windowEndingSoon(String window) {
    endingSoon.inc();
  }
}
