package io.vigie.gate;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.GateConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.App;
import io.vigie.policy.Actor;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A gate config and a real window service on a temporary journal, for the gate's tests. */
final class Fixture {
  static final String TOKEN = "correct-horse-battery-staple";
  static final String VENDOR = "j.martin@acme";
  static final Actor VENDOR_ACTOR = new Actor(VENDOR, Set.of("vendor"));
  static final Actor MAYOR = new Actor("m.dupont", Set.of("town_hall"));

  final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-23T09:00:00Z"));
  final JournaledWindowService windows;

  Fixture(Path dir) throws IOException {
    windows =
        new JournaledWindowService(
            ApprovalConfig.DEFAULTS,
            new JsonLinesWindowJournal(dir.resolve("windows.jsonl")),
            EvidenceSink.NONE,
            clock);
  }

  /** An approved window, active now, for the vendor on {@code device} by {@code apps}. */
  Window openWindow(String device, Duration length, App... apps) throws PolicyException {
    Window w =
        windows.request(
            new WindowRequest(
                "maintenance",
                "ACME-1",
                new Scope(List.of(device), List.of(), List.of(), List.of(apps)),
                null,
                clock.instant().plus(length),
                List.of()),
            VENDOR_ACTOR);
    return windows.approve(w.id(), MAYOR, "ok");
  }

  void revoke(String id) throws PolicyException {
    windows.revoke(id, MAYOR, "test revocation");
  }

  static GateConfig.Identity identity() {
    return new GateConfig.Identity(VENDOR, Identities.hashOf(TOKEN), null, null);
  }

  static GateConfig config(int maxPerWindow, GateConfig.Listener... listeners) {
    return new GateConfig(
        "127.0.0.1", 30, 300, maxPerWindow, null, List.of(identity()), null, List.of(listeners));
  }

  static GateConfig.Listener sshListener(int targetPort) {
    return new GateConfig.Listener(
        "ssh",
        "127.0.0.1:0",
        "ssh",
        GateConfig.Auth.TOKEN,
        List.of(
            new GateConfig.Target("cam-001", "127.0.0.1", targetPort),
            new GateConfig.Target("cam-002", "127.0.0.1", targetPort)));
  }
}
