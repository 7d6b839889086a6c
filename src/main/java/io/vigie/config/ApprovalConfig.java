package io.vigie.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who must approve a maintenance window, and within which limits: the {@code approval} section of
 * the site file. Every key is optional; absent keys take the defaults shown.
 *
 * <pre>
 * approval:
 *   quorum:                      # an AND of roles, each with a count of distinct approvers
 *     - { role: town_hall, count: 1 }
 *     - { role: it_security, count: 1 }
 *   requester_roles: [vendor]    # who may request; empty (default) = anyone authenticated
 *   approver_hours:              # optional; approvals outside these hours are refused
 *     days: [mon, tue, wed, thu, fri]
 *     from: "08:00"
 *     to: "19:00"
 *     zone: Europe/Paris
 *   max_window_minutes: 480      # longest window that may be requested (default 720)
 *   duration_from_approval: false  # true: the window's length counts from its approval
 *   lapse_after_minutes: 60      # a window not approved by start + this lapses (default 60)
 *   max_pending_per_requester: 10  # windows waiting for a decision per requesting person
 *   max_reason_chars: 2000       # longest reason of a request
 *   max_ticket_chars: 128        # longest ticket reference
 *   max_start_ahead_days: 30     # a window may not start further ahead than this
 * </pre>
 *
 * <p>The last four are budgets against a requester (the vendor) that would fill the approvers' page
 * and the daemon's memory with requests that never lapse: each is checked before the request is
 * recorded, and a refusal names the field at fault.
 *
 * <p>Default quorum: one approver with role {@code town_hall}. The requester never counts as an
 * approver of their own request, whatever their roles.
 */
public record ApprovalConfig(
    List<QuorumRule> quorum,
    List<String> requesterRoles,
    ApproverHours approverHours,
    Integer maxWindowMinutes,
    Boolean durationFromApproval,
    Integer lapseAfterMinutes,
    Integer maxPendingPerRequester,
    Integer maxReasonChars,
    Integer maxTicketChars,
    Integer maxStartAheadDays) {

  public static final ApprovalConfig DEFAULTS =
      new ApprovalConfig(null, null, null, null, null, null);

  /** The settings from before request budgets: the budgets take their defaults. */
  public ApprovalConfig(
      List<QuorumRule> quorum,
      List<String> requesterRoles,
      ApproverHours approverHours,
      Integer maxWindowMinutes,
      Boolean durationFromApproval,
      Integer lapseAfterMinutes) {
    this(
        quorum,
        requesterRoles,
        approverHours,
        maxWindowMinutes,
        durationFromApproval,
        lapseAfterMinutes,
        null,
        null,
        null,
        null);
  }

  public ApprovalConfig {
    quorum =
        quorum == null || quorum.isEmpty()
            ? List.of(new QuorumRule("town_hall", 1))
            : List.copyOf(quorum);
    Set<String> seen = new HashSet<>();
    for (QuorumRule r : quorum) {
      if (!seen.add(r.role())) {
        throw new IllegalArgumentException("quorum role '" + r.role() + "' is listed twice");
      }
    }
    requesterRoles = requesterRoles == null ? List.of() : List.copyOf(requesterRoles);
    for (String r : requesterRoles) {
      requireName("requester_roles", r);
    }
    maxWindowMinutes = positive("max_window_minutes", maxWindowMinutes, 720);
    durationFromApproval = durationFromApproval != null && durationFromApproval;
    lapseAfterMinutes = positive("lapse_after_minutes", lapseAfterMinutes, 60);
    maxPendingPerRequester = positive("max_pending_per_requester", maxPendingPerRequester, 10);
    maxReasonChars = positive("max_reason_chars", maxReasonChars, 2000);
    maxTicketChars = positive("max_ticket_chars", maxTicketChars, 128);
    maxStartAheadDays = positive("max_start_ahead_days", maxStartAheadDays, 30);
  }

  /** {@code count} distinct approvers holding {@code role}. */
  public record QuorumRule(String role, Integer count) {
    public QuorumRule {
      requireName("role", role);
      count = count == null ? 1 : count;
      if (count < 1) {
        throw new IllegalArgumentException(
            "count for role '" + role + "' must be at least 1, was " + count);
      }
    }
  }

  /**
   * When approvals are accepted: days of the week and a local time range {@code [from, to)} in a
   * time zone.
   */
  public record ApproverHours(List<String> days, String from, String to, String zone) {
    public ApproverHours {
      days =
          days == null || days.isEmpty()
              ? List.of("mon", "tue", "wed", "thu", "fri")
              : List.copyOf(days);
      for (String d : days) {
        day(d);
      }
      from = from == null ? "00:00" : from;
      to = to == null ? "24:00" : to;
      int f = minuteOfDay("from", from);
      int t = minuteOfDay("to", to);
      if (f >= t) {
        throw new IllegalArgumentException(
            "approver_hours: 'from' (" + from + ") must be before 'to' (" + to + ")");
      }
      zone = zone == null ? "UTC" : zone;
      try {
        ZoneId.of(zone);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("unknown time zone '" + zone + "'");
      }
    }

    public Set<DayOfWeek> dayOfWeekSet() {
      Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
      for (String d : days) {
        set.add(day(d));
      }
      return set;
    }

    public ZoneId zoneId() {
      return ZoneId.of(zone);
    }

    /** Minute of the day at which approvals open. */
    public int fromMinute() {
      return minuteOfDay("from", from);
    }

    /** Minute of the day at which approvals close (exclusive); 1440 for "24:00". */
    public int toMinute() {
      return minuteOfDay("to", to);
    }

    private static final List<String> DAY_NAMES =
        List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private static DayOfWeek day(String d) {
      int i = d == null ? -1 : DAY_NAMES.indexOf(d.toLowerCase(Locale.ROOT));
      if (i < 0) {
        throw new IllegalArgumentException(
            "unknown day '" + d + "' (one of " + String.join(", ", DAY_NAMES) + ")");
      }
      return DayOfWeek.of(i + 1);
    }

    private static int minuteOfDay(String key, String hhmm) {
      if ("24:00".equals(hhmm)) {
        return 24 * 60;
      }
      try {
        LocalTime t = LocalTime.parse(hhmm);
        if (t.getSecond() != 0 || t.getNano() != 0) {
          throw new IllegalArgumentException(key + ": '" + hhmm + "' must be HH:MM");
        }
        return t.getHour() * 60 + t.getMinute();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(key + ": '" + hhmm + "' is not a time of day HH:MM");
      }
    }
  }

  /** The quorum's roles, in order. */
  public List<String> quorumRoles() {
    List<String> roles = new ArrayList<>();
    for (QuorumRule r : quorum) {
      roles.add(r.role());
    }
    return roles;
  }

  private static void requireName(String key, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
  }

  private static Integer positive(String key, Integer v, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
