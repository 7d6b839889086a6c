package io.vigie.web;

import static io.vigie.web.Html.esc;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.metrics.CaptureView;
import io.vigie.metrics.InterfaceStats;
import io.vigie.policy.Window;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowState;
import io.vigie.web.EvidenceReader.NoticeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The security team's view of now: active windows, notices of the last day by severity, cameras
 * whose ONVIF state differs from the certified baseline (the firmware watcher's notices, with what
 * differs), recent firmware transfers, and the capture interfaces' health.
 *
 * <p>"Now" is the wall clock for a live capture, and the capture's event time (its latest session
 * or notice) for a replayed file, so that a replay shows its own last day; the page says which.
 */
final class SecurityView {
  static final Duration RECENT = Duration.ofHours(24);
  static final Duration CAMERA_LOOKBACK = Duration.ofDays(7);

  /** The notices the firmware watcher raises when a poll differs from the baseline. */
  static final Set<String> CAMERA_CHANGES =
      Set.of(
          "camera_replaced",
          "firmware_changed",
          "analytics_added",
          "analytics_removed",
          "privacy_analytics_present",
          "unknown_analytics_type",
          "users_changed",
          "remote_user_set",
          "dp_address_changed");

  static final String FIRMWARE_TRANSFER = "firmware_transfer";
  static final List<String> SEVERITIES = List.of("critical", "high", "warning", "info");
  static final int LATEST = 20;

  private final Gate gate;
  private final Access access;
  private final WindowService windows;
  private final EvidenceReader evidence;
  private final CaptureView capture;
  private final Clock clock;

  SecurityView(
      Gate gate,
      Access access,
      WindowService windows,
      EvidenceReader evidence,
      CaptureView capture,
      Clock clock) {
    this.gate = gate;
    this.access = access;
    this.windows = windows;
    this.evidence = evidence;
    this.capture = capture;
    this.clock = clock;
  }

  /** {@code GET /ui/security}. */
  ApiResponse page(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.security());
    Labels l = v.labels();
    List<NoticeRow> week;
    Instant now;
    boolean eventTime = capture != null && capture.fromFiles();
    try {
      now = eventTime ? eventNow() : clock.instant();
      week = evidence.notices(nanos(now.minus(CAMERA_LOOKBACK)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long dayStart = nanos(now.minus(RECENT));
    List<NoticeRow> day = week.stream().filter(n -> n.tsNanos() >= dayStart).toList();
    StringBuilder sb = new StringBuilder();
    sb.append("<p id=\"time-basis\">")
        .append(esc(l.get(eventTime ? "security.event_time" : "security.wall_time")))
        .append(' ')
        .append(Html.time(now))
        .append("</p>\n");
    activeWindows(sb, l, now);
    severities(sb, l, day);
    cameras(sb, l, week);
    transfers(sb, l, week);
    captureHealth(sb, l);
    return WebResponses.html(
        HttpResponseStatus.OK,
        Html.page(l, "security.title", v.session(), v.flash(), sb.toString()));
  }

  /**
   * A replayed capture is judged in its own time: "the last 24 hours" end at its latest session or
   * notice, not at the wall clock (which would show an empty dashboard for last month's capture).
   * Before anything was recorded, the wall clock.
   */
  private Instant eventNow() throws IOException {
    java.util.OptionalLong t = evidence.latestEventNanos();
    return t.isPresent() ? Instant.ofEpochSecond(0, t.getAsLong()) : clock.instant();
  }

  private void activeWindows(StringBuilder sb, Labels l, Instant now) {
    List<Window> active =
        windows.list().stream().filter(w -> w.stateAt(now) == WindowState.ACTIVE).toList();
    section(sb, "active", l.get("security.active") + " (" + active.size() + ")");
    if (active.isEmpty()) {
      sb.append("<p>").append(esc(l.get("security.no_active"))).append("</p>\n");
    } else {
      sb.append("<table>\n<thead><tr>");
      header(
          sb,
          l,
          "window.id",
          "window.requester",
          "window.ticket",
          "window.devices",
          "window.apps",
          "window.end");
      sb.append("</tr></thead>\n<tbody>\n");
      for (Window w : active) {
        sb.append("<tr><td>")
            .append(esc(w.id()))
            .append("</td><td>")
            .append(esc(w.terms().requester()))
            .append("</td><td>")
            .append(esc(w.terms().ticket()))
            .append("</td><td>")
            .append(Html.list(w.terms().scope().devices()))
            .append("</td><td>")
            .append(Html.list(w.terms().scope().apps().stream().map(a -> a.wireName()).toList()))
            .append("</td><td>")
            .append(Html.time(w.activeEnd()))
            .append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");
  }

  private void severities(StringBuilder sb, Labels l, List<NoticeRow> day) {
    section(sb, "violations", l.get("security.notices"));
    Map<String, Integer> count = new LinkedHashMap<>();
    SEVERITIES.forEach(s -> count.put(s, 0));
    day.forEach(n -> count.merge(n.severity() == null ? "info" : n.severity(), 1, Integer::sum));
    sb.append("<ul class=\"counts\">");
    count.forEach(
        (sev, c) ->
            sb.append("<li class=\"sev sev-")
                .append(esc(sev))
                .append("\"><span class=\"n\">")
                .append(c)
                .append("</span> ")
                .append(esc(l.get("severity." + sev)))
                .append("</li>"));
    sb.append("</ul>\n");
    List<NoticeRow> serious =
        new ArrayList<>(day.stream().filter(n -> !"info".equals(n.severity())).toList());
    java.util.Collections.reverse(serious);
    if (!serious.isEmpty()) {
      noticeTable(sb, l, serious.subList(0, Math.min(LATEST, serious.size())));
    }
    sb.append("</section>\n");
  }

  private void cameras(StringBuilder sb, Labels l, List<NoticeRow> week) {
    // Latest notice per camera and kind of difference: one line per thing that differs.
    Map<String, Map<String, NoticeRow>> byCamera = new TreeMap<>();
    for (NoticeRow n : week) {
      if (n.camera() != null && CAMERA_CHANGES.contains(n.note()) && !"info".equals(n.severity())) {
        byCamera.computeIfAbsent(n.camera(), k -> new TreeMap<>()).put(n.note(), n);
      }
    }
    section(sb, "cameras", l.get("security.cameras") + " (" + byCamera.size() + ")");
    if (byCamera.isEmpty()) {
      sb.append("<p>").append(esc(l.get("security.no_camera_change"))).append("</p>\n");
    } else {
      sb.append("<table>\n<thead><tr>");
      header(
          sb,
          l,
          "notice.camera",
          "notice.note",
          "notice.severity",
          "security.difference",
          "notice.time");
      sb.append("</tr></thead>\n<tbody>\n");
      byCamera.forEach(
          (cam, notes) ->
              notes
                  .values()
                  .forEach(
                      n ->
                          sb.append("<tr><td>")
                              .append(esc(cam))
                              .append("</td><td>")
                              .append(esc(n.note()))
                              .append("</td><td>")
                              .append(sev(l, n.severity()))
                              .append("</td><td>")
                              .append(esc(n.msg()))
                              .append("</td><td>")
                              .append(Html.timeNanos(n.tsNanos()))
                              .append("</td></tr>\n")));
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");
  }

  private void transfers(StringBuilder sb, Labels l, List<NoticeRow> week) {
    List<NoticeRow> t =
        new ArrayList<>(week.stream().filter(n -> FIRMWARE_TRANSFER.equals(n.note())).toList());
    java.util.Collections.reverse(t);
    section(sb, "transfers", l.get("security.transfers") + " (" + t.size() + ")");
    if (t.isEmpty()) {
      sb.append("<p>").append(esc(l.get("security.no_transfer"))).append("</p>\n");
    } else {
      noticeTable(sb, l, t.subList(0, Math.min(LATEST, t.size())));
    }
    sb.append("</section>\n");
  }

  private void captureHealth(StringBuilder sb, Labels l) {
    section(sb, "capture", l.get("security.capture"));
    List<InterfaceStats> ifs = capture == null ? List.of() : capture.interfaces();
    if (ifs.isEmpty()) {
      sb.append("<p>").append(esc(l.get("security.no_capture"))).append("</p>\n");
    } else {
      sb.append("<table>\n<thead><tr>");
      header(
          sb,
          l,
          "capture.interface",
          "capture.state",
          "capture.received",
          "capture.dropped_kernel",
          "capture.dropped_interface",
          "capture.dropped_vigie",
          "capture.skipped");
      sb.append("</tr></thead>\n<tbody>\n");
      for (InterfaceStats s : ifs) {
        long skipped = s.skipped().values().stream().mapToLong(Long::longValue).sum();
        // A file read to its end is done (finished, not failed); only a stopped or failed capture
        // is shown in red.
        String state =
            switch (s.state()) {
              case RUNNING -> "capture.up";
              case DONE -> "capture.done";
              case STARTING -> "capture.starting";
              case FAILED -> "capture.failed";
              case STOPPED -> "capture.down";
            };
        sb.append("<tr><td>")
            .append(esc(s.name()))
            .append("</td><td><span class=\"state state-")
            .append(s.up() || s.state() == InterfaceStats.State.STARTING ? "active" : "revoked")
            .append("\">")
            .append(esc(l.get(state)))
            .append("</span></td><td>")
            .append(s.capture().received())
            .append("</td><td>")
            .append(s.capture().droppedByKernel())
            .append("</td><td>")
            .append(s.capture().droppedByInterface())
            .append("</td><td>")
            .append(s.droppedByVigie())
            .append("</td><td>")
            .append(skipped)
            .append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
    }
    sb.append("</section>\n");
  }

  static void noticeTable(StringBuilder sb, Labels l, List<NoticeRow> rows) {
    sb.append("<table>\n<thead><tr>");
    header(
        sb,
        l,
        "notice.time",
        "notice.severity",
        "notice.note",
        "notice.camera",
        "notice.window",
        "notice.msg");
    sb.append("</tr></thead>\n<tbody>\n");
    for (NoticeRow n : rows) {
      sb.append("<tr><td>")
          .append(Html.timeNanos(n.tsNanos()))
          .append("</td><td>")
          .append(sev(l, n.severity()))
          .append("</td><td>")
          .append(esc(n.note()))
          .append("</td><td>")
          .append(esc(n.camera()))
          .append("</td><td>")
          .append(esc(n.window()))
          .append("</td><td>")
          .append(esc(n.msg()))
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table>\n");
  }

  static String sev(Labels l, String severity) {
    String s = severity == null ? "info" : severity;
    return "<span class=\"sev sev-" + esc(s) + "\">" + esc(l.get("severity." + s)) + "</span>";
  }

  static void header(StringBuilder sb, Labels l, String... keys) {
    for (String k : keys) {
      sb.append("<th scope=\"col\">").append(esc(l.get(k))).append("</th>");
    }
  }

  private static void section(StringBuilder sb, String id, String title) {
    sb.append("<section aria-labelledby=\"")
        .append(id)
        .append("\"><h2 id=\"")
        .append(id)
        .append("\">")
        .append(esc(title))
        .append("</h2>\n");
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
