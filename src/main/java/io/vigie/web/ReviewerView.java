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
import io.vigie.web.EvidenceReader.NoticeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewer's view (a lawyer, an auditor): the forensic timeline filtered by time, device,
 * window and notice type; a session's details with its pcap slice to download; the state of the
 * evidence chain; the export of a case bundle that {@code vigie evidence verify} checks anywhere.
 * Views, downloads and exports are themselves recorded as evidence ({@code ui_view}, {@code
 * ui_slice_download}, {@code ui_export}: who, what, when).
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

  ReviewerView(Gate gate, Access access, EvidenceReader evidence, EvidenceSink audit, Clock clock) {
    this.gate = gate;
    this.access = access;
    this.evidence = evidence;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code GET /ui/reviewer?from=&to=&device=&window=&type=}. */
  ApiResponse page(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.reviewer());
    Labels l = v.labels();
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
              q.optional("type"));
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
      exportForm(sb, l, v, f);
      timeline(sb, l, f);
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
    sb.append("<p>Community ID <code>").append(esc(cid)).append("</code></p>\n");
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
      f = filter(w.field("from"), w.field("to"), w.field("device"), w.field("window"), null);
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
      String stamp =
          clock
              .instant()
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString()
              .replace(":", "")
              .replace("-", "");
      return WebResponses.download("application/zip", "vigie-case-" + stamp + ".zip", zip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Filter filter(String from, String to, String device, String window, String type) {
    Long f = from == null ? null : parseTime(from, "from");
    Long t = to == null ? null : parseTime(to, "to");
    if (f != null && t != null && t <= f) {
      throw new IllegalArgumentException("'to' must be after 'from'");
    }
    return new Filter(
        from, to, device, window, type, new TimelineFilter(f, t, window, device, false));
  }

  /**
   * ISO instant, a date, or what a datetime-local field sends ({@code 2026-11-23T08:00}, taken as
   * UTC).
   */
  static long parseTime(String text, String field) {
    try {
      return Times.parse(text);
    } catch (IllegalArgumentException e) {
      try {
        return SecurityView.nanos(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
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
    input(sb, l, "from", f.from(), "reviewer.from", "2026-11-23T08:00:00Z");
    input(sb, l, "to", f.to(), "reviewer.to", "2026-11-23T18:00:00Z");
    input(sb, l, "device", f.device(), "reviewer.device", "cam-001");
    input(sb, l, "window", f.window(), "reviewer.window", "W-20261123-001");
    input(sb, l, "type", f.type(), "reviewer.type", "vendor_access_outside_window");
    sb.append("<p><button type=\"submit\">")
        .append(esc(l.get("reviewer.apply")))
        .append("</button> <a href=\"")
        .append(WebPaths.REVIEWER)
        .append("\">")
        .append(esc(l.get("reviewer.clear")))
        .append("</a></p>\n")
        .append("</fieldset></form>\n");
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

  private void timeline(StringBuilder sb, Labels l, Filter f) {
    List<TimelineEntry> all;
    try {
      all = evidence.entries(f.timeline());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<TimelineEntry> rows = new ArrayList<>();
    for (TimelineEntry e : all) {
      if (f.type() == null
          || "notice".equals(e.kind()) && f.type().equals(e.fields().path("note").asText())) {
        rows.add(e);
      }
    }
    sb.append("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">")
        .append(esc(l.get("reviewer.timeline")))
        .append(" (")
        .append(rows.size())
        .append(")</h2>\n");
    if (rows.size() > MAX_ROWS) {
      sb.append("<p class=\"hint\">")
          .append(esc(l.format("reviewer.truncated", MAX_ROWS)))
          .append("</p>\n");
      rows = rows.subList(rows.size() - MAX_ROWS, rows.size());
    }
    if (rows.isEmpty()) {
      sb.append("<p>").append(esc(l.get("reviewer.empty"))).append("</p></section>\n");
      return;
    }
    sb.append("<table class=\"timeline\">\n<thead><tr>");
    SecurityView.header(
        sb,
        l,
        "timeline.time",
        "timeline.record",
        "timeline.kind",
        "timeline.subject",
        "timeline.summary");
    sb.append("</tr></thead>\n<tbody>\n");
    for (TimelineEntry e : rows) {
      sb.append("<tr class=\"kind-")
          .append(esc(e.kind()))
          .append("\"><td>")
          .append(Html.timeNanos(e.tsNanos()))
          .append("</td><td>#")
          .append(e.id())
          .append("</td><td>")
          .append(esc(e.kind()))
          .append("</td><td>");
      if ("session".equals(e.kind()) && e.subject() != null) {
        sb.append("<a href=\"")
            .append(WebPaths.SESSION)
            .append("?cid=")
            .append(esc(URLEncoder.encode(e.subject(), StandardCharsets.UTF_8)))
            .append("&amp;at=")
            .append(e.tsNanos())
            .append("\">")
            .append(esc(e.subject()))
            .append("</a>");
      } else {
        sb.append(esc(e.subject()));
      }
      sb.append("</td><td>").append(esc(e.summary())).append("</td></tr>\n");
    }
    sb.append("</tbody></table></section>\n");
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
