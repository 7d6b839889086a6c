package io.vigie.gate;

/**
 * What the gate counts; the metrics package adapts it to Prometheus. Called from event loops:
 * implementations must not block.
 *
 * <pre>{@code
 * GateServer gate = new GateServer(config, windows::snapshot, events, GateMetrics.NONE, clock);
 * }</pre>
 */
public interface GateMetrics {
  /** A connection was admitted under a window. */
  default void admitted(String listener) {}

  /** A connection was refused; {@code reason} is a verdict name or {@code bad_preamble}... */
  default void refused(String listener, String reason) {}

  /** A relayed connection ended; {@code reason} as in its session's {@code end_reason}. */
  default void closed(String listener, String reason, long bytesToTarget, long bytesFromTarget) {}

  /** A window with live connections ends within {@code warn_before_end_seconds}. */
  default void windowEndingSoon(String window) {}

  GateMetrics NONE = new GateMetrics() {};
}
