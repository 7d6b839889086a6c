package io.vigie.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.Notices;
import io.vigie.facts.EvidenceRecord;
import io.vigie.gate.GateEvents;
import io.vigie.gate.GateMetrics;
import io.vigie.gate.GateServer;
import io.vigie.gate.JournalWindows;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie gate --config SITE.yaml --windows-journal FILE}: runs the gate alone, in front of
 * the vendor, admitting connections under the windows of the daemon's journal; sessions and notices
 * are printed as JSON Lines (one evidence record a line). {@code vigie gate connect} is the
 * vendor's client.
 */
@Command(
    name = "gate",
    footer = {
      "",
      "Example:",
      "  vigie gate --config /etc/vigie/site.yaml --windows-journal /var/lib/vigie/windows.jsonl --evidence /var/lib/vigie/evidence.db"
    },
    mixinStandardHelpOptions = true,
    description = "Run the TCP gate: the vendor reaches a device only while a window covers it.",
    subcommands = {GateConnectCommand.class})
public final class GateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "SITE.yaml",
      description = "Site file with a 'gate' section.")
  Path config;

  @Option(
      names = "--windows-journal",
      paramLabel = "FILE",
      description = "The daemon's window journal (JSON Lines), read again when it changes.")
  Path journal;

  @Option(
      names = "--evidence",
      paramLabel = "DB",
      description =
          "The daemon's evidence store, which every journal line must be in (default: the site file's"
              + " evidence.path, else state_dir/evidence.db).")
  Path evidence;

  @Override
  public Integer call() throws Exception {
    // Not picocli-required: they would then be required for 'gate connect' too.
    if (config == null || journal == null) {
      throw new UserException("vigie gate needs --config SITE.yaml and --windows-journal FILE");
    }
    SiteConfig site;
    try {
      site = YamlLoader.load(config, SiteConfig.class);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
    if (site.gate() == null || site.gate().listeners().isEmpty()) {
      throw new UserException(config + ": no 'gate' section with listeners");
    }
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    GateEvents events =
        new GateEvents(r -> print(out, json, r), n -> print(out, json, Notices.of(n)));
    Clock clock = Clock.systemUTC();
    JournalWindows windows;
    try {
      windows =
          new JournalWindows(journal, site.approval(), clock, evidenceStore(site), events::notice);
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    }
    CountDownLatch stop = new CountDownLatch(1);
    ScheduledExecutorService reader =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-gate-journal");
              t.setDaemon(true);
              return t;
            });
    reader.scheduleWithFixedDelay(windows::refresh, 250, 250, TimeUnit.MILLISECONDS);
    try (GateServer gate = new GateServer(site.gate(), windows, events, GateMetrics.NONE, clock)) {
      try {
        gate.start();
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "vigie-gate-stop"));
      stop.await();
    } finally {
      reader.shutdownNow();
    }
    return 0;
  }

  /** Where the daemon keeps its evidence, as the daemon resolves it (relative to the site file). */
  private Path evidenceStore(SiteConfig site) {
    if (evidence != null) {
      return evidence;
    }
    Path dir = config.toAbsolutePath().getParent();
    if (site.evidence().path() != null) {
      return dir.resolve(site.evidence().path());
    }
    if (site.stateDir() == null) {
      throw new UserException(
          config
              + ": no evidence.path nor state_dir: name the daemon's evidence store with"
              + " --evidence DB (journal lines are checked against it)");
    }
    return dir.resolve(site.stateDir()).resolve("evidence.db");
  }

  private static synchronized void print(PrintWriter out, ObjectMapper json, EvidenceRecord r) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("kind", r.kind());
    line.put("subject", r.subject());
    line.putAll(r.fields());
    try {
      out.println(json.writeValueAsString(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
