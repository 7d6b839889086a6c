package io.vigie.policy.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.policy.ExpectedChange;
import io.vigie.policy.JournalEntry;
import io.vigie.policy.Scope;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowTerms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads back the journal lines that {@link io.vigie.policy.WindowJson#entry} writes. */
public final class JournalLines {
  private JournalLines() {}

  /**
   * Reads a journal line written by {@link io.vigie.policy.WindowJson#entry}; throws
   * IllegalArgumentException if malformed.
   */
  public static JournalEntry parseEntry(JsonNode n) {
    WindowEvent e =
        new WindowEvent(
            text(n, "window"),
            WindowEvent.Type.fromWireName(text(n, "event")),
            Instant.parse(text(n, "at")),
            text(n, "who"),
            strings(n.get("roles")),
            n.path("reason").asText(""));
    JsonNode t = n.get("terms");
    return new JournalEntry(e, t == null ? null : parseTerms(t));
  }

  private static WindowTerms parseTerms(JsonNode t) {
    JsonNode s = t.get("scope");
    if (s == null) {
      throw new IllegalArgumentException("terms without a scope");
    }
    List<Cidr> subnets = new ArrayList<>();
    strings(s.get("subnets")).forEach(c -> subnets.add(Cidr.parse(c)));
    List<App> apps = new ArrayList<>();
    strings(s.get("apps")).forEach(a -> apps.add(App.fromWireName(a)));
    Scope scope = new Scope(strings(s.get("devices")), subnets, strings(s.get("endpoints")), apps);
    List<ExpectedChange> changes = new ArrayList<>();
    for (JsonNode c : t.path("expected_changes")) {
      changes.add(
          new ExpectedChange(
              text(c, "camera"),
              c.hasNonNull("firmware_version") ? c.get("firmware_version").asText() : null,
              c.hasNonNull("image_sha256") ? c.get("image_sha256").asText() : null,
              strings(c.get("modules"))));
    }
    return new WindowTerms(
        text(t, "requester"),
        Instant.parse(text(t, "requested_at")),
        text(t, "reason"),
        text(t, "ticket"),
        scope,
        Instant.parse(text(t, "start")),
        Instant.parse(text(t, "end")),
        changes,
        Instant.parse(text(t, "lapse_at")),
        t.path("duration_from_approval").asBoolean(false));
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null) {
      for (JsonNode v : n) {
        out.add(v.asText());
      }
    }
    return out;
  }
}
