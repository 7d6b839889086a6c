package io.vigie.web;

import static io.vigie.web.Html.esc;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vigie.api.ApiRequest;
import io.vigie.api.ApiResponse;
import io.vigie.policy.Window;
import io.vigie.policy.WindowService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ui/city[?site=nice-est]}, the hub's page: every site's latest notices and camera
 * records, filterable by site, and the windows decided at the hub. Bounded: {@link #ROWS} rows a
 * table.
 */
final class CityView {
  static final int ROWS = 100;

  private final Gate gate;
  private final Access access;
  private final WindowService windows;
  private final CityRecords records;
  private final Clock clock;

  CityView(Gate gate, Access access, WindowService windows, CityRecords records, Clock clock) {
    this.gate = gate;
    this.access = access;
    this.windows = windows;
    this.records = records;
    this.clock = clock;
  }

  ApiResponse page(ApiRequest r) {
    Gate.Visit v = gate.page(r, access.any());
    Labels l = v.labels();
    List<String> sites = records.sites();
    String asked = r.query().optional("site");
    // Only a site the hub knows filters; anything else shows every site.
    String site = asked != null && sites.contains(asked) ? asked : null;
    StringBuilder sb = new StringBuilder();
    sb.append("<form method=\"get\" action=\"")
        .append(WebPaths.CITY)
        .append("\"><label>")
        .append(esc(l.get("city.site")))
        .append(" <select name=\"site\"><option value=\"\">")
        .append(esc(l.get("city.all_sites")))
        .append("</option>");
    for (String s : sites) {
      sb.append("<option")
          .append(s.equals(site) ? " selected" : "")
          .append(">")
          .append(esc(s))
          .append("</option>");
    }
    sb.append("</select></label> <button type=\"submit\">")
        .append(esc(l.get("city.filter")))
        .append("</button></form>\n");
    table(sb, l, "city.notices", records.notices(site, ROWS));
    windows(sb, l);
    table(sb, l, "city.cameras", records.cameras(site, ROWS));
    return WebResponses.html(
        HttpResponseStatus.OK,
        Html.page(
            l,
            "city.title",
            v.session(),
            v.flash(),
            sb.toString(),
            site == null ? Map.of() : Map.of("site", site)));
  }

  private static void table(
      StringBuilder sb, Labels l, String titleKey, List<CityRecords.Row> rows) {
    sb.append("<section><h2>").append(esc(l.get(titleKey))).append(" (").append(rows.size());
    sb.append(")</h2>\n");
    if (rows.isEmpty()) {
      sb.append("<p>").append(esc(l.get("city.none"))).append("</p></section>\n");
      return;
    }
    sb.append("<table><thead><tr><th>")
        .append(esc(l.get("city.col.time")))
        .append("</th><th>")
        .append(esc(l.get("city.col.site")))
        .append("</th><th>")
        .append(esc(l.get("city.col.what")))
        .append("</th><th>")
        .append(esc(l.get("city.col.detail")))
        .append("</th></tr></thead><tbody>\n");
    for (CityRecords.Row row : rows) {
      sb.append("<tr><td>")
          .append(esc(row.ts()))
          .append("</td><td>")
          .append(esc(row.site()))
          .append("</td><td>")
          .append(esc(row.what()))
          .append("</td><td>")
          .append(esc(row.detail()))
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table></section>\n");
  }

  private void windows(StringBuilder sb, Labels l) {
    Instant now = clock.instant();
    List<Window> all = windows.list();
    List<Window> shown = all.subList(Math.max(0, all.size() - ROWS), all.size());
    sb.append("<section><h2>").append(esc(l.get("city.windows"))).append(" (").append(all.size());
    sb.append(")</h2>\n");
    if (shown.isEmpty()) {
      sb.append("<p>").append(esc(l.get("city.none"))).append("</p></section>\n");
      return;
    }
    sb.append("<table><thead><tr><th>")
        .append(esc(l.get("city.col.window")))
        .append("</th><th>")
        .append(esc(l.get("city.col.state")))
        .append("</th><th>")
        .append(esc(l.get("city.col.devices")))
        .append("</th><th>")
        .append(esc(l.get("city.col.requester")))
        .append("</th></tr></thead><tbody>\n");
    for (Window w : shown) {
      sb.append("<tr><td>")
          .append(esc(w.id()))
          .append("</td><td>")
          .append(esc(w.stateAt(now).wireName()))
          .append("</td><td>")
          .append(Html.list(w.terms().scope().devices()))
          .append("</td><td>")
          .append(esc(w.terms().requester()))
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table></section>\n");
  }
}
