package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.GateConfig;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admission function against windows made by the real window service. */
class AdmissionTest {
  static final GateConfig.Target CAM1 = new GateConfig.Target("cam-001", "10.20.1.1", 22);
  static final GateConfig.Target CAM9 = new GateConfig.Target("cam-009", "10.20.9.9", 22);

  @TempDir Path dir;

  @Test
  void coversByDeviceOrSubnetAppAndRequester() throws Exception {
    Fixture fx = new Fixture(dir);
    Window w = fx.openWindow("cam-001", Duration.ofHours(1), App.SSH, App.TLS);
    GateConfig.Identity id = Fixture.identity();
    var now = fx.clock.instant();
    assertEquals(
        w, Admission.decide(fx.windows.snapshot(), id, CAM1, App.SSH, "203.0.113.7", now).window());
    assertEquals(
        "app_not_allowed",
        Admission.decide(fx.windows.snapshot(), id, CAM1, App.RDP, "x", now).reason());
    assertEquals(
        "device_out_of_scope",
        Admission.decide(fx.windows.snapshot(), id, CAM9, App.SSH, "x", now).reason());
    GateConfig.Identity other =
        new GateConfig.Identity("p.durand@rival", Identities.hashOf("x"), null, null);
    assertEquals(
        "no_window",
        Admission.decide(fx.windows.snapshot(), other, CAM1, App.SSH, "x", now).reason(),
        "another vendor's identity does not use this window");
    GateConfig.Identity colleague =
        new GateConfig.Identity("acme-ops", Identities.hashOf("y"), null, List.of(Fixture.VENDOR));
    assertTrue(
        Admission.decide(fx.windows.snapshot(), colleague, CAM1, App.SSH, "x", now).admitted(),
        "an identity may use the windows of the requesters it lists");
  }

  @Test
  void timeStateAndEndpoints() throws Exception {
    Fixture fx = new Fixture(dir);
    var start = fx.clock.instant().plus(Duration.ofMinutes(30));
    Window w =
        fx.windows.request(
            new WindowRequest(
                "fw",
                "T-1",
                new Scope(
                    List.of(),
                    List.of(Cidr.parse("10.20.0.0/16")),
                    List.of("203.0.113.0/24", "*.acme.example"),
                    List.of(App.SSH)),
                start,
                start.plus(Duration.ofHours(1)),
                List.of()),
            Fixture.VENDOR_ACTOR);
    GateConfig.Identity id = Fixture.identity();
    assertEquals(
        "window_not_approved",
        Admission.decide(fx.windows.snapshot(), id, CAM9, App.SSH, "203.0.113.7", start).reason());
    fx.windows.approve(w.id(), Fixture.MAYOR, "ok");
    assertEquals(
        "outside_window_hours",
        Admission.decide(
                fx.windows.snapshot(), id, CAM9, App.SSH, "203.0.113.7", fx.clock.instant())
            .reason());
    assertTrue(
        Admission.decide(fx.windows.snapshot(), id, CAM9, App.SSH, "203.0.113.7", start)
            .admitted());
    assertEquals(
        "endpoint_out_of_scope",
        Admission.decide(fx.windows.snapshot(), id, CAM9, App.SSH, "198.51.100.1", start).reason());
    Decision ended =
        Admission.decide(
            fx.windows.snapshot(),
            id,
            CAM9,
            App.SSH,
            "203.0.113.7",
            start.plus(Duration.ofHours(1)));
    assertEquals(
        "no_window",
        ended.reason(),
        "the end is exclusive, and a window that has ended is no window: not other hours");
    assertTrue(ended.message().contains("ended"), ended.message());
  }
}
