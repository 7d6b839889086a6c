package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.vigie.capture.CaptureStats;
import io.vigie.clock.NtpStatus;
import io.vigie.decode.Malformed;
import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A {@link VigieMetrics} with every view watched and every counter touched once. */
final class Fixtures {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

  private Fixtures() {}

  static VigieMetrics everythingTouched(CollectorRegistry registry) {
    return everythingTouched(registry, () -> 42);
  }

  static VigieMetrics everythingTouched(CollectorRegistry registry, LongSupplier activeFlows) {
    VigieMetrics m = new VigieMetrics(registry, "0.1.0-test", CLOCK);
    m.watchCapture(
        () ->
            List.of(
                new InterfaceStats(
                    "eth1",
                    true,
                    new CaptureStats(1000, 640_000, 3, 1),
                    Map.of(Malformed.TRUNCATED_TCP, 2L, Malformed.NOT_IP, 7L),
                    4)));
    m.watchFlows(activeFlows);
    m.watchWindows(() -> Map.of("approved", 1L, "open", 2L));
    m.watchCameras(
        () ->
            List.of(
                new CameraState(
                    "cam-001",
                    "P3245",
                    "10.12.1",
                    "ab12cd",
                    true,
                    Map.of("biometric", 1, "none", 3),
                    "AXIS",
                    1)));
    m.advisories(4, 1);
    m.watchJvm();
    m.watchEvidence(() -> new EvidenceState(1234, 1.7e9, true, 5_000_000, 4L << 30, 2));
    m.watchKafka(
        () ->
            new io.vigie.kafka.SpoolStats(
                12, 40_960, 1L << 30, 3, 0, Map.of("vigie.notices", 7L), 0, 5, 0, 0, 2, true));
    m.watchHubWindows(
        () ->
            new HubWindowsState(
                3, 5, 40, Map.of("unsigned", 1L, "bad_signature", 0L), false, 1.7e9, 1.7e9 + 12));
    m.watchClock(() -> new NtpStatus("10.0.0.5:123", -0.25, 0.004, 1.7e9, 10, 1));
    m.sessions().onSession(session(App.SSH, "authorised"));
    m.notices().onNotice(notice("vendor_access_outside_window", Severity.CRITICAL));
    m.onvifPollErrors().count("timeout");
    m.gate().admitted("ssh");
    m.gate().refused("ssh", "no_window");
    m.gate().closed("ssh", "window_revoked", 1200, 3400);
    m.gate().windowEndingSoon("W-1");
    m.notifications().sent("mail");
    m.notifications().failed("webhook");
    m.notifications().dropped("mail", "queue_full");
    m.watchNotificationQueue(() -> 3);
    m.watchLogFiles(() -> 2);
    return m;
  }

  static Session session(App app, String verdict) {
    return new Session(
        0,
        1_000_000_000L,
        "tcp",
        "203.0.113.5",
        40000,
        "10.20.1.1",
        22,
        "1:abc",
        app,
        100,
        200,
        3,
        4,
        Direction.INBOUND,
        true,
        null,
        "cam-001",
        "fin",
        null,
        verdict,
        null);
  }

  static Notice notice(String note, Severity severity) {
    return new Notice(0, note, severity, "id-" + note, null, "msg", null, null);
  }
}
