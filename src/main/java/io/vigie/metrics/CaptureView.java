package io.vigie.metrics;

import java.util.List;

/** The capture interfaces, read at scrape time: {@code () -> List.of(eth1.statsForMetrics())}. */
@FunctionalInterface
public interface CaptureView {
  List<InterfaceStats> interfaces();

  /**
   * Whether the capture is read from files (a replay) rather than live interfaces: views of "the
   * last 24 hours" then count in the capture's event time, not in wall time.
   */
  default boolean fromFiles() {
    return false;
  }
}
