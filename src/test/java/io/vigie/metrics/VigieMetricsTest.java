package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.vigie.capture.CaptureStats;
import io.vigie.capture.PacketHandler;
import io.vigie.capture.PacketSource;
import io.vigie.clock.NtpStatus;
import io.vigie.decode.DecodeCounters;
import io.vigie.decode.Malformed;
import io.vigie.net.App;
import io.vigie.notice.Severity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VigieMetricsTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void everyViewIsReadAtScrapeTimeWithItsLabels() {
    Fixtures.everythingTouched(registry);
    Exposition e = Exposition.scrape(registry);

    assertEquals(
        1.0,
        e.get(
            "vigie_build_info{version=\"0.1.0-test\",java_version=\""
                + System.getProperty("java.version")
                + "\",}"));
    assertEquals(Fixtures.CLOCK.millis() / 1000.0, e.get("vigie_start_time_seconds"));
    assertEquals(1.0, e.get("vigie_capture_up{interface=\"eth1\",}"));
    assertEquals(1000.0, e.get("vigie_capture_packets_total{interface=\"eth1\",}"));
    assertEquals(640_000.0, e.get("vigie_capture_bytes_total{interface=\"eth1\",}"));
    assertEquals(
        3.0, e.get("vigie_capture_dropped_packets_total{interface=\"eth1\",by=\"kernel\",}"));
    assertEquals(
        1.0, e.get("vigie_capture_dropped_packets_total{interface=\"eth1\",by=\"interface\",}"));
    assertEquals(
        4.0, e.get("vigie_capture_dropped_packets_total{interface=\"eth1\",by=\"vigie\",}"));
    assertEquals(
        2.0,
        e.get(
            "vigie_capture_malformed_packets_total{interface=\"eth1\",reason=\"truncated_tcp\",}"));
    assertEquals(
        0.0,
        e.get(
            "vigie_capture_malformed_packets_total{interface=\"eth1\",reason=\"truncated_udp\",}"));
    assertNull(
        e.get("vigie_capture_malformed_packets_total{interface=\"eth1\",reason=\"not_ip\",}"),
        "frames that are not IP are not malformed");
    assertEquals(7.0, e.get("vigie_capture_non_ip_packets_total{interface=\"eth1\",}"));
    assertEquals(42.0, e.get("vigie_flows_active"));
    assertEquals(2.0, e.get("vigie_windows{state=\"open\",}"));
    assertEquals(
        1.0,
        e.get(
            "vigie_camera_info{camera=\"cam-001\",vendor=\"AXIS\",model=\"P3245\",firmware=\"10.12.1\",fingerprint=\"ab12cd\",}"));
    assertEquals(1.0, e.get("vigie_camera_known_vulnerabilities{camera=\"cam-001\",}"));
    assertEquals(4.0, e.get("vigie_camera_advisories{state=\"loaded\",}"));
    assertEquals(1.0, e.get("vigie_camera_advisories{state=\"failed\",}"));
    // The notice of the fixture names no camera nor window: one subject, at the clock's time.
    assertEquals(
        Fixtures.CLOCK.millis() / 1000.0,
        e.get(
            "vigie_notice_last_timestamp_seconds{type=\"vendor_access_outside_window\",severity=\"critical\",camera=\"\",window=\"\",}"));
    // The JVM's own metrics, in this registry.
    assertTrue(e.get("jvm_threads_current") > 0);
    assertEquals(1.0, e.get("vigie_camera_up{camera=\"cam-001\",}"));
    assertEquals(
        1.0,
        e.get("vigie_camera_analytics_modules{camera=\"cam-001\",privacy_class=\"biometric\",}"));
    assertEquals(
        3.0, e.get("vigie_camera_analytics_modules{camera=\"cam-001\",privacy_class=\"none\",}"));
    assertEquals(1234.0, e.get("vigie_evidence_records_total"));
    assertEquals(1.7e9, e.get("vigie_evidence_last_checkpoint_timestamp_seconds"));
    assertEquals(1.0, e.get("vigie_evidence_chain_ok"));
    assertEquals(-0.25, e.get("vigie_clock_offset_seconds{server=\"10.0.0.5:123\",}"));
    assertEquals(0.004, e.get("vigie_clock_ntp_delay_seconds{server=\"10.0.0.5:123\",}"));
    assertEquals(10.0, e.get("vigie_clock_ntp_queries_total{server=\"10.0.0.5:123\",}"));
    assertEquals(1.0, e.get("vigie_clock_ntp_query_failures_total{server=\"10.0.0.5:123\",}"));
    assertEquals(1.0, e.get("vigie_sessions_total{app=\"ssh\",verdict=\"authorised\",}"));
    assertEquals(
        1.0,
        e.get("vigie_notices_total{type=\"vendor_access_outside_window\",severity=\"critical\",}"));
    assertEquals(1.0, e.get("vigie_onvif_poll_errors_total{type=\"timeout\",}"));
  }

  @Test
  void gaugesFollowTheOwnersStateBetweenScrapes() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    AtomicLong flows = new AtomicLong(5);
    m.watchFlows(flows::get);
    assertEquals(5.0, Exposition.scrape(registry).get("vigie_flows_active"));
    flows.set(9);
    assertEquals(9.0, Exposition.scrape(registry).get("vigie_flows_active"));
  }

  @Test
  void countersAlertedOnExistAtZeroBeforeTheFirstEvent() {
    new VigieMetrics(registry, "t", Fixtures.CLOCK);
    Exposition e = Exposition.scrape(registry);
    for (String type : NoticeCounter.ALERTED_TYPES) {
      for (Severity s : Severity.values()) {
        assertEquals(
            0.0,
            e.get("vigie_notices_total{type=\"" + type + "\",severity=\"" + s.wireName() + "\",}"),
            type);
      }
    }
    for (App a : App.values()) {
      assertEquals(
          0.0, e.get("vigie_sessions_total{app=\"" + a.wireName() + "\",verdict=\"authorised\",}"));
    }
    assertEquals(0.0, e.get("vigie_onvif_poll_errors_total{type=\"soap_fault\",}"));
  }

  @Test
  void sessionsCountByAppAndVerdictWithUnjudgedForNone() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.sessions().onSession(Fixtures.session(App.RDP, "outside_window"));
    m.sessions().onSession(Fixtures.session(App.RDP, "outside_window"));
    m.sessions().onSession(Fixtures.session(App.HTTP, null));
    Exposition e = Exposition.scrape(registry);
    assertEquals(2.0, e.get("vigie_sessions_total{app=\"rdp\",verdict=\"outside_window\",}"));
    assertEquals(0.0, e.get("vigie_sessions_total{app=\"ssh\",verdict=\"outside_window\",}"));
    assertEquals(1.0, e.get("vigie_sessions_total{app=\"http\",verdict=\"unjudged\",}"));
  }

  @Test
  void unboundedLabelValuesCollapseIntoOther() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    // A bug that puts an ID in the notice type must not create a series per notice.
    for (int i = 0; i < 500; i++) {
      m.notices().onNotice(Fixtures.notice("bug-" + i, Severity.WARNING));
    }
    Exposition e = Exposition.scrape(registry);
    long typeValues =
        e.series().keySet().stream()
            .filter(s -> s.startsWith("vigie_notices_total{"))
            .map(s -> s.substring(s.indexOf("type=\""), s.indexOf("\",severity")))
            .distinct()
            .count();
    assertTrue(typeValues <= 65, "notice types exported: " + typeValues);
    double other = e.get("vigie_notices_total{type=\"other\",severity=\"warning\",}");
    double inNamed =
        e.series().entrySet().stream()
            .filter(x -> x.getKey().startsWith("vigie_notices_total{type=\"bug-"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    assertEquals(500.0, other + inNamed, "every notice is still counted");
    assertTrue(other > 0);
  }

  @Test
  void theGateCountsByListenerAndReason() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.gate().admitted("ssh");
    m.gate().admitted("ssh");
    m.gate().refused("ssh", "no_window");
    m.gate().closed("ssh", "window_revoked", 100, 2500);
    Exposition e = Exposition.scrape(registry);
    assertEquals(2.0, e.get("vigie_gate_connections_admitted_total{listener=\"ssh\",}"));
    assertEquals(
        1.0, e.get("vigie_gate_connections_refused_total{listener=\"ssh\",reason=\"no_window\",}"));
    assertEquals(
        1.0,
        e.get("vigie_gate_connections_closed_total{listener=\"ssh\",reason=\"window_revoked\",}"));
    assertEquals(
        2500.0,
        e.get("vigie_gate_relayed_bytes_total{listener=\"ssh\",direction=\"from_target\",}"));
  }

  @Test
  void aFailingViewCostsOnlyItsOwnMetricsAndIsCounted() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.watchFlows(() -> 3);
    m.watchEvidence(
        () -> {
          throw new IllegalStateException("store closed");
        });
    Exposition e = Exposition.scrape(registry);
    assertEquals(3.0, e.get("vigie_flows_active"));
    assertNull(e.get("vigie_evidence_chain_ok"));
    // The registry visits collectors in no fixed order, so a scrape may show the error counter
    // before or after the failing view runs: each scrape must add exactly one either way.
    String key = "vigie_metrics_collect_errors_total{collector=\"evidence\",}";
    double first = e.get(key) == null ? 0 : e.get(key);
    double second = Exposition.scrape(registry).get(key);
    double third = Exposition.scrape(registry).get(key);
    assertTrue(first == 0 || first == 1, "after one failing scrape: " + first);
    assertEquals(first + 1, second);
    assertEquals(second + 1, third);
  }

  @Test
  void noFakeZeroBeforeTheFirstMeasurement() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.watchClock(() -> new NtpStatus("10.0.0.5:123", Double.NaN, Double.NaN, Double.NaN, 1, 1));
    m.watchEvidence(() -> new EvidenceState(0, Double.NaN, true));
    Exposition e = Exposition.scrape(registry);
    assertFalse(e.sampleNames().contains("vigie_clock_offset_seconds"));
    assertFalse(e.sampleNames().contains("vigie_evidence_last_checkpoint_timestamp_seconds"));
    assertEquals(1.0, e.get("vigie_clock_ntp_query_failures_total{server=\"10.0.0.5:123\",}"));
  }

  @Test
  void theLastCheckpointHeadLeavesTheApplianceAsALabelWithTheTimestampGap() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    String head = "9f".repeat(32);
    m.watchEvidence(() -> new EvidenceState(42, 1.7e9, true, 41, head, 3, 2));
    Exposition e = Exposition.scrape(registry);
    assertEquals(
        1.0, e.get("vigie_evidence_checkpoint_info{checkpoint_id=\"41\",head=\"" + head + "\",}"));
    assertEquals(3.0, e.get("vigie_evidence_timestamp_failures_total"));
    assertEquals(2.0, e.get("vigie_evidence_unstamped_checkpoints"));
  }

  @Test
  void onlyTheLatestCheckpointHeadIsALabelValue() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    io.vigie.daemon.EvidenceGauge gauge = new io.vigie.daemon.EvidenceGauge();
    gauge.checkpoint(10, "aa".repeat(32), 1_700_000_000_000_000_000L);
    gauge.checkpoint(21, "bb".repeat(32), 1_700_000_060_000_000_000L);
    m.watchEvidence(gauge);
    Exposition e = Exposition.scrape(registry);
    assertEquals(
        1.0,
        e.get(
            "vigie_evidence_checkpoint_info{checkpoint_id=\"21\",head=\""
                + "bb".repeat(32)
                + "\",}"));
    assertNull(
        e.get(
            "vigie_evidence_checkpoint_info{checkpoint_id=\"10\",head=\""
                + "aa".repeat(32)
                + "\",}"));
  }

  @Test
  void interfaceStatsReadASourceAndItsDecodeCounters() {
    DecodeCounters counters = new DecodeCounters();
    counters.count(Malformed.BAD_UDP_LENGTH);
    counters.count(Malformed.BAD_UDP_LENGTH);
    PacketSource source =
        new PacketSource() {
          @Override
          public int dispatch(PacketHandler handler, int max) {
            return 0;
          }

          @Override
          public String name() {
            return "eth2";
          }

          @Override
          public CaptureStats stats() {
            return new CaptureStats(10, 600, 1, 0);
          }

          @Override
          public void close() {}
        };
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.watchCapture(() -> List.of(InterfaceStats.of(source, false, counters, 5)));
    Exposition e = Exposition.scrape(registry);
    assertEquals(0.0, e.get("vigie_capture_up{interface=\"eth2\",}"));
    assertEquals(10.0, e.get("vigie_capture_packets_total{interface=\"eth2\",}"));
    assertEquals(
        2.0,
        e.get(
            "vigie_capture_malformed_packets_total{interface=\"eth2\",reason=\"bad_udp_length\",}"));
    assertEquals(
        5.0, e.get("vigie_capture_dropped_packets_total{interface=\"eth2\",by=\"vigie\",}"));
  }

  @Test
  void windowStatesOnceSeenStayAtZero() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    AtomicLong open = new AtomicLong(1);
    m.watchWindows(() -> open.get() == 0 ? Map.of() : Map.of("open", open.get()));
    assertEquals(1.0, Exposition.scrape(registry).get("vigie_windows{state=\"open\",}"));
    open.set(0);
    assertEquals(0.0, Exposition.scrape(registry).get("vigie_windows{state=\"open\",}"));
  }

  @Test
  void watchingTheSameThingTwiceIsRefused() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.watchFlows(() -> 1);
    assertThrows(IllegalArgumentException.class, () -> m.watchFlows(() -> 2));
  }

  @Test
  void theDefaultRegistryIsLeftAlone() {
    new VigieMetrics(registry, "t", Fixtures.CLOCK).watchFlows(() -> 1);
    assertFalse(
        Exposition.scrape(CollectorRegistry.defaultRegistry).sampleNames().stream()
            .anyMatch(n -> n.startsWith("vigie_")));
  }

  @Test
  void cameraWithoutAnswerYetHasEmptyInfoLabelsAndIsDown() {
    VigieMetrics m = new VigieMetrics(registry, "t", Fixtures.CLOCK);
    m.watchCameras(() -> List.of(new CameraState("cam-9", null, null, null, false, null)));
    Exposition e = Exposition.scrape(registry);
    assertEquals(0.0, e.get("vigie_camera_up{camera=\"cam-9\",}"));
    assertEquals(
        1.0,
        e.get(
            "vigie_camera_info{camera=\"cam-9\",vendor=\"\",model=\"\",firmware=\"\",fingerprint=\"\",}"));
    assertEquals(0.0, e.get("vigie_camera_known_vulnerabilities{camera=\"cam-9\",}"));
  }
}
