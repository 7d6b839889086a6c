package io.vigie.web;

import static io.vigie.web.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.api.QueryParams;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.Times;
import io.vigie.evidence.VerifyResult;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.NoticeType;
import io.vigie.report.CaseReport;
import io.vigie.report.CaseStory;
import io.vigie.report.Narrator;
import io.vigie.report.SiteNames;
import io.vigie.web.EvidenceReader.NoticeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewer's view (a lawyer, an auditor): the case as a story ({@link CaseStory}): incidents
 * first, in plain words and site names, then the timeline, background traffic folded away; filtered
 * by time (local, the site's zone), device, window and notice type; the printable case report
 * (PDF); a session's details with its pcap slice to download; the state of the evidence chain; the
 * export of a case bundle that {@code vigie evidence verify} checks anywhere. Views, downloads and
 * exports are themselves recorded as evidence ({@code ui_view}, {@code ui_slice_download}, {@code
 * ui_export}: who, what, when).
 */
final class ReviewerView {
  /** Rows shown at most; the filter narrows, the export has everything. */
  static final int MAX_ROWS = 500;

  /** A timeline filter as typed in the form, and what it means. */
  record Filter(
      String from, String to, String device, String window, String type, TimelineFilter timeline) {}

  private final Gate gate;
  private final Access access;
  private final EvidenceReader evidence;
  private final EvidenceSink audit;
  private final Clock clock;
  private final SiteNames names;

  ReviewerView(
      Gate gate,
      Access access,
      EvidenceReader evidence,
      EvidenceSink audit,
      Clock clock,
      SiteNames names) {
    this.names = names;
    this.gate = gate;
    this.access = access;
    this.evidence = evidence;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code GET /ui/reviewer?from=&to=&device=&window=&type=}: the case as a story. */
  ApiResponse page(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.reviewer());
    Labels l = v.labels();
    Narrator n = Narrator.of(l.lang(), names);
    QueryParams q = r.query().allowOnly("lang", "from", "to", "device", "window", "type");
    StringBuilder sb = new StringBuilder();
    Filter f;
    try {
      f =
          filter(
              q.optional("from"),
              q.optional("to"),
              q.optional("device"),
              q.optional("window"),
              q.optional("type"),
              names.zone());
    } catch (IllegalArgumentException e) {
      sb.append("<p class=\"error\" role=\"alert\">").append(esc(e.getMessage())).append("</p>\n");
      f =
          new Filter(
              q.optional("from"),
              q.optional("to"),
              q.optional("device"),
              q.optional("window"),
              q.optional("type"),
              null);
    }
    filterForm(sb, l, f);
    chainStatus(sb, l);
    if (f.timeline() != null) {
      reportLinks(sb, n, f);
      exportForm(sb, l, v, f);
      story(sb, n, f);
      // Looking at evidence is itself evidence: who saw which part of the timeline, and when.
      Map<String, Object> seen = new LinkedHashMap<>();
      seen.put("view", "timeline");
      putIf(seen, "from", f.from());
      putIf(seen, "to", f.to());
      putIf(seen, "device", f.device());
      putIf(seen, "window", f.window());
      putIf(seen, "type", f.type());
      record("ui_view", v, seen);
    }
    Map<String, String> keep = new LinkedHashMap<>();
    keep.put("from", f.from());
    keep.put("to", f.to());
    keep.put("device", f.device());
    keep.put("window", f.window());
    keep.put("type", f.type());
    return WebResponses.html(
        f.timeline() == null ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.OK,
        Html.page(l, "reviewer.title", v.session(), v.flash(), sb.toString(), keep));
  }

  /**
   * {@code GET /ui/reviewer/report?lang=&from=&to=&device=&window=&type=}: the printable case
   * report (PDF) of these filters, in the page's language; the download is recorded ({@code
   * ui_report_download}, with the PDF's SHA-256).
   */
  ApiResponse report(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.reviewer());
    Labels l = v.labels();
    QueryParams q = r.query().allowOnly("lang", "from", "to", "device", "window", "type");
    Filter f;
    try {
      f =
          filter(
              q.optional("from"),
              q.optional("to"),
              q.optional("device"),
              q.optional("window"),
              q.optional("type"),
              names.zone());
    } catch (IllegalArgumentException e) {
      return problem(l, v, HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
    if (!evidence.available()) {
      return problem(l, v, HttpResponseStatus.CONFLICT, l.get("reviewer.no_store"));
    }
    try {
      CaseStory story = story(f);
      Optional<VerifyResult> checked = evidence.verify();
      CaseReport.Verification verification =
          new CaseReport.Verification(checked.orElse(null), l.get("reviewer.no_store"));
      String version = ReviewerView.class.getPackage().getImplementationVersion();
      byte[] pdf =
          CaseReport.pdf(
              story,
              verification,
              Narrator.of(l.lang(), names),
              new CaseReport.Info(
                  version == null ? "(development build)" : version,
                  clock.instant(),
                  evidence.storeName()));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("lang", l.lang());
      putIf(fields, "from", f.from());
      putIf(fields, "to", f.to());
      putIf(fields, "device", f.device());
      putIf(fields, "window", f.window());
      putIf(fields, "type", f.type());
      fields.put("bytes", pdf.length);
      fields.put("sha256", sha256Hex(pdf));
      record("ui_report_download", v, fields);
      return WebResponses.download(
          "application/pdf", "vigie-case-" + stamp() + "-" + l.lang() + ".pdf", pdf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /ui/reviewer/session?cid=&at=}: a session's record, its slices and notices. */
  ApiResponse session(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.reviewer());
    Labels l = v.labels();
    QueryParams q = r.query().allowOnly("lang", "cid", "at");
    String cid = q.optional("cid");
    long at = parseNanos(q.optional("at"));
    StringBuilder sb = new StringBuilder();
    List<TimelineEntry> records;
    List<NoticeRow> notices;
    try {
      records = cid == null ? List.of() : evidence.session(cid, at);
      notices = cid == null ? List.of() : evidence.sessionNotices(cid, at);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (records.isEmpty()) {
      sb.append("<p class=\"error\" role=\"alert\">")
          .append(esc(l.get("session.not_found")))
          .append("</p>\n");
      return WebResponses.html(
          HttpResponseStatus.NOT_FOUND,
          Html.page(l, "session.title", v.session(), null, sb.toString()));
    }
    record("ui_view", v, Map.of("view", "session", "community_id", cid, "at", at));
    // The session in words first; the record's fields below are the evidence as recorded.
    Narrator n = Narrator.of(l.lang(), names);
    for (TimelineEntry e : records) {
      if ("session".equals(e.kind())) {
        sb.append("<p class=\"story\">").append(esc(n.sentence(e))).append("</p>\n");
      }
    }
    sb.append("<p><small class=\"ref\">Community ID <code>")
        .append(esc(cid))
        .append("</code></small></p>\n");
    for (TimelineEntry e : records) {
      if ("session".equals(e.kind())) {
        sb.append("<h2>")
            .append(esc(l.get("session.fields")))
            .append("</h2>\n<table class=\"fields\">\n<tbody>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields().fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> fe = it.next();
          sb.append("<tr><th scope=\"row\">")
              .append(esc(fe.getKey()))
              .append("</th><td>")
              .append(
                  esc(
                      fe.getValue().isValueNode()
                          ? fe.getValue().asText()
                          : fe.getValue().toString()))
              .append("</td></tr>\n");
        }
        sb.append("<tr><th scope=\"row\">")
            .append(esc(l.get("session.record")))
            .append("</th><td>#")
            .append(e.id())
            .append(" <code>")
            .append(esc(e.hash()))
            .append("</code></td></tr>\n</tbody></table>\n");
      }
    }
    sb.append("<h2>").append(esc(l.get("session.slices"))).append("</h2>\n");
    boolean anySlice = false;
    for (TimelineEntry e : records) {
      if ("slice".equals(e.kind())) {
        anySlice = true;
        JsonNode f = e.fields();
        sb.append("<p><a class=\"download\" href=\"")
            .append(WebPaths.SLICE)
            .append("?id=")
            .append(e.id())
            .append("&amp;at=")
            .append(e.tsNanos())
            .append("\">")
            .append(esc(l.get("session.download")))
            .append("</a> — ")
            .append(esc(f.path("packets").asText()))
            .append(' ')
            .append(esc(l.get("session.packets")))
            .append(", ")
            .append(esc(f.path("bytes").asText()))
            .append(' ')
            .append(esc(l.get("session.bytes")))
            .append(", SHA-256 <code>")
            .append(esc(f.path("sha256").asText()))
            .append("</code>")
            .append(
                f.path("truncated").asBoolean() ? " (" + esc(l.get("session.truncated")) + ")" : "")
            .append("</p>\n");
      }
    }
    if (!anySlice) {
      sb.append("<p>").append(esc(l.get("session.no_slice"))).append("</p>\n");
    }
    sb.append("<h2>").append(esc(l.get("session.notices"))).append("</h2>\n");
    if (notices.isEmpty()) {
      sb.append("<p>").append(esc(l.get("session.no_notice"))).append("</p>\n");
    } else {
      SecurityView.noticeTable(sb, l, notices);
    }
    sb.append("<p><a href=\"")
        .append(WebPaths.REVIEWER)
        .append("\">")
        .append(esc(l.get("session.back")))
        .append("</a></p>");
    Map<String, String> keep = new LinkedHashMap<>();
    keep.put("cid", cid);
    keep.put("at", Long.toString(at));
    return WebResponses.html(
        HttpResponseStatus.OK,
        Html.page(l, "session.title", v.session(), null, sb.toString(), keep));
  }

  /** {@code GET /ui/reviewer/slice?id=&at=}: the pcap, only if it still matches its record. */
  ApiResponse slice(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.reviewer());
    Labels l = v.labels();
    QueryParams q = r.query().allowOnly("lang", "id", "at");
    long id;
    try {
      id = Long.parseLong(q.optional("id") == null ? "" : q.optional("id"));
    } catch (NumberFormatException e) {
      id = -1;
    }
    long at = parseNanos(q.optional("at"));
    try {
      Optional<EvidenceReader.Slice> s = evidence.slice(id, at);
      if (s.isEmpty()) {
        return problem(l, v, HttpResponseStatus.NOT_FOUND, l.get("slice.not_found"));
      }
      record("ui_slice_download", v, Map.of("record", id));
      return WebResponses.download(
          "application/vnd.tcpdump.pcap",
          s.get().fileName().replaceAll("[^A-Za-z0-9._-]", "_"),
          s.get().bytes());
    } catch (EvidenceReader.SliceProblem e) {
      return problem(l, v, HttpResponseStatus.CONFLICT, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code POST /ui/reviewer/export}: the case bundle of the filter in the form, as a download. */
  ApiResponse export(ApiRequest r) {
    Gate.Visit v = gate.change(r, access.reviewer());
    Labels l = v.labels();
    WebRequest w = v.request();
    Filter f;
    try {
      f =
          filter(
              w.field("from"),
              w.field("to"),
              w.field("device"),
              w.field("window"),
              null,
              names.zone());
    } catch (IllegalArgumentException e) {
      return problem(l, v, HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
    if (!evidence.available()) {
      return problem(l, v, HttpResponseStatus.CONFLICT, l.get("reviewer.no_store"));
    }
    try {
      byte[] zip = evidence.export(f.timeline());
      Map<String, Object> fields = new LinkedHashMap<>();
      putIf(fields, "from", f.from());
      putIf(fields, "to", f.to());
      putIf(fields, "device", f.device());
      putIf(fields, "window", f.window());
      fields.put("bytes", zip.length);
      record("ui_export", v, fields);
      return WebResponses.download("application/zip", "vigie-case-" + stamp() + ".zip", zip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Filter filter(
      String from, String to, String device, String window, String type, ZoneId zone) {
    Long f = from == null ? null : parseTime(from, "from", zone);
    Long t = to == null ? null : parseTime(to, "to", zone);
    if (f != null && t != null && t <= f) {
      throw new IllegalArgumentException("'to' must be after 'from'");
    }
    return new Filter(
        from, to, device, window, type, new TimelineFilter(f, t, window, device, false));
  }

  /**
   * ISO instant ({@code 2026-11-23T08:00:00Z}, UTC), a date (UTC), or what a datetime-local field
   * sends ({@code 2026-11-23T09:00}, local time in the site's zone).
   */
  static long parseTime(String text, String field, ZoneId zone) {
    try {
      return Times.parse(text);
    } catch (IllegalArgumentException e) {
      try {
        return SecurityView.nanos(LocalDateTime.parse(text).atZone(zone).toInstant());
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
      }
    }
  }

  private void filterForm(StringBuilder sb, Labels l, Filter f) {
    sb.append("<form class=\"filters\" method=\"get\" action=\"")
        .append(WebPaths.REVIEWER)
        .append("\">\n")
        .append("<fieldset><legend>")
        .append(esc(l.get("reviewer.filters")))
        .append("</legend>\n");
    input(sb, l, "from", f.from(), "reviewer.from", "2026-11-23T09:00");
    input(sb, l, "to", f.to(), "reviewer.to", "2026-11-23T19:00");
    input(sb, l, "device", f.device(), "reviewer.device", "cam-001");
    input(sb, l, "window", f.window(), "reviewer.window", "W-20261123-001");
    typeSelect(sb, l, f.type());
    sb.append("<p><button type=\"submit\">")
        .append(esc(l.get("reviewer.apply")))
        .append("</button> <a href=\"")
        .append(WebPaths.REVIEWER)
        .append("\">")
        .append(esc(l.get("reviewer.clear")))
        .append("</a></p>\n")
        .append("</fieldset></form>\n");
  }

  /** The notice types of the catalogue, so that the filter cannot be mistyped. */
  private static void typeSelect(StringBuilder sb, Labels l, String type) {
    sb.append("<p><label for=\"f-type\">")
        .append(esc(l.get("reviewer.type")))
        .append("</label><br><select id=\"f-type\" name=\"type\">")
        .append("<option value=\"\">")
        .append(esc(Narrator.of(l.lang(), SiteNames.NONE).word("ui.type_any")))
        .append("</option>");
    for (NoticeType t : NoticeType.values()) {
      sb.append("<option value=\"")
          .append(esc(t.wireName()))
          .append(t.wireName().equals(type) ? "\" selected>" : "\">")
          .append(esc(t.wireName().replace('_', ' ')))
          .append("</option>");
    }
    sb.append("</select></p>\n");
  }

  private static void input(
      StringBuilder sb, Labels l, String name, String value, String key, String example) {
    sb.append("<p><label for=\"f-")
        .append(name)
        .append("\">")
        .append(esc(l.get(key)))
        .append("</label><br>")
        .append("<input id=\"f-")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append("\" value=\"")
        .append(esc(value))
        .append("\" placeholder=\"")
        .append(esc(example))
        .append("\"></p>\n");
  }

  private void chainStatus(StringBuilder sb, Labels l) {
    sb.append("<section aria-labelledby=\"chain\"><h2 id=\"chain\">")
        .append(esc(l.get("reviewer.chain")))
        .append("</h2>\n");
    Optional<VerifyResult> res;
    try {
      res = evidence.verify();
    } catch (IOException e) {
      sb.append("<p class=\"error\">").append(esc(e.getMessage())).append("</p></section>\n");
      return;
    }
    if (res.isEmpty()) {
      sb.append("<p>").append(esc(l.get("reviewer.no_store"))).append("</p>\n");
    } else if (res.get().intact()) {
      sb.append("<p class=\"ok\" id=\"chain-status\">")
          .append(esc(l.get("reviewer.chain_intact")))
          .append(" — ")
          .append(esc(res.get().summary()))
          .append("</p>\n");
    } else {
      sb.append("<p class=\"error\" role=\"alert\" id=\"chain-status\">")
          .append(esc(l.get("reviewer.chain_broken")))
          .append(" — ")
          .append(esc(res.get().finding().toString()))
          .append("</p>\n");
    }
    sb.append("</section>\n");
  }

  private void exportForm(StringBuilder sb, Labels l, Gate.Visit v, Filter f) {
    sb.append("<form class=\"export\" method=\"post\" action=\"")
        .append(WebPaths.EXPORT)
        .append("\">")
        .append(Html.csrfField(v.session().csrf()));
    hidden(sb, "from", f.from());
    hidden(sb, "to", f.to());
    hidden(sb, "device", f.device());
    hidden(sb, "window", f.window());
    sb.append("<button type=\"submit\" id=\"export\">")
        .append(esc(l.get("reviewer.export")))
        .append("</button> ")
        .append("<span class=\"hint\">")
        .append(esc(l.get("reviewer.export_hint")))
        .append("</span></form>\n");
  }

  private static void hidden(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append("<input type=\"hidden\" name=\"")
          .append(name)
          .append("\" value=\"")
          .append(esc(value))
          .append("\">");
    }
  }

  /** The story the filters select: the time range read from the store, the rest narrowed. */
  private CaseStory story(Filter f) throws IOException {
    // The store is read by time only: a notice about a session names neither its device nor,
    // always, its window; the story joins them first, then narrows (CaseStory.filtered).
    TimelineFilter t = f.timeline();
    return CaseStory.of(
            evidence.entries(new TimelineFilter(t.fromNanos(), t.toNanos(), null, null, false)),
            names)
        .filtered(new CaseStory.Filter(f.device(), f.window(), f.type()));
  }

  private void reportLinks(StringBuilder sb, Narrator n, Filter f) {
    StringBuilder query = new StringBuilder();
    appendQuery(query, "from", f.from());
    appendQuery(query, "to", f.to());
    appendQuery(query, "device", f.device());
    appendQuery(query, "window", f.window());
    appendQuery(query, "type", f.type());
    sb.append("<p class=\"report\">").append(esc(n.word("ui.report")));
    for (String lang : Narrator.LANGS) {
      sb.append(" <a class=\"download\" id=\"report-")
          .append(lang)
          .append("\" href=\"")
          .append(WebPaths.REPORT)
          .append("?lang=")
          .append(lang)
          .append(esc(query))
          .append("\">")
          .append(esc(n.word("ui.report_" + lang)))
          .append("</a>");
    }
    sb.append(" <span class=\"hint\">")
        .append(esc(n.word("ui.report_hint")))
        .append("</span></p>\n");
  }

  private static void appendQuery(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private void story(StringBuilder sb, Narrator n, Filter f) {
    CaseStory story;
    try {
      story = story(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sb.append("<p class=\"hint\">")
        .append(esc(n.word("report.zone", names.zone().getId())))
        .append("</p>\n");
    sb.append("<section aria-labelledby=\"incidents\"><h2 id=\"incidents\">")
        .append(esc(n.word("ui.incidents", story.incidents().size())))
        .append("</h2>\n");
    if (story.incidents().isEmpty()) {
      sb.append("<p>").append(esc(n.word("ui.no_incident"))).append("</p>\n");
    }
    int k = 0;
    for (CaseStory.Incident i : story.incidents()) {
      incident(sb, n, ++k, i);
    }
    sb.append("</section>\n");

    List<CaseStory.Event> events = story.events();
    sb.append("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">")
        .append(esc(n.word("ui.timeline", events.size())))
        .append("</h2>\n");
    if (events.size() > MAX_ROWS) {
      sb.append("<p class=\"hint\">")
          .append(esc(n.word("ui.truncated", MAX_ROWS)))
          .append("</p>\n");
      events = events.subList(events.size() - MAX_ROWS, events.size());
    }
    if (events.isEmpty()) {
      sb.append("<p>").append(esc(n.word("ui.no_incident"))).append("</p>\n");
    } else {
      sb.append("<ol class=\"story\">\n");
      for (CaseStory.Event e : events) {
        TimelineEntry t = e.entry();
        sb.append("<li class=\"")
            .append(
                e.incident() != null
                    ? "incident sev-" + esc(e.incident().severity().wireName())
                    : "kind-" + esc(t.kind()))
            .append("\"><span class=\"when\">")
            .append(esc(n.full(t.tsNanos())))
            .append("</span> ")
            .append(esc(e.incident() != null ? n.sentence(e.incident()) : n.sentence(t)));
        String cid = e.incident() != null ? null : text(t, "community_id");
        if ("session".equals(t.kind()) && cid != null) {
          sb.append(" <a href=\"")
              .append(sessionHref(cid, t.tsNanos()))
              .append("\">")
              .append(esc(n.word("ui.session_link")))
              .append("</a>");
        }
        sb.append(" <small class=\"ref\">#").append(t.id()).append("</small></li>\n");
      }
      sb.append("</ol>\n");
    }
    sb.append("<details class=\"background\"><summary>")
        .append(esc(n.word("ui.background", story.backgroundSessions())))
        .append("</summary>\n<ul>\n");
    story
        .background()
        .forEach(
            (app, count) ->
                sb.append("<li>")
                    .append(
                        esc(
                            n.word(
                                "ui.background_app",
                                app.toUpperCase(java.util.Locale.ROOT),
                                count)))
                    .append("</li>\n"));
    sb.append("</ul></details>\n");
    if (!story.activity().isEmpty()) {
      sb.append("<details class=\"activity\"><summary>")
          .append(esc(n.word("ui.activity", story.activity().size())))
          .append("</summary>\n<ul>\n");
      for (TimelineEntry a : story.activity()) {
        sb.append("<li>")
            .append(esc(n.full(a.tsNanos())))
            .append(" — ")
            .append(esc(a.kind().replace('_', ' ')))
            .append(" — ")
            .append(
                esc(a.fields().path("principal").asText(a.subject() == null ? "" : a.subject())))
            .append("</li>\n");
      }
      sb.append("</ul></details>\n");
    }
    sb.append("</section>\n");
  }

  private void incident(StringBuilder sb, Narrator n, int k, CaseStory.Incident i) {
    String sev = i.severity().wireName();
    sb.append("<article class=\"incident sev-")
        .append(esc(sev))
        .append("\" id=\"incident-")
        .append(k)
        .append("\"><h3><span class=\"severity\">")
        .append(esc(n.severity(i.severity())))
        .append("</span> ")
        .append(esc(n.sentence(i)))
        .append("</h3>\n<p class=\"when\">")
        .append(esc(n.word("report.when", n.full(i.tsNanos()))))
        .append("</p>\n");
    if (i.camera() != null) {
      sb.append("<p>").append(esc(n.word("report.camera", i.camera()))).append("</p>\n");
    }
    sb.append("<p>")
        .append(
            esc(
                i.window() == null
                    ? n.word("report.window_none")
                    : n.word("report.window", i.window())))
        .append("</p>\n");
    String msg = i.lead().fields().path("msg").asText("");
    if (!msg.isEmpty()) {
      sb.append("<p class=\"details\">")
          .append(esc(n.word("report.details", msg)))
          .append("</p>\n");
    }
    for (TimelineEntry other : i.notices().subList(1, i.notices().size())) {
      sb.append("<p class=\"also\">")
          .append(esc(n.word("report.also", other.fields().path("msg").asText(""))))
          .append("</p>\n");
    }
    sb.append("<details class=\"evidence\"><summary>")
        .append(esc(n.word("ui.evidence")))
        .append("</summary>\n<ul>\n");
    for (TimelineEntry s : i.sessions()) {
      sb.append("<li><a href=\"")
          .append(sessionHref(s.subject(), s.tsNanos()))
          .append("\">")
          .append(esc(n.sentence(s)))
          .append("</a></li>\n");
    }
    for (TimelineEntry e : i.evidence()) {
      if ("slice".equals(e.kind())) {
        sb.append("<li><a class=\"download\" href=\"")
            .append(WebPaths.SLICE)
            .append("?id=")
            .append(e.id())
            .append("&amp;at=")
            .append(e.tsNanos())
            .append("\">")
            .append(esc(n.kind("slice")))
            .append("</a> SHA-256 <code>")
            .append(esc(e.fields().path("sha256").asText()))
            .append("</code></li>\n");
      } else {
        sb.append("<li>")
            .append(esc(n.kind(e.kind())))
            .append(" ")
            .append(esc(e.fields().path("file").asText("")))
            .append(" SHA-256 <code>")
            .append(esc(e.fields().path("sha256").asText()))
            .append("</code></li>\n");
      }
    }
    for (TimelineEntry r : i.records()) {
      sb.append("<li class=\"ref\"><small>#")
          .append(r.id())
          .append(" ")
          .append(esc(n.kind(r.kind())))
          .append(" <code>")
          .append(esc(r.hash()))
          .append("</code></small></li>\n");
    }
    if (i.communityId() != null) {
      sb.append("<li class=\"ref\"><small>Community ID <code>")
          .append(esc(i.communityId()))
          .append("</code></small></li>\n");
    }
    sb.append("</ul></details></article>\n");
  }

  private static String sessionHref(String cid, long at) {
    return WebPaths.SESSION
        + "?cid="
        + esc(URLEncoder.encode(cid, StandardCharsets.UTF_8))
        + "&amp;at="
        + at;
  }

  private static String text(TimelineEntry e, String key) {
    JsonNode n = e.fields().get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  private String stamp() {
    return clock
        .instant()
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString()
        .replace(":", "")
        .replace("-", "");
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private ApiResponse problem(Labels l, Gate.Visit v, HttpResponseStatus status, String why) {
    String main =
        "<p class=\"error\" role=\"alert\">"
            + esc(why)
            + "</p>\n<p><a href=\""
            + WebPaths.REVIEWER
            + "\">"
            + esc(l.get("session.back"))
            + "</a></p>";
    return WebResponses.html(status, Html.page(l, "reviewer.title", v.session(), null, main));
  }

  private void record(String kind, Gate.Visit v, Map<String, Object> fields) {
    Instant now = clock.instant();
    String who = v.session().principal().name();
    Map<String, Object> f = new LinkedHashMap<>(fields);
    f.put("principal", who);
    audit.append(new EvidenceRecord(kind, SecurityView.nanos(now), who, f));
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  private static long parseNanos(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
