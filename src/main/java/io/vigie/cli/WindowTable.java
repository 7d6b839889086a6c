package io.vigie.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints windows as the API returns them: a table for a list, a block for one window. */
final class WindowTable {
  private WindowTable() {}

  static void list(JsonNode windows, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "STATE", "REQUESTER", "START", "END", "SCOPE", "TICKET"});
    for (JsonNode w : windows) {
      rows.add(
          new String[] {
            w.path("id").asText(),
            w.path("state").asText(),
            w.path("requester").asText(),
            w.path("active_start").asText(),
            w.path("active_end").asText(),
            scope(w.path("scope")),
            w.path("ticket").asText()
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
    if (rows.size() == 1) {
      out.println("(no windows)");
    }
  }

  static void detail(JsonNode w, PrintWriter out) {
    out.printf("window     %s%n", w.path("id").asText());
    out.printf("state      %s%n", w.path("state").asText());
    out.printf(
        "requester  %s (at %s)%n", w.path("requester").asText(), w.path("requested_at").asText());
    out.printf("ticket     %s%n", w.path("ticket").asText());
    out.printf("reason     %s%n", w.path("reason").asText());
    out.printf("scope      %s%n", scope(w.path("scope")));
    out.printf("opens      %s%n", w.path("active_start").asText());
    out.printf("closes     %s%n", w.path("active_end").asText());
    for (JsonNode c : w.path("expected_changes")) {
      out.printf(
          "expects    %s firmware %s%s%n",
          c.path("camera").asText(),
          c.path("firmware_version").asText("any"),
          c.path("modules").isEmpty() ? "" : " modules " + join(c.path("modules")));
    }
    out.println("history");
    for (JsonNode e : w.path("events")) {
      String reason = e.path("reason").asText("");
      out.printf(
          "  %s  %-9s %s [%s]%s%n",
          e.path("at").asText(),
          e.path("type").asText(),
          e.path("who").asText(),
          join(e.path("roles")),
          reason.isEmpty() ? "" : ": " + reason);
    }
  }

  private static String scope(JsonNode s) {
    List<String> parts = new ArrayList<>();
    for (String k : new String[] {"devices", "subnets", "endpoints"}) {
      if (!s.path(k).isEmpty()) {
        parts.add(join(s.path(k)));
      }
    }
    return String.join(" ", parts) + " (" + join(s.path("apps")) + ")";
  }

  private static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return String.join(",", out);
  }
}
