package io.vigie.policy;

import static io.vigie.policy.TestSite.CAM1;
import static io.vigie.policy.TestSite.CAM2;
import static io.vigie.policy.TestSite.VENDOR_GW;
import static io.vigie.policy.Windows.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.net.App;
import io.vigie.policy.journal.WindowsFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsFileTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(WindowsFileTest.class.getResource(name).toURI());
  }

  private static ApprovalConfig approval() throws Exception {
    return YamlLoader.load(resource("site-approval.yaml"), SiteConfig.class).approval();
  }

  private static String error(String yaml) throws Exception {
    ApprovalConfig a = approval();
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> WindowsFile.parse("w.yaml", yaml.getBytes(StandardCharsets.UTF_8), a));
    return e.getMessage();
  }

  @Test
  void theExampleLoadsWithItsHistory() throws Exception {
    WindowSet set = WindowsFile.load(resource("windows.yaml"), approval());
    assertEquals(3, set.size());
    Window w1 = set.get("W-20261123-001").orElseThrow();
    assertEquals(at("07:45:00"), w1.approvedAt().orElseThrow());
    assertEquals(WindowState.ACTIVE, w1.stateAt(at("08:59:59")));
    assertEquals(WindowState.REVOKED, w1.stateAt(at("09:00:00")));
    assertEquals(List.of(App.SSH, App.TLS), w1.terms().scope().apps());
    assertEquals(at("09:00:00"), w1.terms().lapseAt());
    assertEquals("W-20261123-001", w1.events().get(0).window());
    assertEquals(
        WindowState.REJECTED, set.get("W-20261123-003").orElseThrow().stateAt(at("09:10:00")));

    // Judged against it: SSH to cam-001 at 08:30 is authorised, at 09:10 the window is revoked.
    TestSite site = new TestSite();
    assertEquals(
        "authorised",
        Judge.judge(Sessions.vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("08:40:00")), site, set)
            .verdict());
    assertEquals(
        "window_revoked",
        Judge.judge(Sessions.vendorSsh(VENDOR_GW, CAM1, at("09:10:00"), at("09:20:00")), site, set)
            .verdict());
    assertEquals(
        "authorised",
        Judge.judge(
                Sessions.session(VENDOR_GW, CAM2, 443, App.TLS, at("13:10:00"), at("13:20:00")),
                site,
                set)
            .verdict());
  }

  @Test
  void expectedChangesAreFoundForTheFirmwareWatcher() throws Exception {
    WindowSet set = WindowsFile.load(resource("windows.yaml"), approval());
    String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    CameraChange fw = new CameraChange("cam-001", "5.7.3", sha.toUpperCase(), List.of());
    assertEquals("W-20261123-001", set.windowExpecting(fw, at("08:30:00")).orElseThrow().id());
    assertTrue(set.windowExpecting(fw, at("07:59:59")).isEmpty(), "not active yet");
    assertTrue(set.windowExpecting(fw, at("09:00:00")).isEmpty(), "revoked");
    assertTrue(
        set.windowExpecting(new CameraChange("cam-001", "5.7.4", null, List.of()), at("08:30:00"))
            .isEmpty(),
        "another version");
    assertTrue(
        set.windowExpecting(
                new CameraChange("cam-001", "5.7.3", "00" + sha.substring(2), List.of()),
                at("08:30:00"))
            .isEmpty(),
        "another image");
    assertTrue(
        set.windowExpecting(new CameraChange("cam-002", "5.7.3", sha, List.of()), at("08:30:00"))
            .isEmpty(),
        "another camera");
    CameraChange modules = new CameraChange("cam-002", null, null, List.of("people-count"));
    assertEquals("W-20261123-002", set.windowExpecting(modules, at("14:00:00")).orElseThrow().id());
    assertTrue(
        set.windowExpecting(
                new CameraChange("cam-002", null, null, List.of("face-recognition")),
                at("14:00:00"))
            .isEmpty(),
        "a module not listed");
    assertTrue(
        set.windowExpecting(new CameraChange("cam-002", "6.0", null, List.of()), at("14:00:00"))
            .isEmpty(),
        "firmware not expected by a modules-only window");
  }

  private static final String ONE =
      """
      windows:
        - id: W-1
          requester: j.martin@acme
          requester_roles: [vendor]
          requested_at: 2026-11-23T05:30:00Z
          reason: r
          ticket: T-1
          scope: { devices: [cam-001], apps: [ssh] }
          start: 2026-11-23T08:00:00Z
          end: 2026-11-23T10:00:00Z
          approvals:
      """;

  @Test
  void selfApprovalIsRefusedWithFileAndLine() throws Exception {
    String msg =
        error(
            ONE + "      - { who: j.martin@acme, roles: [town_hall], at: 2026-11-23T07:40:00Z }\n");
    assertTrue(
        msg.startsWith("w.yaml:2: windows[0].approvals[0]: j.martin@acme requested window"), msg);
  }

  @Test
  void aMissingRoleIsRefused() throws Exception {
    String msg =
        error(
            ONE
                + "      - { who: m.dupont, roles: [town_hall], at: 2026-11-23T07:40:00Z }\n"
                + "      - { who: p.durand, roles: [town_hall], at: 2026-11-23T07:41:00Z }\n");
    assertTrue(
        msg.startsWith(
            "w.yaml:2: windows[0].approvals[1]: p.durand holds none of the roles still needed [it_security]"),
        msg);
  }

  @Test
  void anApprovalOutsideApproverHoursIsRefused() throws Exception {
    // 06:40Z is 07:40 in Paris, before the approver hours open.
    String msg =
        error(ONE + "      - { who: m.dupont, roles: [town_hall], at: 2026-11-23T06:40:00Z }\n");
    assertTrue(msg.contains("approvals[0]: ") && msg.contains("approver hours"), msg);
  }

  @Test
  void badValuesNameTheirKeyAndLine() throws Exception {
    String unknown = error(ONE.replace("ticket: T-1", "tiket: T-1") + "      []\n");
    assertTrue(
        unknown.startsWith("w.yaml:") && unknown.contains("windows[0].tiket: unknown key 'tiket'"),
        unknown);
    String time = error(ONE.replace("end: 2026-11-23T10:00:00Z", "end: tomorrow") + "      []\n");
    assertTrue(
        time.contains("windows[0]") && time.contains("'tomorrow' is not an ISO-8601 instant"),
        time);
    String app = error(ONE.replace("apps: [ssh]", "apps: [sssh]") + "      []\n");
    assertTrue(app.startsWith("w.yaml:2: windows[0].scope.apps: unknown application 'sssh'"), app);
    String ticket = error(ONE.replace("ticket: T-1", "ticket: ' '") + "      []\n");
    assertTrue(ticket.startsWith("w.yaml:2: windows[0].ticket: required"), ticket);
    String twice =
        error(
            "windows:\n"
                + ONE.substring(ONE.indexOf("  - id"))
                + "      []\n"
                + ONE.substring(ONE.indexOf("  - id"))
                + "      []\n");
    assertTrue(
        twice.startsWith("w.yaml:13: windows[1].id: 'W-1' is also the id of windows[0]"), twice);
    String before =
        error(ONE + "      - { who: m.dupont, roles: [town_hall], at: 2026-11-23T05:29:00Z }\n");
    assertTrue(before.contains("approvals[0]: happens before the request"), before);
  }

  @Test
  void aMissingFileIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    ApprovalConfig a = approval();
    ConfigException e =
        assertThrows(ConfigException.class, () -> WindowsFile.load(dir.resolve("nope.yaml"), a));
    assertEquals(dir.resolve("nope.yaml") + ": no such file", e.getMessage());
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "windows: []\n");
    assertEquals(0, WindowsFile.load(empty, a).size());
  }

  @Test
  void withTheSiteAnUnknownDeviceIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    SiteConfig site = YamlLoader.load(resource("site-approval.yaml"), SiteConfig.class);
    assertEquals(3, WindowsFile.load(resource("windows.yaml"), site).size());
    Path typo =
        Files.writeString(
            dir.resolve("w.yaml"), ONE.replace("[cam-001]", "[cam-0001]") + "      []\n");
    ConfigException e = assertThrows(ConfigException.class, () -> WindowsFile.load(typo, site));
    assertEquals(
        typo + ":2: windows[0].scope.devices: 'cam-0001' is not a device of the site",
        e.getMessage());
    assertEquals(
        1,
        WindowsFile.load(typo, site.approval()).size(),
        "approval rules alone do not know the devices");
  }
}
