package io.vigie.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.evidence.TimelineEntry;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import io.vigie.report.CaseStory.Incident;
import io.vigie.report.SiteNames.Party;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Tells a {@link CaseStory} in one language ("fr" or "en"): sentences for incidents (from {@link
 * NoticeSentences}), sessions and window steps, parties by their site names, times local (the
 * site's zone) beside UTC. The page and the PDF both speak through it, so they say the same.
 *
 * <pre>{@code
 * Narrator n = Narrator.of("en", names);
 * n.sentence(incident);  // "The vendor Acme Vision (203.0.113.51) connected by SSH to camera
 *                        //  cam-05 at 10:01:30 (09:01:30 UTC) without an approved window."
 * }</pre>
 */
public final class Narrator {
  public static final List<String> LANGS = List.of("fr", "en");

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UTC_FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final String lang;
  private final Properties words;
  private final SiteNames names;
  private final DateTimeFormatter localTime;
  private final DateTimeFormatter localDate;

  private Narrator(String lang, Properties words, SiteNames names) {
    this.lang = lang;
    this.words = words;
    this.names = names;
    this.localTime = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(names.zone());
    this.localDate =
        DateTimeFormatter.ofPattern("fr".equals(lang) ? "dd/MM/yyyy" : "yyyy-MM-dd")
            .withZone(names.zone());
  }

  /** A narrator in {@code lang}; anything but "fr" and "en" is refused. */
  public static Narrator of(String lang, SiteNames names) {
    if (!LANGS.contains(lang)) {
      throw new IllegalArgumentException("language '" + lang + "': fr or en");
    }
    String name = "words_" + lang + ".properties";
    try (InputStream in = Narrator.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new Narrator(lang, p, names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String lang() {
    return lang;
  }

  public SiteNames names() {
    return names;
  }

  /** A word or phrase of {@code words_<lang>.properties}, formatted; a gap shows as its key. */
  public String word(String key, Object... args) {
    String w = words.getProperty(key);
    if (w == null) {
      return key;
    }
    return args.length == 0 ? w : new MessageFormat(w, Locale.forLanguageTag(lang)).format(args);
  }

  /** {@code 10:01:30 (09:01:30 UTC)}: the local time of day, then UTC. */
  public String at(long nanos) {
    Instant t = instant(nanos);
    return word("time.at", localTime.format(t), UTC_TIME.format(t));
  }

  /** {@code 20/11/2026 10:01:30 (2026-11-20 09:01:30 UTC)}: date and time, local then UTC. */
  public String full(long nanos) {
    Instant t = instant(nanos);
    return word("time.full", localDate.format(t), localTime.format(t), UTC_FULL.format(t));
  }

  public String severity(Severity s) {
    return word("severity." + s.wireName());
  }

  /** A record kind in words ("Packet capture"); an unknown kind as itself, without underscores. */
  public String kind(String kind) {
    String w = words.getProperty("kind." + kind);
    return w != null ? w : kind.replace('_', ' ');
  }

  /** The incident told in one sentence, from its lead notice's type. */
  public String sentence(Incident i) {
    TimelineEntry session = i.sessions().isEmpty() ? null : i.sessions().get(0);
    String camera = i.camera();
    String cameraWords =
        camera != null
            ? word("party.camera", camera)
            : session != null ? insideParty(session) : word("party.unknown");
    String actor = session != null ? party(session, "orig") : cameraWords;
    String target = session != null ? party(session, "resp") : cameraWords;
    String app = session != null ? app(session) : "—";
    String window = i.window() != null ? i.window() : "—";
    NoticeType type = type(i.note());
    String template =
        type != null
            ? NoticeSentences.template(type, lang)
            : "{6} ({0})".replace("{6}", quote(text(i.lead().fields(), "msg")));
    String s =
        new MessageFormat(template, Locale.forLanguageTag(lang))
            .format(new Object[] {at(i.tsNanos()), actor, target, app, cameraWords, window});
    return capitalise(s);
  }

  /** A timeline line that is not an incident: a session, a window step or another record. */
  public String sentence(TimelineEntry e) {
    JsonNode f = e.fields();
    switch (e.kind()) {
      case "session" -> {
        String verdict = text(f, "verdict");
        String window = text(f, "window");
        String tail;
        if (verdict == null) {
          tail = word("verdict.none");
        } else if (words.getProperty("verdict." + verdict) != null) {
          tail = word("verdict." + verdict, window == null ? "—" : window);
        } else {
          tail = word("verdict.other", window == null ? "—" : window, verdict.replace('_', ' '));
        }
        return capitalise(
                word(
                    "session.sentence",
                    at(e.tsNanos()),
                    party(e, "orig"),
                    party(e, "resp"),
                    app(e)))
            + tail;
      }
      case "window_event" -> {
        String s =
            word(
                "window.sentence",
                e.subject(),
                f.path("event").asText("?"),
                f.path("who").asText("?"));
        String reason = text(f, "reason");
        return reason == null ? s : s + " " + word("window.reason", reason);
      }
      default -> {
        String about = e.subject() != null ? e.subject() : text(f, "camera");
        return word("record.sentence", kind(e.kind()), about == null ? "—" : about);
      }
    }
  }

  /** One side of a session, by its site name ("camera cam-05", "the vendor Acme (203.0.113.5)"). */
  String party(TimelineEntry session, String side) {
    JsonNode f = session.fields();
    String direction = f.path("direction").asText("");
    boolean vendor = f.path("vendor").asBoolean(false);
    boolean orig = "orig".equals(side);
    boolean inside =
        "internal".equals(direction)
            || ("inbound".equals(direction) && !orig)
            || ("outbound".equals(direction) && orig);
    boolean vendorSide = vendor && !inside && !"internal".equals(direction);
    Party p = names.party(text(f, side + "_h"), text(f, side + "_name"), vendorSide, inside);
    return describe(p);
  }

  private String insideParty(TimelineEntry session) {
    return "outbound".equals(session.fields().path("direction").asText())
        ? party(session, "orig")
        : party(session, "resp");
  }

  /** A party in words. */
  public String describe(Party p) {
    String named =
        p.name() == null
            ? p.address()
            : p.address() == null || p.address().equals(p.name())
                ? p.name()
                : p.name() + " (" + p.address() + ")";
    if (named == null) {
      return word("party.unknown");
    }
    return switch (p.kind()) {
      case CAMERA -> word("party.camera", p.name() != null ? p.name() : p.address());
      case VIDEO_SERVER -> word("party.video_server", p.name() != null ? p.name() : p.address());
      case DEVICE -> word("party.device", p.name() != null ? p.name() : p.address());
      case VENDOR -> word("party.vendor", named);
      case SERVICE -> word("party.service", named);
      case PLATFORM -> word("party.platform", named);
      case OTHER -> named;
    };
  }

  private static String app(TimelineEntry session) {
    String a = text(session.fields(), "app");
    return a == null ? "—" : a.toUpperCase(Locale.ROOT);
  }

  static NoticeType type(String note) {
    for (NoticeType t : NoticeType.values()) {
      if (t.wireName().equals(note)) {
        return t;
      }
    }
    return null;
  }

  private static String quote(String s) {
    // MessageFormat reads a straight apostrophe as a quote; the text is a record's, not ours.
    return s == null ? "" : s.replace("'", "’").replace("{", "(").replace("}", ")");
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String text(JsonNode f, String key) {
    JsonNode n = f.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
