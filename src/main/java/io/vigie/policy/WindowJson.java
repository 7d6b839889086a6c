package io.vigie.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows as plain maps (snake_case keys, ISO-8601 instants, values JSON and evidence can hold),
 * and back from JSON for the journal. The HTTP API may answer with {@link #window} as it is.
 *
 * <pre>{@code
 * Map<String, Object> json = WindowJson.window(w, clock.instant());
 * // {"id":"W-20261123-001","state":"active","requester":"j.martin@acme", ... ,"events":[...]}
 * }</pre>
 */
public final class WindowJson {
  private WindowJson() {}

  /** The whole window, with its state at {@code now}. */
  public static Map<String, Object> window(Window w, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("state", w.stateAt(now).wireName());
    m.putAll(terms(w.terms()));
    w.approvedAt().ifPresent(t -> m.put("approved_at", t.toString()));
    m.put("active_start", w.activeStart().toString());
    m.put("active_end", w.activeEnd().toString());
    w.revokedAt().ifPresent(t -> m.put("revoked_at", t.toString()));
    List<Object> events = new ArrayList<>();
    for (WindowEvent e : w.events()) {
      events.add(event(e));
    }
    m.put("events", events);
    return m;
  }

  public static Map<String, Object> terms(WindowTerms t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requester", t.requester());
    m.put("requested_at", t.requestedAt().toString());
    m.put("reason", t.reason());
    m.put("ticket", t.ticket());
    m.put("scope", scope(t.scope()));
    m.put("start", t.start().toString());
    m.put("end", t.end().toString());
    List<Object> changes = new ArrayList<>();
    for (ExpectedChange c : t.expectedChanges()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("camera", c.camera());
      if (c.firmwareVersion() != null) {
        cm.put("firmware_version", c.firmwareVersion());
      }
      if (c.imageSha256() != null) {
        cm.put("image_sha256", c.imageSha256());
      }
      cm.put("modules", c.modules());
      changes.add(cm);
    }
    m.put("expected_changes", changes);
    m.put("lapse_at", t.lapseAt().toString());
    m.put("duration_from_approval", t.durationFromApproval());
    return m;
  }

  public static Map<String, Object> scope(Scope s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("devices", s.devices());
    List<String> subnets = new ArrayList<>();
    s.subnets().forEach(c -> subnets.add(c.toString()));
    m.put("subnets", subnets);
    m.put("endpoints", s.endpoints());
    List<String> apps = new ArrayList<>();
    s.apps().forEach(a -> apps.add(a.wireName()));
    m.put("apps", apps);
    return m;
  }

  public static Map<String, Object> event(WindowEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window", e.window());
    m.put("event", e.type().wireName());
    m.put("at", e.at().toString());
    m.put("who", e.who());
    m.put("roles", e.roles());
    m.put("reason", e.reason());
    return m;
  }

  /** A journal line: the event's fields, plus {@code terms} on a requested event. */
  public static Map<String, Object> entry(JournalEntry j) {
    Map<String, Object> m = event(j.event());
    if (j.terms() != null) {
      m.put("terms", terms(j.terms()));
    }
    return m;
  }
}
