package io.vigie.api;

import io.vigie.policy.ExpectedChange;
import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowTerms;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window as JSON: its terms, its state now, when it opens and closes, and its history. The field
 * names are the API's contract (see openapi.yaml, schema {@code Window}).
 */
final class WindowView {
  private WindowView() {}

  static Map<String, Object> of(Window w, Instant now) {
    WindowTerms t = w.terms();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("state", w.stateAt(now).wireName());
    m.put("requester", t.requester());
    m.put("requested_at", t.requestedAt());
    m.put("reason", t.reason());
    m.put("ticket", t.ticket());
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("devices", t.scope().devices());
    scope.put("subnets", t.scope().subnets().stream().map(Object::toString).toList());
    scope.put("endpoints", t.scope().endpoints());
    scope.put("apps", t.scope().apps().stream().map(a -> a.wireName()).toList());
    m.put("scope", scope);
    m.put("start", t.start());
    m.put("end", t.end());
    m.put("active_start", w.activeStart());
    m.put("active_end", w.activeEnd());
    m.put("lapse_at", t.lapseAt());
    m.put("expected_changes", t.expectedChanges().stream().map(WindowView::change).toList());
    m.put("events", w.events().stream().map(WindowView::event).toList());
    return m;
  }

  private static Map<String, Object> change(ExpectedChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("camera", c.camera());
    m.put("firmware_version", c.firmwareVersion());
    m.put("image_sha256", c.imageSha256());
    m.put("modules", c.modules());
    return m;
  }

  private static Map<String, Object> event(WindowEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type().wireName());
    m.put("at", e.at());
    m.put("who", e.who());
    m.put("roles", List.copyOf(e.roles()));
    m.put("reason", e.reason());
    return m;
  }
}
