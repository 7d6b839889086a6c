package io.vigie.metrics;

import java.util.List;

/** The capture interfaces, read at scrape time: {@code () -> List.of(eth1.statsForMetrics())}. */
@FunctionalInterface
public interface CaptureView {
  List<InterfaceStats> interfaces();
}
