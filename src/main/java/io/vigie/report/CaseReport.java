package io.vigie.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.VerifyResult;
import io.vigie.notice.Severity;
import io.vigie.report.CaseStory.Event;
import io.vigie.report.CaseStory.Incident;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The printable case report: summary, each incident with its evidence references and hashes, the
 * timeline, the chain's verification, and how to verify the store independently (the {@code vigie
 * evidence verify} and {@code openssl ts -verify} commands). Written through {@link
 * PrintedDocument}, so the PDF library stays behind one class.
 *
 * <pre>{@code
 * byte[] pdf = CaseReport.pdf(story, verification, Narrator.of("fr", names),
 *     new CaseReport.Info("1.4.0", clock.instant(), "evidence.db"));
 * }</pre>
 */
public final class CaseReport {
  /**
   * How much of a case is printed in detail. A store of a year of a busy site holds far more than a
   * reader can use on paper, and the web page builds the PDF in memory: beyond these, the report
   * says how many were left out and where the whole list is (the bundle's {@code timeline.csv},
   * {@code vigie evidence timeline}).
   *
   * @param incidents incidents printed with their evidence references (the summary counts all)
   * @param events timeline lines
   */
  public record Limits(int incidents, int events) {
    /** About 150 pages at most for the detailed part. */
    public static final Limits DEFAULT = new Limits(200, 2_000);

    public Limits {
      if (incidents < 1 || events < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private CaseReport() {}

  /**
   * Where the report comes from.
   *
   * @param version vigie's version
   * @param generated when the report was made
   * @param store the evidence store's file name, as the verify commands name it
   */
  public record Info(String version, Instant generated, String store) {}

  /**
   * The chain's verification for the report: a result, or why there is none.
   *
   * @param result the verification, or null
   * @param problem why the store could not be verified, when {@code result} is null
   */
  public record Verification(VerifyResult result, String problem) {}

  /** The report as PDF bytes. */
  public static byte[] pdf(CaseStory story, Verification v, Narrator n, Info info)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(story, v, n, info, out);
    return out.toByteArray();
  }

  /** The report as a PDF written to {@code out}. */
  public static void write(CaseStory story, Verification v, Narrator n, Info info, OutputStream out)
      throws IOException {
    PrintedDocument d =
        new PdfBoxDocument(n.word("report.title"), (p, ps) -> n.word("report.page", p, ps));
    write(story, v, n, info, d);
    d.save(out);
  }

  /** The report's content into any {@link PrintedDocument}, within the default limits. */
  public static void write(
      CaseStory story, Verification v, Narrator n, Info info, PrintedDocument d) {
    write(story, v, n, info, d, Limits.DEFAULT);
  }

  /** The report's content into any {@link PrintedDocument}, printing at most {@code limits}. */
  public static void write(
      CaseStory story, Verification v, Narrator n, Info info, PrintedDocument d, Limits limits) {
    SiteNames names = story.names();
    d.title(n.word("report.title") + (names.siteName() == null ? "" : " — " + names.siteName()));
    d.paragraph(
        n.word(
            "report.generated",
            info.version(),
            n.full(info.generated().getEpochSecond() * 1_000_000_000L + info.generated().getNano()),
            info.store()));
    if (story.records() > 0) {
      d.paragraph(n.word("report.period", n.full(story.firstNanos()), n.full(story.lastNanos())));
    }
    d.paragraph(n.word("report.zone", names.zone().getId()));

    d.heading(n.word("report.summary"));
    Map<Severity, Integer> sev = story.bySeverity();
    if (story.incidents().isEmpty()) {
      d.paragraph(n.word("report.no_incident"));
    } else {
      d.paragraph(
          n.word(
              "report.summary_incidents",
              story.incidents().size(),
              sev.get(Severity.CRITICAL),
              sev.get(Severity.HIGH),
              sev.get(Severity.WARNING),
              sev.get(Severity.INFO)));
      List<Incident> listed = head(story.incidents(), limits.incidents());
      for (Incident i : listed) {
        d.bullet(n.severity(i.severity()) + " — " + n.sentence(i));
      }
      leftOut(story.incidents().size() - listed.size(), "report.more_incidents", info, n, d);
    }
    d.paragraph(n.word("report.summary_records", story.records(), story.backgroundSessions()));
    verificationLine(v, n, d);

    d.heading(n.word("report.incidents"));
    if (story.incidents().isEmpty()) {
      d.paragraph(n.word("report.no_incident"));
    }
    int k = 0;
    List<Incident> detailed = head(story.incidents(), limits.incidents());
    for (Incident i : detailed) {
      incident(++k, i, n, d);
    }
    leftOut(story.incidents().size() - detailed.size(), "report.more_incidents", info, n, d);

    d.heading(n.word("report.timeline"));
    List<Event> events = head(story.events(), limits.events());
    for (Event e : events) {
      String s = e.incident() != null ? n.sentence(e.incident()) : n.sentence(e.entry());
      d.bullet(n.full(e.entry().tsNanos()) + " — " + s);
    }
    leftOut(story.events().size() - events.size(), "report.more_events", info, n, d);
    d.paragraph(background(story, n));

    d.heading(n.word("report.chain"));
    verificationLine(v, n, d);

    d.heading(n.word("report.verify"));
    d.paragraph(n.word("report.verify_text"));
    d.paragraph(n.word("report.verify_step1"));
    d.code("vigie evidence verify " + info.store() + " --pubkey installation.pub");
    d.paragraph(n.word("report.verify_step2"));
    d.code("vigie evidence export " + info.store() + " --out case.zip");
    d.code("vigie evidence verify case.zip --pubkey installation.pub --tsa-ca tsa-ca.pem");
    d.paragraph(n.word("report.verify_step3"));
    d.code("unzip case.zip -d case && cd case");
    d.code("openssl ts -verify -token_in -in manifest.tst -data manifest.json -CAfile tsa-ca.pem");
    d.code(
        "openssl ts -verify -token_in -in timestamps/checkpoint-ID.1.tst"
            + " -data timestamps/checkpoint-ID.statement -CAfile tsa-ca.pem");
    d.paragraph(n.word("report.verify_step4"));
    d.code("vigie evidence timeline " + info.store() + " --json");
  }

  private static <T> List<T> head(List<T> all, int max) {
    return all.size() <= max ? all : all.subList(0, max);
  }

  private static void leftOut(int more, String key, Info info, Narrator n, PrintedDocument d) {
    if (more > 0) {
      d.strong(n.word(key, more));
      d.code("vigie evidence timeline " + info.store() + " --json");
    }
  }

  private static void verificationLine(Verification v, Narrator n, PrintedDocument d) {
    if (v.result() == null) {
      d.strong(n.word("report.chain_none", v.problem()));
    } else if (v.result().intact()) {
      d.strong(n.word("report.chain_intact"));
      d.paragraph(v.result().summary());
    } else {
      d.strong(n.word("report.chain_broken", String.valueOf(v.result().finding())));
    }
  }

  private static void incident(int k, Incident i, Narrator n, PrintedDocument d) {
    d.subheading(n.word("report.incident", k, n.severity(i.severity())));
    d.paragraph(n.sentence(i));
    d.paragraph(n.word("report.when", n.full(i.tsNanos())));
    if (i.camera() != null) {
      d.paragraph(n.word("report.camera", i.camera()));
    }
    d.paragraph(
        i.window() == null ? n.word("report.window_none") : n.word("report.window", i.window()));
    String msg = i.lead().fields().path("msg").asText("");
    if (!msg.isEmpty()) {
      d.paragraph(n.word("report.details", msg));
    }
    List<String> also = new ArrayList<>();
    for (TimelineEntry other : i.notices().subList(1, i.notices().size())) {
      also.add(other.fields().path("msg").asText(other.fields().path("note").asText("")));
    }
    if (!also.isEmpty()) {
      d.paragraph(n.word("report.also", String.join(" ; ", also)));
    }
    d.paragraph(n.word("report.evidence"));
    for (TimelineEntry r : i.records()) {
      d.code(n.word("report.record", Long.toString(r.id()), pad(n.kind(r.kind())), r.hash()));
    }
    for (TimelineEntry r : i.evidence()) {
      JsonNode f = r.fields();
      if ("slice".equals(r.kind())) {
        d.code(
            n.word(
                "report.slice",
                f.path("file").asText("?"),
                f.path("packets").asText("?"),
                f.path("sha256").asText("?")));
      } else if ("firmware_image".equals(r.kind())) {
        d.code(n.word("report.image", f.path("file").asText("?"), f.path("sha256").asText("?")));
      }
    }
    if (i.communityId() != null) {
      d.code(n.word("report.session_id", i.communityId()));
    }
  }

  /** "13 NTP, 1 DNS" or that there was none. */
  static String background(CaseStory story, Narrator n) {
    if (story.background().isEmpty()) {
      return n.word("report.background_none");
    }
    List<String> parts = new ArrayList<>();
    story
        .background()
        .forEach((app, count) -> parts.add(count + " " + app.toUpperCase(Locale.ROOT)));
    return n.word("report.background", String.join(", ", parts));
  }

  private static String pad(String s) {
    return s.length() >= 14 ? s : s + " ".repeat(14 - s.length());
  }
}
