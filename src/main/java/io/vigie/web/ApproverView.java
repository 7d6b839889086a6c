package io.vigie.web;

import static io.vigie.web.Html.esc;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.config.AppLimits;
import io.vigie.policy.Actor;
import io.vigie.policy.ExpectedChange;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowState;
import io.vigie.policy.WindowTerms;
import io.vigie.web.EvidenceReader.NoticeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approvers' view: requests waiting for a decision with everything needed to take it (who, why,
 * ticket, scope, times, expected changes, approvals so far, the requester's past windows and the
 * notices raised under them), approve or reject with a reason; windows approved or active with a
 * revoke button. Every decision goes through {@link WindowService}, which has the last word
 * (quorum, self-approval, approver hours) and records it as evidence under the user's name.
 */
final class ApproverView {
  /** Notices listed per past window; a count says when there are more. */
  static final int NOTICES_SHOWN = 3;

  private final Gate gate;
  private final Access access;
  private final WindowService windows;
  private final EvidenceReader evidence;
  private final Clock clock;
  private final int pageSize;
  private final int historyRows;
  private final ZoneId zone;

  ApproverView(
      Gate gate,
      Access access,
      WindowService windows,
      EvidenceReader evidence,
      Clock clock,
      AppLimits limits,
      ZoneId zone) {
    this.zone = zone;
    this.pageSize = limits.pageSize();
    this.historyRows = limits.historyRows();
    this.gate = gate;
    this.access = access;
    this.windows = windows;
    this.evidence = evidence;
    this.clock = clock;
  }

  /**
   * {@code GET /ui/approver[?page=n][&live_page=n]}. Both lists are paginated ({@code page_size}
   * cards or rows); the past windows of each requester on the page are shown once, below the cards,
   * limited to the latest {@code history_rows}, each with at most {@link #NOTICES_SHOWN} notices.
   * So the page's size is bounded by the budgets, whatever the number of requests.
   */
  ApiResponse page(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.approver());
    Labels l = v.labels();
    Instant now = clock.instant();
    List<Window> all = windows.list();
    List<Window> pending = new ArrayList<>();
    List<Window> live = new ArrayList<>();
    Map<String, List<Window>> byRequester = new HashMap<>();
    for (Window w : all) {
      WindowState s = w.stateAt(now);
      if (s == WindowState.REQUESTED) {
        pending.add(w);
      } else if (s == WindowState.APPROVED || s == WindowState.ACTIVE) {
        live.add(w);
      }
      byRequester.computeIfAbsent(w.terms().requester(), k -> new ArrayList<>()).add(w);
    }
    Page pendingPage = Page.of(pending, pageNumber(r, "page"), pageSize);
    Page livePage = Page.of(live, pageNumber(r, "live_page"), pageSize);
    StringBuilder sb = new StringBuilder();
    sb.append("<section aria-labelledby=\"pending\"><h2 id=\"pending\">")
        .append(esc(l.get("approver.pending")))
        .append(" (")
        .append(pending.size())
        .append(")</h2>\n");
    if (pending.isEmpty()) {
      sb.append("<p>").append(esc(l.get("approver.none_pending"))).append("</p>\n");
    }
    Map<String, List<Window>> shownRequesters = new java.util.LinkedHashMap<>();
    for (Window w : pendingPage.items()) {
      pendingCard(sb, l, v, w);
      shownRequesters.put(
          w.terms().requester(), byRequester.getOrDefault(w.terms().requester(), List.of()));
    }
    pager(sb, l, pendingPage, "page", livePage.number(), "live_page");
    if (!shownRequesters.isEmpty()) {
      history(sb, l, shownRequesters, now);
    }
    sb.append("</section>\n<section aria-labelledby=\"live\"><h2 id=\"live\">")
        .append(esc(l.get("approver.live")))
        .append(" (")
        .append(live.size())
        .append(")</h2>\n");
    if (live.isEmpty()) {
      sb.append("<p>").append(esc(l.get("approver.none_live"))).append("</p>\n");
    } else {
      liveTable(sb, l, v, livePage.items(), now);
      pager(sb, l, livePage, "live_page", pendingPage.number(), "page");
    }
    sb.append("</section>");
    return WebResponses.html(
        HttpResponseStatus.OK,
        Html.page(l, "approver.title", v.session(), v.flash(), sb.toString()));
  }

  /** One page of a list: its items, its number (1-based) and how many pages there are. */
  record Page(List<Window> items, int number, int count) {
    static Page of(List<Window> all, int wanted, int size) {
      int count = Math.max(1, (all.size() + size - 1) / size);
      int n = Math.min(Math.max(wanted, 1), count);
      int from = (n - 1) * size;
      return new Page(
          all.subList(Math.min(from, all.size()), Math.min(from + size, all.size())), n, count);
    }
  }

  /** A page number from the query; anything that is not one means the first page. */
  private static int pageNumber(ApiRequest r, String name) {
    String v = r.query().optional(name);
    if (v == null || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
      return 1;
    }
    return Integer.parseInt(v);
  }

  private static void pager(
      StringBuilder sb, Labels l, Page p, String param, int otherPage, String otherParam) {
    if (p.count() <= 1) {
      return;
    }
    sb.append("<nav class=\"pager\" aria-label=\"")
        .append(esc(l.get("pager.label")))
        .append("\"><p>");
    if (p.number() > 1) {
      link(sb, param, p.number() - 1, otherParam, otherPage, l.get("pager.previous"));
      sb.append(' ');
    }
    sb.append(esc(l.format("pager.position", p.number(), p.count())));
    if (p.number() < p.count()) {
      sb.append(' ');
      link(sb, param, p.number() + 1, otherParam, otherPage, l.get("pager.next"));
    }
    sb.append("</p></nav>\n");
  }

  private static void link(
      StringBuilder sb, String param, int n, String otherParam, int other, String text) {
    sb.append("<a href=\"")
        .append(WebPaths.APPROVER)
        .append('?')
        .append(param)
        .append('=')
        .append(n)
        .append("&amp;")
        .append(otherParam)
        .append('=')
        .append(other)
        .append("\">")
        .append(esc(text))
        .append("</a>");
  }

  /**
   * {@code POST /ui/windows/{id}/{approve|reject|revoke}}, then back to the page with the outcome.
   */
  ApiResponse act(ApiRequest r) {
    Gate.Visit v = gate.change(r, access.approver());
    Labels l = v.labels();
    String id = r.pathParam("id");
    String action = r.pathParam("action");
    String reason = v.request().field("reason");
    Actor actor = new Actor(v.session().principal().name(), v.session().principal().roles());
    String outcome;
    try {
      Window w =
          switch (action) {
            case "approve" -> windows.approve(id, actor, reason);
            case "reject" -> windows.reject(id, actor, reason);
            case "revoke" -> windows.revoke(id, actor, reason);
            default -> throw Gate.forbidden(l, v.session(), l.format("error.action", action));
          };
      WindowState now = w.stateAt(clock.instant());
      String key =
          action.equals("approve") && now == WindowState.REQUESTED
              ? "flash.approve_pending"
              : "flash." + action;
      outcome = l.format(key, id, l.get("state." + now.wireName()));
    } catch (PolicyException e) {
      // The service's reason is English; the action and window are said in the user's language.
      outcome = l.format("flash.refused", id, l.get("action." + action), e.getMessage());
    }
    gate.flash(v, outcome);
    return WebResponses.redirect(WebPaths.APPROVER);
  }

  private void pendingCard(StringBuilder sb, Labels l, Gate.Visit v, Window w) {
    WindowTerms t = w.terms();
    String hid = "w-" + esc(w.id());
    sb.append("<article class=\"card\" aria-labelledby=\"")
        .append(hid)
        .append("\">\n<h3 id=\"")
        .append(hid)
        .append("\">")
        .append(esc(w.id()))
        .append(" — ")
        .append(esc(t.ticket()))
        .append("</h3>\n<dl>\n");
    dd(sb, l, "window.requester", esc(t.requester()));
    dd(sb, l, "window.requested_at", time(t.requestedAt()));
    dd(sb, l, "window.reason", esc(t.reason()));
    dd(sb, l, "window.ticket", esc(t.ticket()));
    dd(sb, l, "window.devices", Html.list(t.scope().devices()));
    dd(sb, l, "window.subnets", Html.list(t.scope().subnets()));
    dd(
        sb,
        l,
        "window.endpoints",
        t.scope().endpoints().isEmpty()
            ? esc(l.get("window.any_vendor_endpoint"))
            : Html.list(t.scope().endpoints()));
    dd(sb, l, "window.apps", Html.list(t.scope().apps().stream().map(a -> a.wireName()).toList()));
    dd(sb, l, "window.start", time(t.start()));
    dd(sb, l, "window.end", time(t.end()));
    dd(sb, l, "window.lapse_at", time(t.lapseAt()));
    dd(sb, l, "window.expected_changes", changes(l, t.expectedChanges()));
    dd(sb, l, "window.waiting_for", waiting(l, w));
    dd(sb, l, "window.approvals", approvals(l, w));
    dd(sb, l, "window.steps", steps(l, w));
    sb.append("</dl>\n<p><a href=\"#")
        .append(historyId(t.requester()))
        .append("\">")
        .append(esc(l.format("approver.history", t.requester())))
        .append("</a></p>\n");
    String csrf = Html.csrfField(v.session().csrf());
    sb.append("<div class=\"decide\">\n");
    String me = v.session().principal().name();
    if (windows.approvedBy(w, me)) {
      // The service would refuse a second approval from the same person: say it is given.
      sb.append("<p class=\"given\" role=\"status\">")
          .append(esc(l.get("approver.you_approved")))
          .append("</p>\n");
    } else {
      approveForm(sb, l, w, csrf);
    }
    sb.append("<form method=\"post\" action=\"")
        .append(esc(WebPaths.window(w.id(), "reject")))
        .append("\">")
        .append(csrf)
        .append("\n<label for=\"rr-")
        .append(esc(w.id()))
        .append("\">")
        .append(esc(l.get("approver.reject_reason")))
        .append("</label>\n<textarea id=\"rr-")
        .append(esc(w.id()))
        .append(
            "\" name=\"reason\" rows=\"2\" required></textarea>\n<button type=\"submit\" class=\"reject\">")
        .append(esc(l.get("action.reject")))
        .append("</button></form>\n</div>\n</article>\n");
  }

  private static void approveForm(StringBuilder sb, Labels l, Window w, String csrf) {
    sb.append("<form method=\"post\" action=\"")
        .append(esc(WebPaths.window(w.id(), "approve")))
        .append("\">")
        .append(csrf)
        .append("\n<label for=\"ar-")
        .append(esc(w.id()))
        .append("\">")
        .append(esc(l.get("approver.approve_reason")))
        .append("</label>\n<textarea id=\"ar-")
        .append(esc(w.id()))
        .append(
            "\" name=\"reason\" rows=\"2\"></textarea>\n<button type=\"submit\" class=\"approve\">")
        .append(esc(l.get("action.approve")))
        .append("</button></form>\n");
  }

  private String time(Instant t) {
    return Html.time(t, zone);
  }

  /** "IT security (1 of 1), town hall (1 of 1)": the quorum's roles still needed. */
  private String waiting(Labels l, Window w) {
    List<WindowService.Waiting> missing = windows.waitingFor(w);
    if (missing.isEmpty()) {
      return esc(l.get("window.waiting_none"));
    }
    StringBuilder sb = new StringBuilder("<strong class=\"waiting\">");
    for (int i = 0; i < missing.size(); i++) {
      WindowService.Waiting m = missing.get(i);
      sb.append(i > 0 ? ", " : "")
          .append(esc(l.format("window.waiting_role", role(l, m.role()), m.missing(), m.seats())));
    }
    return sb.append("</strong>").toString();
  }

  /** A role's name for people ("IT security"), or the role itself when the labels have none. */
  static String role(Labels l, String role) {
    String key = "role." + role;
    String name = l.get(key);
    return name.equals(key) ? role : name;
  }

  /** Every step of the request: asked, each approval, the decision, a revoke. */
  private String steps(Labels l, Window w) {
    StringBuilder sb = new StringBuilder("<ol class=\"steps compact\">");
    for (WindowEvent e : w.events()) {
      sb.append("<li>")
          .append(time(e.at()))
          .append(" — ")
          .append(esc(l.get("event." + e.type().wireName())))
          .append(" — ")
          .append(esc(e.who()));
      if (!e.roles().isEmpty()) {
        sb.append(" (").append(Html.list(e.roles())).append(')');
      }
      // The request's own reason is the card's first line: repeating it here would double the
      // page's heaviest field (a 2,000-character reason) for every pending request.
      if (e.reason() != null && !e.reason().isEmpty() && e.type() != WindowEvent.Type.REQUESTED) {
        sb.append(" — ").append(esc(e.reason()));
      }
      sb.append("</li>");
    }
    return sb.append("</ol>").toString();
  }

  private static String historyId(String requester) {
    return "h-" + esc(requester);
  }

  /**
   * The latest windows of each requester shown on this page, once per requester (not once per card:
   * that made the page grow with the square of the number of requests).
   */
  private void history(
      StringBuilder sb, Labels l, Map<String, List<Window>> byRequester, Instant now) {
    for (Map.Entry<String, List<Window>> e : byRequester.entrySet()) {
      List<Window> mine = e.getValue();
      if (mine.isEmpty()) {
        sb.append("<h3 id=\"")
            .append(historyId(e.getKey()))
            .append("\">")
            .append(esc(l.format("approver.history", e.getKey())))
            .append("</h3>\n<p>")
            .append(esc(l.get("approver.no_history")))
            .append("</p>\n");
        continue;
      }
      List<Window> latest =
          new ArrayList<>(mine.subList(Math.max(0, mine.size() - historyRows), mine.size()));
      java.util.Collections.reverse(latest);
      sb.append("<h3 id=\"")
          .append(historyId(e.getKey()))
          .append("\">")
          .append(esc(l.format("approver.history", e.getKey())))
          .append("</h3>\n");
      if (mine.size() > latest.size()) {
        sb.append("<p class=\"hint\">")
            .append(esc(l.format("approver.history_more", latest.size(), mine.size())))
            .append("</p>\n");
      }
      sb.append("<table>\n<thead><tr><th scope=\"col\">")
          .append(esc(l.get("window.id")))
          .append("</th><th scope=\"col\">")
          .append(esc(l.get("window.ticket")))
          .append("</th><th scope=\"col\">")
          .append(esc(l.get("window.start")))
          .append("</th><th scope=\"col\">")
          .append(esc(l.get("window.state")))
          .append("</th><th scope=\"col\">")
          .append(esc(l.get("approver.violations")))
          .append("</th></tr></thead>\n<tbody>\n");
      for (Window o : latest) {
        sb.append("<tr><td>")
            .append(esc(o.id()))
            .append("</td><td>")
            .append(esc(o.terms().ticket()))
            .append("</td><td>")
            .append(time(o.activeStart()))
            .append("</td><td>")
            .append(esc(l.get("state." + o.stateAt(now).wireName())))
            .append("</td><td>");
        violations(sb, l, o);
        sb.append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
    }
  }

  /** The notices (warning and above) raised under a window: how many, and the latest few. */
  private void violations(StringBuilder sb, Labels l, Window o) {
    EvidenceReader.Latest<NoticeRow> found;
    try {
      found = evidence.windowNotices(o.id(), NOTICES_SHOWN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (found.rows().isEmpty()) {
      sb.append("0");
      return;
    }
    sb.append(found.more() ? NOTICES_SHOWN + "+" : String.valueOf(found.rows().size()))
        .append("<ul class=\"compact\">");
    for (NoticeRow n : found.rows()) {
      sb.append("<li>")
          .append(SecurityView.sev(l, n.severity()))
          .append(' ')
          .append(esc(n.note()))
          .append(": ")
          .append(esc(n.msg()))
          .append("</li>");
    }
    sb.append("</ul>");
  }

  private void liveTable(StringBuilder sb, Labels l, Gate.Visit v, List<Window> live, Instant now) {
    sb.append("<table>\n<thead><tr>");
    for (String k :
        List.of(
            "window.id",
            "window.state",
            "window.requester",
            "window.ticket",
            "window.devices",
            "window.apps",
            "window.start",
            "window.end",
            "approver.revoke")) {
      sb.append("<th scope=\"col\">").append(esc(l.get(k))).append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (Window w : live) {
      WindowTerms t = w.terms();
      WindowState s = w.stateAt(now);
      sb.append("<tr><td>")
          .append(esc(w.id()))
          .append("</td><td><span class=\"state state-")
          .append(s.wireName())
          .append("\">")
          .append(esc(l.get("state." + s.wireName())))
          .append("</span></td><td>")
          .append(esc(t.requester()))
          .append("</td><td>")
          .append(esc(t.ticket()))
          .append("</td><td>")
          .append(Html.list(t.scope().devices()))
          .append("</td><td>")
          .append(Html.list(t.scope().apps().stream().map(a -> a.wireName()).toList()))
          .append("</td><td>")
          .append(time(w.activeStart()))
          .append("</td><td>")
          .append(time(w.activeEnd()))
          .append("</td><td>")
          .append("<form method=\"post\" action=\"")
          .append(esc(WebPaths.window(w.id(), "revoke")))
          .append("\">")
          .append(Html.csrfField(v.session().csrf()))
          .append("<label for=\"rv-")
          .append(esc(w.id()))
          .append("\" class=\"visually-hidden\">")
          .append(esc(l.get("approver.revoke_reason")))
          .append("</label>")
          .append("<input id=\"rv-")
          .append(esc(w.id()))
          .append("\" name=\"reason\" required placeholder=\"")
          .append(esc(l.get("approver.revoke_reason")))
          .append("\"> <button type=\"submit\" class=\"revoke\">")
          .append(esc(l.get("action.revoke")))
          .append("</button></form></td></tr>\n");
    }
    sb.append("</tbody></table>\n");
  }

  private static String changes(Labels l, List<ExpectedChange> changes) {
    if (changes.isEmpty()) {
      return esc(l.get("window.no_changes"));
    }
    StringBuilder sb = new StringBuilder("<ul class=\"compact\">");
    for (ExpectedChange c : changes) {
      sb.append("<li>").append(esc(c.camera()));
      if (c.firmwareVersion() != null) {
        sb.append(" — ")
            .append(esc(l.get("window.firmware")))
            .append(' ')
            .append(esc(c.firmwareVersion()));
      }
      if (c.imageSha256() != null) {
        sb.append(" — SHA-256 <code>").append(esc(c.imageSha256())).append("</code>");
      }
      if (!c.modules().isEmpty()) {
        sb.append(" — ")
            .append(esc(l.get("window.modules")))
            .append(' ')
            .append(Html.list(c.modules()));
      }
      sb.append("</li>");
    }
    return sb.append("</ul>").toString();
  }

  private String approvals(Labels l, Window w) {
    List<WindowEvent> a = w.approvals();
    if (a.isEmpty()) {
      return esc(l.get("window.no_approvals"));
    }
    StringBuilder sb = new StringBuilder("<ul class=\"compact\">");
    for (WindowEvent e : a) {
      sb.append("<li>")
          .append(esc(e.who()))
          .append(" (")
          .append(Html.list(e.roles()))
          .append(") ")
          .append(time(e.at()));
      if (!e.reason().isEmpty()) {
        sb.append(" — ").append(esc(e.reason()));
      }
      sb.append("</li>");
    }
    return sb.append("</ul>").toString();
  }

  private static void dd(StringBuilder sb, Labels l, String key, String html) {
    sb.append("<dt>").append(esc(l.get(key))).append("</dt><dd>").append(html).append("</dd>\n");
  }
}
