package io.vigie.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalConfigTest {

  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void theSectionIsReadWithItsDefaults() throws Exception {
    SiteConfig full =
        parse(
            """
        approval:
          quorum:
            - { role: town_hall, count: 1 }
            - { role: it_security, count: 2 }
          requester_roles: [vendor]
          approver_hours: { days: [mon, fri], from: "08:00", to: "19:00", zone: Europe/Paris }
          max_window_minutes: 480
          duration_from_approval: true
          lapse_after_minutes: 30
        """);
    ApprovalConfig a = full.approval();
    assertEquals(List.of("town_hall", "it_security"), a.quorumRoles());
    assertEquals(2, a.quorum().get(1).count());
    assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), a.approverHours().dayOfWeekSet());
    assertEquals(8 * 60, a.approverHours().fromMinute());
    assertEquals(480, a.maxWindowMinutes());
    assertEquals(true, a.durationFromApproval());
    assertEquals(30, a.lapseAfterMinutes());

    ApprovalConfig d = parse("site: { name: x }\n").approval();
    assertEquals(List.of("town_hall"), d.quorumRoles());
    assertEquals(null, d.approverHours());
    assertEquals(720, d.maxWindowMinutes());
    assertEquals(false, d.durationFromApproval());
    assertEquals(60, d.lapseAfterMinutes());
    assertEquals(ApprovalConfig.DEFAULTS, SiteConfig.empty().approval());
  }

  @Test
  void mistakesNameTheKeyAndLine() {
    String[][] cases = {
      {"approval:\n  quorom: []\n", "site.yaml:", "unknown key 'quorom'"},
      {
        "approval:\n  quorum:\n    - { role: town_hall, count: 0 }\n",
        "site.yaml:3:",
        "count for role 'town_hall' must be at least 1"
      },
      {
        "approval:\n  quorum:\n    - { role: a }\n    - { role: a }\n",
        "site.yaml:",
        "quorum role 'a' is listed twice"
      },
      {"approval:\n  approver_hours: { days: [lun] }\n", "site.yaml:2:", "unknown day 'lun'"},
      {
        "approval:\n  approver_hours: { from: \"19:00\", to: \"08:00\" }\n",
        "site.yaml:2:",
        "must be before 'to'"
      },
      {
        "approval:\n  approver_hours: { zone: Europe/Pariss }\n",
        "site.yaml:2:",
        "unknown time zone 'Europe/Pariss'"
      },
      {
        "approval:\n  max_window_minutes: 0\n",
        "site.yaml:",
        "max_window_minutes must be positive, was 0"
      },
    };
    for (String[] c : cases) {
      ConfigException e = assertThrows(ConfigException.class, () -> parse(c[0]), c[0]);
      assertTrue(e.getMessage().startsWith(c[1]) && e.getMessage().contains(c[2]), e.getMessage());
      assertTrue(e.getMessage().contains("approval"), e.getMessage());
    }
  }
}
