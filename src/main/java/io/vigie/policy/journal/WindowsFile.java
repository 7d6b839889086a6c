package io.vigie.policy.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigie.config.ApprovalConfig;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.facts.EvidenceSink;
import io.vigie.net.Cidr;
import io.vigie.policy.Actor;
import io.vigie.policy.ExpectedChange;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowEvent;
import io.vigie.policy.WindowJournal;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a windows file, for {@code vigie replay --windows FILE}: windows with their approvals,
 * rejection and revocation, so that an incident can be judged again offline.
 *
 * <pre>{@code
 * WindowSet windows = WindowsFile.load(Path.of("windows.yaml"), siteConfig);
 * }</pre>
 *
 * <p>Format (instants in ISO-8601 UTC, keys snake_case, unknown keys fatal):
 *
 * <pre>
 * windows:
 *   - id: W-20261123-001
 *     requester: j.martin@acme
 *     requester_roles: [vendor]          # optional; checked against approval.requester_roles
 *     requested_at: 2026-11-23T07:30:00Z
 *     reason: Upgrade cam-001 to firmware 5.7.3
 *     ticket: ACME-4711
 *     scope:
 *       devices: [cam-001]               # inventory names
 *       subnets: [10.20.2.0/24]          # and/or address blocks
 *       endpoints: [203.0.113.10, "*.acme-cloud.example"]   # optional: any vendor endpoint
 *       apps: [ssh, https]
 *     start: 2026-11-23T08:00:00Z
 *     end: 2026-11-23T10:00:00Z
 *     expected_changes:                  # optional
 *       - { camera: cam-001, firmware_version: 5.7.3 }
 *     approvals:
 *       - { who: m.dupont, roles: [town_hall], at: 2026-11-23T07:40:00Z, reason: ok }
 *       - { who: s.roux, roles: [it_security], at: 2026-11-23T07:45:00Z }
 *     revoked: { who: s.roux, roles: [it_security], at: 2026-11-23T09:00:00Z, reason: unexpected RDP }
 *     # rejected: { who: ..., roles: [...], at: ..., reason: ... }
 * </pre>
 *
 * <p>Every step is checked by the same rules as the live service ({@link JournaledWindowService}
 * with the site's approval section), played in time order: a self-approval, a missing role, an
 * approval outside approver hours or after the window lapsed, a window longer than allowed, are
 * refused with the file, the line of the window and the field.
 */
public final class WindowsFile {
  private WindowsFile() {}

  /** The file's top level. */
  public record Doc(List<Entry> windows) {
    public Doc {
      windows = windows == null ? List.of() : List.copyOf(windows);
    }
  }

  /** One window as written in the file. */
  public record Entry(
      String id,
      String requester,
      List<String> requesterRoles,
      String requestedAt,
      String reason,
      String ticket,
      ScopeEntry scope,
      String start,
      String end,
      List<ExpectedChange> expectedChanges,
      List<Step> approvals,
      Step rejected,
      Step revoked) {
    public Entry {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("missing 'id'");
      }
      if (requester == null || requester.isBlank()) {
        throw new IllegalArgumentException("missing 'requester'");
      }
      requesterRoles = requesterRoles == null ? List.of() : List.copyOf(requesterRoles);
      instant("requested_at", requestedAt);
      instant("start", start);
      instant("end", end);
      expectedChanges = expectedChanges == null ? List.of() : List.copyOf(expectedChanges);
      approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }
  }

  /** The scope as written: application names as strings. */
  public record ScopeEntry(
      List<String> devices, List<Cidr> subnets, List<String> endpoints, List<String> apps) {}

  /** An approval, rejection or revocation. */
  public record Step(String who, List<String> roles, String at, String reason) {
    public Step {
      if (who == null || who.isBlank()) {
        throw new IllegalArgumentException("missing 'who'");
      }
      roles = roles == null ? List.of() : List.copyOf(roles);
      instant("at", at);
    }
  }

  /**
   * Loads and checks {@code file} against the site: its approval rules, and its inventory (a scope
   * naming a device the site does not have is refused). What replay should call.
   */
  public static WindowSet load(Path file, SiteConfig site) throws ConfigException {
    return play(file.toString(), read(file), site.approval(), site);
  }

  /** Loads and checks {@code file} against approval rules only (device names are not checked). */
  public static WindowSet load(Path file, ApprovalConfig approval) throws ConfigException {
    return parse(file.toString(), read(file), approval);
  }

  /**
   * Like {@link #load(Path, ApprovalConfig)} on bytes already read; {@code name} is used in
   * messages.
   */
  public static WindowSet parse(String name, byte[] yaml, ApprovalConfig approval)
      throws ConfigException {
    return play(name, yaml, approval, null);
  }

  private static byte[] read(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return bytes;
  }

  private static WindowSet play(String name, byte[] yaml, ApprovalConfig approval, SiteConfig site)
      throws ConfigException {
    Doc doc = YamlLoader.parse(name, yaml, Doc.class);
    List<Integer> lines = entryLines(yaml);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < doc.windows().size(); i++) {
      Integer before = seen.put(doc.windows().get(i).id(), i);
      if (before != null) {
        throw new ConfigException(
            where(name, lines, i)
                + ".id: '"
                + doc.windows().get(i).id()
                + "' is also the id of windows["
                + before
                + "]");
      }
    }
    return play(name, lines, doc, approval, site);
  }

  private record Pending(Instant at, int kind, int window, int index, Step step) {}

  private static final int REQUEST = 0;
  private static final int APPROVE = 1;
  private static final int REJECT = 2;
  private static final int REVOKE = 3;

  private static WindowSet play(
      String name, List<Integer> lines, Doc doc, ApprovalConfig approval, SiteConfig site)
      throws ConfigException {
    List<Pending> steps = new ArrayList<>();
    for (int i = 0; i < doc.windows().size(); i++) {
      Entry e = doc.windows().get(i);
      steps.add(new Pending(Instant.parse(e.requestedAt()), REQUEST, i, 0, null));
      for (int k = 0; k < e.approvals().size(); k++) {
        steps.add(
            new Pending(
                Instant.parse(e.approvals().get(k).at()), APPROVE, i, k, e.approvals().get(k)));
      }
      if (e.rejected() != null) {
        steps.add(new Pending(Instant.parse(e.rejected().at()), REJECT, i, 0, e.rejected()));
      }
      if (e.revoked() != null) {
        steps.add(new Pending(Instant.parse(e.revoked().at()), REVOKE, i, 0, e.revoked()));
      }
    }
    // The service's clock only moves forward, so the steps of all windows are played in time
    // order; at one instant a request comes before its approvals, and those before a revocation.
    steps.sort(
        Comparator.comparing(Pending::at)
            .thenComparingInt(Pending::kind)
            .thenComparingInt(Pending::window)
            .thenComparingInt(Pending::index));
    SetClock clock = new SetClock();
    JournaledWindowService service;
    try {
      service =
          site == null
              ? new JournaledWindowService(approval, WindowJournal.NONE, EvidenceSink.NONE, clock)
              : JournaledWindowService.forSite(site, WindowJournal.NONE, EvidenceSink.NONE, clock);
    } catch (IOException e) {
      throw new IllegalStateException("an empty journal cannot fail", e);
    }
    String[] serviceIds = new String[doc.windows().size()];
    for (Pending p : steps) {
      clock.now = p.at();
      Entry e = doc.windows().get(p.window());
      String field =
          switch (p.kind()) {
            case REQUEST -> "";
            case APPROVE -> ".approvals[" + p.index() + "]";
            case REJECT -> ".rejected";
            default -> ".revoked";
          };
      try {
        if (p.kind() == REQUEST) {
          serviceIds[p.window()] =
              service
                  .request(
                      request(e),
                      new Actor(e.requester(), new java.util.TreeSet<>(e.requesterRoles())))
                  .id();
          continue;
        }
        String id = serviceIds[p.window()];
        if (id == null) {
          throw new PolicyException(
              PolicyException.Kind.CONFLICT,
              "at",
              "happens before the request at " + e.requestedAt());
        }
        Actor actor = new Actor(p.step().who(), new java.util.TreeSet<>(p.step().roles()));
        switch (p.kind()) {
          case APPROVE -> service.approve(id, actor, p.step().reason());
          case REJECT -> service.reject(id, actor, p.step().reason());
          default -> service.revoke(id, actor, p.step().reason());
        }
      } catch (PolicyException ex) {
        String f = p.kind() == REQUEST && ex.field() != null ? "." + ex.field() : field;
        String msg =
            p.kind() == REQUEST
                    && ex.field() != null
                    && ex.getMessage().startsWith(ex.field() + ": ")
                ? ex.getMessage().substring(ex.field().length() + 2)
                : ex.getMessage();
        // The service numbered the windows itself; a person reading the file knows its ids.
        if (serviceIds[p.window()] != null) {
          msg = msg.replace(serviceIds[p.window()], e.id());
        }
        throw new ConfigException(where(name, lines, p.window()) + f + ": " + msg);
      }
    }
    List<Window> out = new ArrayList<>();
    for (int i = 0; i < serviceIds.length; i++) {
      Window w = service.get(serviceIds[i]).orElseThrow();
      String id = doc.windows().get(i).id();
      List<WindowEvent> events = new ArrayList<>();
      for (WindowEvent ev : w.events()) {
        events.add(new WindowEvent(id, ev.type(), ev.at(), ev.who(), ev.roles(), ev.reason()));
      }
      out.add(new Window(id, w.terms(), events));
    }
    return WindowSet.of(out);
  }

  private static WindowRequest request(Entry e) throws PolicyException {
    if (e.scope() == null) {
      throw PolicyException.invalid("scope", "required");
    }
    ScopeEntry s = e.scope();
    Scope scope = new Scope(s.devices(), s.subnets(), s.endpoints(), Scope.parseApps(s.apps()));
    return new WindowRequest(
        e.reason(),
        e.ticket(),
        scope,
        Instant.parse(e.start()),
        Instant.parse(e.end()),
        e.expectedChanges());
  }

  private static String where(String name, List<Integer> lines, int i) {
    return name + (i < lines.size() ? ":" + lines.get(i) : "") + ": windows[" + i + "]";
  }

  /** The line of each element of the top-level {@code windows} list, for messages after parsing. */
  private static List<Integer> entryLines(byte[] yaml) {
    List<Integer> lines = new ArrayList<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      int depth = 0;
      boolean inWindows = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && depth == 1) {
          inWindows = "windows".equals(p.currentName());
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          if (inWindows && depth == 2 && t == JsonToken.START_OBJECT) {
            lines.add(p.currentLocation().getLineNr());
          }
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
      }
    } catch (IOException e) {
      // Already parsed once by YamlLoader: cannot happen; messages simply lose the line.
      return lines;
    }
    return lines;
  }

  private static Instant instant(String key, String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not an ISO-8601 instant such as 2026-11-23T08:00:00Z");
    }
  }

  /** The service's clock while a file is played: set to each step's instant. */
  private static final class SetClock extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
