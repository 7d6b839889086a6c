package io.vigie.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.evidence.TimelineEntry;
import io.vigie.notice.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A case as a person reads it, built from the timeline's records: the incidents first (a notice,
 * with the session it is about, its window, its camera and its evidence records), then the other
 * things that happened, in time order; background traffic (time, name lookups, video, discovery)
 * counted and folded away; the reviewers' own visits kept apart.
 *
 * <pre>{@code
 * CaseStory s = CaseStory.of(Timeline.read(db, TimelineFilter.ALL), names)
 *     .filtered(new CaseStory.Filter("cam-05", null, null));
 * s.incidents().get(0).lead();   // the notice record the incident is told from
 * }</pre>
 *
 * <p>Notices about one session (a Community ID) make one incident, told from its most severe
 * notice: a camera that registers to a foreign platform raises three notices, a reader wants one
 * story with three findings.
 */
public final class CaseStory {
  /**
   * Applications that make the background of a video network when no notice names them and no
   * vendor is involved: clocks, names, the video itself, discovery and camera polling.
   */
  static final Set<String> BACKGROUND_APPS =
      Set.of("ntp", "dns", "rtp", "rtsp", "ssdp", "sadp", "mdns", "onvif", "unknown");

  /**
   * One incident.
   *
   * @param lead the notice the incident is told from (the most severe, the first on a tie)
   * @param notices every notice of the incident, lead first
   * @param sessions the session records it is about
   * @param evidence the pcap slices and file records of those sessions
   */
  public record Incident(
      TimelineEntry lead,
      List<TimelineEntry> notices,
      List<TimelineEntry> sessions,
      List<TimelineEntry> evidence) {
    public long tsNanos() {
      return lead.tsNanos();
    }

    public String note() {
      return lead.fields().path("note").asText("");
    }

    public Severity severity() {
      return severityOf(lead);
    }

    /** The camera it concerns: the notice's, else a camera side of its session. */
    public String camera() {
      for (TimelineEntry n : notices) {
        String c = text(n.fields(), "camera");
        if (c != null) {
          return c;
        }
      }
      return null;
    }

    /** The maintenance window it happened under, or null. */
    public String window() {
      for (TimelineEntry n : notices) {
        String w = text(n.fields(), "window");
        if (w != null) {
          return w;
        }
      }
      for (TimelineEntry s : sessions) {
        String w = text(s.fields(), "window");
        if (w != null) {
          return w;
        }
      }
      return null;
    }

    /** The Community ID of its session, or null. */
    public String communityId() {
      return text(lead.fields(), "community_id");
    }

    /** Every record of it: notices, sessions, evidence, in chain order. */
    public List<TimelineEntry> records() {
      List<TimelineEntry> all = new ArrayList<>(notices);
      all.addAll(sessions);
      all.addAll(evidence);
      all.sort(Comparator.comparingLong(TimelineEntry::id));
      return all;
    }

    boolean mentions(String device) {
      for (TimelineEntry e : records()) {
        JsonNode f = e.fields();
        if (device.equals(text(f, "camera"))
            || device.equals(text(f, "orig_name"))
            || device.equals(text(f, "resp_name"))
            || device.equals(text(f, "orig_h"))
            || device.equals(text(f, "resp_h"))
            || device.equals(e.subject())) {
          return true;
        }
      }
      return false;
    }
  }

  /** A line of the timeline: a record, and the incident it leads if it is one's lead. */
  public record Event(TimelineEntry entry, Incident incident) {}

  /** What a reviewer narrows the story to; null fields select everything. */
  public record Filter(String device, String window, String type) {
    public static final Filter NONE = new Filter(null, null, null);
  }

  private final List<Incident> incidents;
  private final List<Event> events;
  private final Map<String, Integer> background;
  private final List<TimelineEntry> activity;
  private final int records;
  private final SiteNames names;
  private final long firstNanos;
  private final long lastNanos;

  private CaseStory(
      List<Incident> incidents,
      List<Event> events,
      Map<String, Integer> background,
      List<TimelineEntry> activity,
      int records,
      SiteNames names,
      long firstNanos,
      long lastNanos) {
    this.firstNanos = firstNanos;
    this.lastNanos = lastNanos;
    this.incidents = incidents;
    this.events = events;
    this.background = background;
    this.activity = activity;
    this.records = records;
    this.names = names;
  }

  /** The story of {@code entries} (a timeline, oldest first). */
  public static CaseStory of(List<TimelineEntry> entries, SiteNames names) {
    Map<String, List<TimelineEntry>> sessionsByCid = new HashMap<>();
    Map<String, List<TimelineEntry>> evidenceByCid = new HashMap<>();
    Map<String, List<TimelineEntry>> noticesByKey = new LinkedHashMap<>();
    for (TimelineEntry e : entries) {
      String cid = text(e.fields(), "community_id");
      switch (e.kind()) {
        case "session" -> {
          if (cid != null) {
            sessionsByCid.computeIfAbsent(cid, k -> new ArrayList<>()).add(e);
          }
        }
        case "slice", "firmware_image" -> {
          if (cid != null) {
            evidenceByCid.computeIfAbsent(cid, k -> new ArrayList<>()).add(e);
          }
        }
        case "notice" ->
            noticesByKey
                .computeIfAbsent(cid != null ? cid : "#" + e.id(), k -> new ArrayList<>())
                .add(e);
        default -> {}
      }
    }
    List<Incident> incidents = new ArrayList<>();
    Map<Long, Incident> byLead = new HashMap<>();
    Set<Long> inIncident = new java.util.HashSet<>();
    for (Map.Entry<String, List<TimelineEntry>> g : noticesByKey.entrySet()) {
      List<TimelineEntry> notices = new ArrayList<>(g.getValue());
      TimelineEntry lead = notices.get(0);
      for (TimelineEntry n : notices) {
        if (severityOf(n).ordinal() > severityOf(lead).ordinal()) {
          lead = n;
        }
      }
      notices.remove(lead);
      notices.add(0, lead);
      String cid = g.getKey().startsWith("#") ? null : g.getKey();
      List<TimelineEntry> sessions =
          cid == null ? List.of() : List.copyOf(sessionsByCid.getOrDefault(cid, List.of()));
      List<TimelineEntry> evidence =
          cid == null ? List.of() : List.copyOf(evidenceByCid.getOrDefault(cid, List.of()));
      Incident i = new Incident(lead, List.copyOf(notices), sessions, evidence);
      incidents.add(i);
      byLead.put(lead.id(), i);
      i.records().forEach(r -> inIncident.add(r.id()));
    }
    incidents.sort(Comparator.comparingLong(Incident::tsNanos).thenComparing(i -> i.lead().id()));

    List<Event> events = new ArrayList<>();
    Map<String, Integer> background = new TreeMap<>();
    List<TimelineEntry> activity = new ArrayList<>();
    for (TimelineEntry e : entries) {
      Incident led = byLead.get(e.id());
      if (led != null) {
        events.add(new Event(e, led));
      } else if (inIncident.contains(e.id())) {
        continue; // told inside its incident
      } else if (e.kind().startsWith("ui_")) {
        activity.add(e);
      } else if ("session".equals(e.kind()) && isBackground(e)) {
        background.merge(e.fields().path("app").asText("unknown"), 1, Integer::sum);
      } else if ("slice".equals(e.kind())) {
        continue; // the evidence of a session, shown with it
      } else {
        events.add(new Event(e, null));
      }
    }
    return new CaseStory(
        List.copyOf(incidents),
        List.copyOf(events),
        background,
        List.copyOf(activity),
        entries.size(),
        names,
        entries.stream().mapToLong(TimelineEntry::tsNanos).min().orElse(0),
        entries.stream().mapToLong(TimelineEntry::tsNanos).max().orElse(0));
  }

  /** Background: a session of a background application, not the vendor's, with no verdict. */
  static boolean isBackground(TimelineEntry session) {
    JsonNode f = session.fields();
    return !f.path("vendor").asBoolean(false)
        && text(f, "verdict") == null
        && BACKGROUND_APPS.contains(f.path("app").asText("unknown").toLowerCase(Locale.ROOT));
  }

  /** The incidents and timeline lines {@code f} selects; the background counts are kept. */
  public CaseStory filtered(Filter f) {
    if (f.device() == null && f.window() == null && f.type() == null) {
      return this;
    }
    List<Incident> in = new ArrayList<>();
    for (Incident i : incidents) {
      if ((f.device() == null || i.mentions(f.device()))
          && (f.window() == null || f.window().equals(i.window()))
          && (f.type() == null
              || i.notices().stream()
                  .anyMatch(n -> f.type().equals(n.fields().path("note").asText())))) {
        in.add(i);
      }
    }
    List<Event> ev = new ArrayList<>();
    for (Event e : events) {
      if (e.incident() != null
          ? in.contains(e.incident())
          : f.type() == null && matches(e.entry(), f)) {
        ev.add(e);
      }
    }
    return new CaseStory(
        List.copyOf(in),
        List.copyOf(ev),
        background,
        activity,
        records,
        names,
        firstNanos,
        lastNanos);
  }

  private static boolean matches(TimelineEntry e, Filter f) {
    JsonNode x = e.fields();
    boolean device =
        f.device() == null
            || f.device().equals(e.subject())
            || f.device().equals(text(x, "camera"))
            || f.device().equals(text(x, "orig_name"))
            || f.device().equals(text(x, "resp_name"));
    boolean window =
        f.window() == null
            || f.window().equals(e.subject())
            || f.window().equals(text(x, "window"));
    return device && window;
  }

  public List<Incident> incidents() {
    return incidents;
  }

  public List<Event> events() {
    return events;
  }

  /** Sessions folded away, by application. */
  public Map<String, Integer> background() {
    return background;
  }

  public int backgroundSessions() {
    return background.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The records of people using vigie's pages (views, downloads, exports). */
  public List<TimelineEntry> activity() {
    return activity;
  }

  /** How many records the story was read from. */
  public int records() {
    return records;
  }

  /** The time of the first record read (0 when there was none). */
  public long firstNanos() {
    return firstNanos;
  }

  /** The time of the last record read (0 when there was none). */
  public long lastNanos() {
    return lastNanos;
  }

  public SiteNames names() {
    return names;
  }

  /** Incidents per severity. */
  public Map<Severity, Integer> bySeverity() {
    Map<Severity, Integer> m = new java.util.EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, 0);
    }
    for (Incident i : incidents) {
      m.merge(i.severity(), 1, Integer::sum);
    }
    return m;
  }

  static Severity severityOf(TimelineEntry notice) {
    String s = notice.fields().path("severity").asText("");
    for (Severity v : Severity.values()) {
      if (v.wireName().equals(s)) {
        return v;
      }
    }
    return Severity.WARNING;
  }

  static String text(JsonNode f, String key) {
    JsonNode n = f.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }
}
