package io.vigie.policy;

import io.vigie.net.App;
import io.vigie.net.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds windows event by event for tests of the pure parts (no service, no clock). */
public final class Windows {
  public static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  private final String id;
  private final Scope scope;
  private Instant start = T;
  private Instant end = T.plus(Duration.ofHours(2));
  private Instant requestedAt = T.minus(Duration.ofHours(1));
  private Duration lapseAfter = Duration.ofHours(1);
  private boolean fromApproval;
  private List<ExpectedChange> changes = List.of();
  private final List<Object[]> steps = new ArrayList<>();

  private Windows(String id, Scope scope) {
    this.id = id;
    this.scope = scope;
  }

  /** cam-001, any vendor endpoint, ssh, 08:00 to 10:00, requested 07:00. */
  public static Windows window(String id) {
    return new Windows(id, new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH)));
  }

  public static Windows window(
      String id,
      List<String> devices,
      List<String> subnets,
      List<String> endpoints,
      List<App> apps) {
    List<Cidr> s = new ArrayList<>();
    subnets.forEach(x -> s.add(Cidr.parse(x)));
    return new Windows(id, new Scope(devices, s, endpoints, apps));
  }

  Windows hours(Instant start, Instant end) {
    this.start = start;
    this.end = end;
    return this;
  }

  Windows requestedAt(Instant t) {
    this.requestedAt = t;
    return this;
  }

  Windows durationFromApproval() {
    this.fromApproval = true;
    return this;
  }

  Windows expecting(ExpectedChange c) {
    this.changes = List.of(c);
    return this;
  }

  Windows approvedAt(Instant t) {
    steps.add(new Object[] {WindowEvent.Type.APPROVAL, t});
    steps.add(new Object[] {WindowEvent.Type.APPROVED, t});
    return this;
  }

  Windows revokedAt(Instant t) {
    steps.add(new Object[] {WindowEvent.Type.REVOKED, t});
    return this;
  }

  Windows rejectedAt(Instant t) {
    steps.add(new Object[] {WindowEvent.Type.REJECTED, t});
    return this;
  }

  Window build() {
    WindowTerms terms =
        new WindowTerms(
            "j.martin@acme",
            requestedAt,
            "maintenance",
            "ACME-1",
            scope,
            start,
            end,
            changes,
            start.plus(lapseAfter),
            fromApproval);
    Window w =
        new Window(
            id,
            terms,
            List.of(
                new WindowEvent(
                    id,
                    WindowEvent.Type.REQUESTED,
                    requestedAt,
                    "j.martin@acme",
                    List.of("vendor"),
                    "maintenance")));
    for (Object[] s : steps) {
      w =
          w.with(
              new WindowEvent(
                  id,
                  (WindowEvent.Type) s[0],
                  (Instant) s[1],
                  "m.dupont",
                  List.of("town_hall"),
                  "test"));
    }
    return w;
  }

  public static WindowSet set(Windows... ws) {
    List<Window> out = new ArrayList<>();
    for (Windows w : ws) {
      out.add(w.build());
    }
    return WindowSet.of(out);
  }

  public static Instant at(String hhmmss) {
    return Instant.parse("2026-11-23T" + hhmmss + "Z");
  }

  public static Instant us(Instant t, long micros) {
    return t.plusNanos(micros * 1000);
  }
}
