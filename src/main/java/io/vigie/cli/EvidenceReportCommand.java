package io.vigie.cli;

import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.StorePaths;
import io.vigie.evidence.StoreVerifier;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.VerifyOptions;
import io.vigie.report.CaseReport;
import io.vigie.report.CaseStory;
import io.vigie.report.Narrator;
import io.vigie.report.SiteNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie evidence report DB --out case.pdf [--lang fr|en] [--config SITE] [--force]}: the
 * printable case report of a store, the same story the reviewer's page tells.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the printable case report (PDF) of an evidence database: summary, incidents with"
          + " their evidence references and hashes, timeline, the chain's verification, and how to"
          + " verify it independently.",
      "Example: vigie evidence report /var/lib/vigie/evidence.db --out case.pdf --lang fr"
          + " --config /etc/vigie/site.yaml"
    })
final class EvidenceReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Evidence database.")
  Path file;

  @Option(names = "--out", required = true, paramLabel = "PDF", description = "Report to write.")
  Path out;

  @Option(
      names = "--lang",
      paramLabel = "LANG",
      defaultValue = "fr",
      description = "Language of the report: fr (default) or en.")
  String lang;

  @Option(
      names = "--config",
      paramLabel = "SITE",
      description = "The site file, for the names of devices and vendor endpoints.")
  Path config;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "Europe/Paris",
      description = "Time zone of the local times, beside UTC (default: Europe/Paris).")
  String zone;

  @Option(
      names = "--slices",
      paramLabel = "DIR",
      description = "Pcap slice directory (default: FILE.slices).")
  Path slices;

  @Mixin EvidenceCommand.Filters filters = new EvidenceCommand.Filters();

  @Option(
      names = "--type",
      paramLabel = "NOTE",
      description = "Only incidents of this notice type.")
  String type;

  @Option(names = "--force", description = "Overwrite --out if it exists.")
  boolean force;

  @Override
  public Integer call() {
    if (!Narrator.LANGS.contains(lang)) {
      throw new UserException("--lang: '" + lang + "' is not fr or en");
    }
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new UserException("--zone: unknown time zone '" + zone + "'");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": no such file");
    }
    if (Files.exists(out) && !force) {
      throw new UserException(out + ": already exists (use --force to overwrite it)");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new UserException(out + ": no such folder " + dir);
    }
    SiteNames names = SiteNames.NONE.withZone(zoneId);
    if (config != null) {
      try {
        names = SiteNames.of(YamlLoader.load(config, SiteConfig.class), zoneId);
      } catch (ConfigException e) {
        throw new UserException(e.getMessage());
      }
    }
    // A store and its story are read before anything is written: bad input leaves no file.
    List<TimelineEntry> entries;
    CaseReport.Verification verification;
    try {
      // By time only: the story joins a notice to its session before narrowing to a device or
      // a window, which a notice alone does not always name.
      TimelineFilter f = filters.filter(false);
      entries =
          Timeline.read(file, new TimelineFilter(f.fromNanos(), f.toNanos(), null, null, false));
      Path sliceDir = slices != null ? slices : StorePaths.defaults(file).sliceDir();
      try {
        verification =
            new CaseReport.Verification(
                StoreVerifier.verify(file, new VerifyOptions(null, null, true, sliceDir)), null);
      } catch (IOException e) {
        verification = new CaseReport.Verification(null, e.getMessage());
      }
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    }
    CaseStory story =
        CaseStory.of(entries, names)
            .filtered(new CaseStory.Filter(filters.device, filters.window, type));
    String version = new VersionProvider().getVersion()[0].replaceFirst("^vigie ", "");
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir == null ? Path.of(".") : dir, ".vigie-report-", ".pdf");
      try (OutputStream os = Files.newOutputStream(tmp)) {
        CaseReport.write(
            story,
            verification,
            Narrator.of(lang, names),
            new CaseReport.Info(
                version, Clock.systemUTC().instant(), file.getFileName().toString()),
            os);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UserException(out + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is ours; nothing more to do if it cannot go
        }
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: case report (%s), %d incidents, chain %s%n",
            out,
            lang,
            story.incidents().size(),
            verification.result() == null
                ? "not verified"
                : verification.result().intact() ? "intact" : "NOT INTACT");
    return ExitCodes.OK;
  }
}
