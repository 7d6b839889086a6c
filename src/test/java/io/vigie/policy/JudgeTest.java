package io.vigie.policy;

import static io.vigie.policy.Sessions.session;
import static io.vigie.policy.Sessions.vendorSsh;
import static io.vigie.policy.TestSite.CAM1;
import static io.vigie.policy.TestSite.CAM2;
import static io.vigie.policy.TestSite.INTERNET;
import static io.vigie.policy.TestSite.NTP;
import static io.vigie.policy.TestSite.VENDOR_GW;
import static io.vigie.policy.TestSite.VENDOR_OTHER;
import static io.vigie.policy.Windows.at;
import static io.vigie.policy.Windows.set;
import static io.vigie.policy.Windows.us;
import static io.vigie.policy.Windows.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JudgeTest {
  private static final TestSite SITE = new TestSite();

  private static Windows w1() {
    return window("W1").approvedAt(at("07:30:00"));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, session, windows, verdict, window, notice type (null: none)
        Arguments.of(
            "inside the window",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:00:00")),
            set(w1()),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "starts 1 us before the window",
            vendorSsh(VENDOR_GW, CAM1, us(at("08:00:00"), -1), at("08:30:00")),
            set(w1()),
            "outside_window_hours",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "starts at the window's start",
            vendorSsh(VENDOR_GW, CAM1, at("08:00:00"), at("08:30:00")),
            set(w1()),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "last packet 1 us before the end",
            vendorSsh(VENDOR_GW, CAM1, at("09:00:00"), us(at("10:00:00"), -1)),
            set(w1()),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "last packet at the end",
            vendorSsh(VENDOR_GW, CAM1, at("09:00:00"), at("10:00:00")),
            set(w1()),
            "session_outlived_window",
            "W1",
            "session_outlived_window"),
        Arguments.of(
            "starts at the end",
            vendorSsh(VENDOR_GW, CAM1, at("10:00:00"), at("10:10:00")),
            set(w1()),
            "outside_window_hours",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "revocation mid-session",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:30:00")),
            set(window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00"))),
            "session_outlived_window",
            "W1",
            "session_outlived_window"),
        Arguments.of(
            "starts at the revocation",
            vendorSsh(VENDOR_GW, CAM1, at("09:00:00"), at("09:10:00")),
            set(window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00"))),
            "window_revoked",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "revoked after the session ended",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("08:40:00")),
            set(window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00"))),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "overlapping windows chain",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("10:30:00")),
            set(
                w1(),
                window("W2").hours(at("09:30:00"), at("11:00:00")).approvedAt(at("07:30:00"))),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "overlapping windows, outlives the second",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("11:00:00")),
            set(
                w1(),
                window("W2").hours(at("09:30:00"), at("11:00:00")).approvedAt(at("07:30:00"))),
            "session_outlived_window",
            "W2",
            "session_outlived_window"),
        Arguments.of(
            "overlapping, the longer one is revoked",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:45:00")),
            set(
                w1(),
                window("W2")
                    .hours(at("08:00:00"), at("11:00:00"))
                    .approvedAt(at("07:30:00"))
                    .revokedAt(at("09:00:00"))),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "a 1 us gap between windows",
            vendorSsh(VENDOR_GW, CAM1, at("09:00:00"), at("10:30:00")),
            set(
                w1(),
                window("W3")
                    .hours(us(at("10:00:00"), 1), at("12:00:00"))
                    .approvedAt(at("07:30:00"))),
            "session_outlived_window",
            "W1",
            "session_outlived_window"),
        Arguments.of(
            "no window",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:00:00")),
            WindowSet.EMPTY,
            "no_window",
            null,
            "vendor_access_outside_window"),
        Arguments.of(
            "window requested after the session started",
            vendorSsh(VENDOR_GW, CAM1, at("06:30:00"), at("06:40:00")),
            set(w1()),
            "no_window",
            null,
            "vendor_access_outside_window"),
        Arguments.of(
            "device out of scope",
            vendorSsh(VENDOR_GW, CAM2, at("08:30:00"), at("09:00:00")),
            set(w1()),
            "device_out_of_scope",
            "W1",
            "vendor_access_out_of_scope"),
        Arguments.of(
            "subnet in scope",
            vendorSsh(VENDOR_GW, CAM2, at("08:30:00"), at("09:00:00")),
            set(
                window("W4", List.of(), List.of("10.20.1.0/24"), List.of(), List.of(App.SSH))
                    .approvedAt(at("07:30:00"))),
            "authorised",
            "W4",
            null),
        Arguments.of(
            "endpoint by name in scope",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:00:00")),
            set(
                window(
                        "W5",
                        List.of("cam-001"),
                        List.of(),
                        List.of("*.acme-cloud.example"),
                        List.of(App.SSH))
                    .approvedAt(at("07:30:00"))),
            "authorised",
            "W5",
            null),
        Arguments.of(
            "endpoint out of scope",
            vendorSsh(VENDOR_OTHER, CAM1, at("08:30:00"), at("09:00:00")),
            set(
                window(
                        "W5",
                        List.of("cam-001"),
                        List.of(),
                        List.of("*.acme-cloud.example", "203.0.113.10"),
                        List.of(App.SSH))
                    .approvedAt(at("07:30:00"))),
            "endpoint_out_of_scope",
            "W5",
            "vendor_access_out_of_scope"),
        Arguments.of(
            "application not allowed",
            session(VENDOR_GW, CAM1, 3389, App.RDP, at("08:30:00"), at("09:00:00")),
            set(w1()),
            "app_not_allowed",
            "W1",
            "vendor_access_out_of_scope"),
        Arguments.of(
            "not approved yet",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:00:00")),
            set(window("W1")),
            "window_not_approved",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "lapsed",
            vendorSsh(VENDOR_GW, CAM1, at("09:30:00"), at("09:40:00")),
            set(window("W1")),
            "window_lapsed",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "rejected",
            vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:00:00")),
            set(window("W1").rejectedAt(at("07:40:00"))),
            "window_rejected",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "a revoked window for this device beats an active one for another",
            vendorSsh(VENDOR_GW, CAM1, at("09:30:00"), at("09:40:00")),
            set(
                window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00")),
                window("W9", List.of("cam-002"), List.of(), List.of(), List.of(App.SSH))
                    .approvedAt(at("07:30:00"))),
            "window_revoked",
            "W1",
            "vendor_access_outside_window"),
        Arguments.of(
            "last packet before the first (capture clock jumped back)",
            vendorSsh(VENDOR_GW, CAM1, at("09:00:00"), at("08:59:00")),
            set(w1()),
            "authorised",
            "W1",
            null),
        Arguments.of(
            "vendor tunnel allowed by its window",
            session(VENDOR_GW, CAM1, 51820, App.WIREGUARD, at("08:30:00"), at("09:00:00")),
            set(
                window("W6", List.of("cam-001"), List.of(), List.of(), List.of(App.WIREGUARD))
                    .approvedAt(at("07:30:00"))),
            "authorised",
            "W6",
            null),
        Arguments.of(
            "phone home",
            session(CAM1, INTERNET, 443, App.TLS, at("08:30:00"), at("08:31:00")),
            set(w1()),
            "phone_home",
            null,
            "phone_home"),
        Arguments.of(
            "allowed service",
            session(CAM1, NTP, 123, App.NTP, at("08:30:00"), at("08:31:00")),
            set(w1()),
            null,
            null,
            null),
        Arguments.of(
            "video leaves the network",
            session(CAM1, INTERNET, 554, App.RTSP, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            "video_egress",
            null,
            "video_egress"),
        Arguments.of(
            "video pulled from outside",
            session(INTERNET, CAM1, 554, App.RTSP, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            "video_egress",
            null,
            "video_egress"),
        Arguments.of(
            "remote access from outside, not the vendor",
            session(INTERNET, CAM1, 22, App.SSH, at("08:30:00"), at("08:31:00")),
            set(w1()),
            "remote_access",
            null,
            "remote_access"),
        Arguments.of(
            "tunnel inside the video network",
            session(CAM1, CAM2, 51820, App.WIREGUARD, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            "tunnel",
            null,
            "tunnel_detected"),
        Arguments.of(
            "openvpn to the internet",
            session(CAM1, INTERNET, 1194, App.OPENVPN, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            "tunnel",
            null,
            "tunnel_detected"),
        Arguments.of(
            "internal video",
            session(TestSite.VMS, CAM1, 554, App.RTSP, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            null,
            null,
            null),
        Arguments.of(
            "outside the video networks",
            session(INTERNET, NTP, 22, App.SSH, at("08:30:00"), at("08:31:00")),
            WindowSet.EMPTY,
            null,
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdicts(
      String name, Session s, WindowSet windows, String verdict, String window, String notice) {
    Judgement j = Judge.judge(s, SITE, windows);
    assertEquals(verdict, j.verdict(), "verdict");
    assertEquals(window, j.window(), "window");
    if (notice == null) {
      assertTrue(j.notices().isEmpty(), "no notice expected: " + j.notices());
    } else {
      assertEquals(1, j.notices().size(), "one notice");
      Notice n = j.notices().get(0);
      assertEquals(notice, n.note());
      assertEquals(s.communityId(), n.communityId());
      assertEquals(window, n.window());
      assertEquals(16, n.id().length());
      // The video device concerned, by inventory name when it has one: the alert's camera label.
      java.util.Set<String> devices = new java.util.HashSet<>();
      for (String a : List.of(s.origH(), s.respH())) {
        if (SITE.inVideoNetwork(a)) {
          devices.add(SITE.device(a).map(io.vigie.site.SiteView.DeviceRef::name).orElse(a));
        }
      }
      assertTrue(devices.contains(n.camera()), "camera " + n.camera() + " one of " + devices);
    }
    Session judged = j.applyTo(s);
    assertEquals(verdict, judged.verdict());
    assertEquals(window, judged.window());
  }

  @Test
  void outlivedNoticeIsDatedAtTheCutoff() {
    Session s = vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("09:30:00"));
    Judgement j =
        Judge.judge(
            s, SITE, set(window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00"))));
    Notice n = j.notices().get(0);
    assertEquals(Window.nanosOf(at("09:00:00")), n.tsNanos());
    assertEquals(Severity.HIGH, n.severity());
    assertTrue(n.msg().contains("revoked"), n.msg());
  }

  @Test
  void judgingInAnyOrderGivesTheSameVerdicts() {
    WindowSet ws = set(window("W1").approvedAt(at("07:30:00")).revokedAt(at("09:00:00")));
    List<Session> sessions = new ArrayList<>();
    for (int m = 0; m < 180; m += 7) {
      sessions.add(
          vendorSsh(
              VENDOR_GW,
              CAM1,
              at("07:50:00").plusSeconds(60L * m),
              at("08:00:00").plusSeconds(60L * m)));
    }
    List<String> forward = new ArrayList<>();
    sessions.forEach(s -> forward.add(Judge.judge(s, SITE, ws).verdict()));
    List<Session> backwards = new ArrayList<>(sessions);
    Collections.reverse(backwards);
    List<String> reversed = new ArrayList<>();
    backwards.forEach(s -> reversed.add(Judge.judge(s, SITE, ws).verdict()));
    Collections.reverse(reversed);
    assertEquals(forward, reversed);
    assertTrue(
        forward.contains("authorised")
            && forward.contains("window_revoked")
            && forward.contains("outside_window_hours")
            && forward.contains("session_outlived_window"),
        forward.toString());
  }

  @Test
  void sameFactsGiveTheSameNoticeId() {
    WindowSet none = WindowSet.EMPTY;
    Notice a =
        Judge.judge(
                session(CAM1, INTERNET, 443, App.TLS, at("08:30:00"), at("08:31:00")), SITE, none)
            .notices()
            .get(0);
    Notice b =
        Judge.judge(
                session(CAM1, INTERNET, 443, App.TLS, at("09:30:00"), at("09:31:00")), SITE, none)
            .notices()
            .get(0);
    Notice c =
        Judge.judge(
                session(CAM2, INTERNET, 443, App.TLS, at("09:30:00"), at("09:31:00")), SITE, none)
            .notices()
            .get(0);
    assertEquals(a.id(), b.id());
    assertTrue(!a.id().equals(c.id()));
    assertNull(a.window());
  }
}
