package io.vigie.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.vigie.capture.CaptureStats;
import io.vigie.decode.Malformed;
import java.util.List;
import java.util.Map;

/**
 * Capture and decode counters per interface, read from the sources' own counters at scrape time so
 * the packet path never touches Prometheus.
 */
final class CaptureCollector extends Collector implements Collector.Describable {
  private static final List<String> IFACE = List.of("interface");

  private final CaptureView view;

  CaptureCollector(CaptureView view) {
    this.view = view;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Families f = new Families();
    for (InterfaceStats i : view.interfaces()) {
      List<String> iface = List.of(i.name());
      CaptureStats c = i.capture();
      f.up.addMetric(iface, i.up() ? 1 : 0);
      // Every state, 0 but the current one, so that a person sees "done" where up alone is 1.
      for (InterfaceStats.State st : InterfaceStats.State.values()) {
        f.state.addMetric(List.of(i.name(), st.wireName()), i.state() == st ? 1 : 0);
      }
      f.packets.addMetric(iface, c.received());
      f.bytes.addMetric(iface, c.bytes());
      f.dropped.addMetric(List.of(i.name(), "kernel"), c.droppedByKernel());
      f.dropped.addMetric(List.of(i.name(), "interface"), c.droppedByInterface());
      f.dropped.addMetric(List.of(i.name(), "vigie"), i.droppedByVigie());
      Map<Malformed, Long> skipped = i.skipped();
      for (Malformed m : Malformed.values()) {
        long n = skipped.getOrDefault(m, 0L);
        if (m == Malformed.NOT_IP) {
          f.nonIp.addMetric(iface, n);
        } else {
          // Every reason, zeros included, so that rate() has a starting point for a new reason.
          f.malformed.addMetric(List.of(i.name(), m.label()), n);
        }
      }
    }
    return f.all();
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return new Families().all();
  }

  private static final class Families {
    final GaugeMetricFamily up =
        new GaugeMetricFamily(
            "vigie_capture_up",
            "1 while the packet source of the interface is read, or a capture file was read to its"
                + " end; 0 when it failed or was stopped.",
            IFACE);
    final GaugeMetricFamily state =
        new GaugeMetricFamily(
            "vigie_capture_state",
            "1 for the capture's current state: starting, running, done (a file read to its end),"
                + " stopped, failed.",
            List.of("interface", "state"));
    final CounterMetricFamily packets =
        new CounterMetricFamily(
            "vigie_capture_packets_total", "Frames received from libpcap.", IFACE);
    final CounterMetricFamily bytes =
        new CounterMetricFamily(
            "vigie_capture_bytes_total", "Bytes on the wire of the frames received.", IFACE);
    final CounterMetricFamily dropped =
        new CounterMetricFamily(
            "vigie_capture_dropped_packets_total",
            "Frames lost: by the kernel buffer and the interface (libpcap), or by vigie (queue full).",
            List.of("interface", "by"));
    final CounterMetricFamily malformed =
        new CounterMetricFamily(
            "vigie_capture_malformed_packets_total",
            "Frames skipped as malformed, by reason.",
            List.of("interface", "reason"));
    final CounterMetricFamily nonIp =
        new CounterMetricFamily(
            "vigie_capture_non_ip_packets_total",
            "Frames of a protocol vigie does not track (ARP, LLDP...): not an error.",
            IFACE);

    List<MetricFamilySamples> all() {
      return List.of(up, state, packets, bytes, dropped, malformed, nonIp);
    }
  }
}
