package io.vigie.policy;

import static io.vigie.policy.Sessions.session;
import static io.vigie.policy.Sessions.vendorSsh;
import static io.vigie.policy.TestSite.CAM1;
import static io.vigie.policy.TestSite.CAM2;
import static io.vigie.policy.TestSite.INTERNET;
import static io.vigie.policy.TestSite.NTP;
import static io.vigie.policy.TestSite.VENDOR_GW;
import static io.vigie.policy.Windows.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.SeenEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStageTest {

  @Test
  void judgesSessionsAndRaisesNoticesOnce() {
    List<Session> sessions = new ArrayList<>();
    List<Notice> notices = new ArrayList<>();
    NoticeFilter filter = new NoticeFilter(Duration.ofMinutes(10), 1000, notices::add);
    WindowSet windows = Windows.set(Windows.window("W1").approvedAt(at("07:30:00")));
    List<String> verdicts = new ArrayList<>();
    PolicyStage stage =
        new PolicyStage(
            new TestSite(),
            () -> windows,
            new SeenEndpoints(1000),
            filter,
            sessions::add,
            v -> verdicts.add(String.valueOf(v)));

    stage.onSession(vendorSsh(VENDOR_GW, CAM1, at("08:30:00"), at("08:40:00")));
    stage.onSession(session(CAM1, INTERNET, 443, App.TLS, at("08:31:00"), at("08:32:00")));
    stage.onSession(session(CAM1, INTERNET, 443, App.TLS, at("08:35:00"), at("08:36:00")));
    stage.onSession(session(CAM2, INTERNET, 443, App.TLS, at("08:50:00"), at("08:51:00")));
    stage.onSession(session(CAM1, NTP, 123, App.NTP, at("08:51:00"), at("08:51:01")));

    assertEquals(
        List.of("authorised", "phone_home", "phone_home", "phone_home", "null"),
        sessions.stream().map(s -> String.valueOf(s.verdict())).toList());
    assertEquals("W1", sessions.get(0).window());
    assertEquals(sessions.stream().map(s -> String.valueOf(s.verdict())).toList(), verdicts);
    assertEquals(
        List.of("new_external_endpoint", "phone_home", "new_external_endpoint", "phone_home"),
        notices.stream().map(Notice::note).toList());
    assertEquals(Windows.T.plusSeconds(31 * 60), Window.instantOfNanos(notices.get(0).tsNanos()));
    assertEquals(1, filter.suppressed(), "the second cam-001 phone home, within 10 minutes");
  }
}
