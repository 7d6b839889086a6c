package io.vigie.cli;

import io.vigie.Replay;
import io.vigie.capture.CaptureException;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.output.JsonLinesWriter;
import io.vigie.output.ReplayStats;
import io.vigie.output.SessionTable;
import io.vigie.policy.WindowSet;
import io.vigie.policy.WindowsFile;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie replay [--config SITE.yaml] [--windows WINDOWS.yaml] [--json] FILE...}: every session of a capture with the
 * protocol really spoken. Exit 0 when the files were read (even with malformed packets or a
 * damaged tail, reported in the stats); 2 for a missing, unreadable or non-pcap file or a bad
 * config.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay capture files (pcap, pcapng) and report every session.")
public final class ReplayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "SITE.yaml", description = "Site configuration (video networks, devices, vendor).")
  Path config;

  @Option(names = "--windows", paramLabel = "WINDOWS.yaml",
      description = "Maintenance windows to judge vendor sessions against (needs --config).")
  Path windows;

  @Option(names = "--json", description = "JSON Lines on stdout: session and notice records, then a stats record.")
  boolean json;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Capture files, replayed in order as one capture.")
  List<Path> files;

  /** Set by tests and the demo: where JSON goes instead of standard output. */
  OutputStream jsonOut;

  @Override
  public Integer call() {
    SiteConfig site = loadSite();
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = System.console() != null && !json;
    if (json) {
      OutputStream raw = jsonOut != null ? jsonOut : new BufferedOutputStream(System.out, 1 << 16);
      JsonLinesWriter w = new JsonLinesWriter(raw);
      try {
        ReplayStats st = run(site, Replay.output(w::session, w::notice), progress ? progressLine(err) : p -> {});
        w.stats(st);
        return 0;
      } finally {
        w.flush();
      }
    }
    SessionTable table = new SessionTable(spec.commandLine().getOut());
    ReplayStats st = run(site, Replay.output(table::session, table::notice), progress ? progressLine(err) : p -> {});
    table.stats(st);
    return 0;
  }

  private ReplayStats run(SiteConfig site, Replay.Output out, Consumer<PacketPipeline> progress) {
    try {
      return new Replay(site, loadWindows(site), PacketRecorder.NONE, out).run(files, progress);
    } catch (CaptureException e) {
      throw new UserException(e.getMessage());
    }
  }

  private WindowSet loadWindows(SiteConfig site) {
    if (windows == null) {
      return WindowSet.EMPTY;
    }
    if (config == null) {
      throw new UserException("--windows needs --config: windows are judged against the site's approval policy");
    }
    try {
      return WindowsFile.load(windows, site);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
  }

  private SiteConfig loadSite() {
    if (config == null) {
      return SiteConfig.empty();
    }
    try {
      return YamlLoader.load(config, SiteConfig.class);
    } catch (ConfigException e) {
      throw new UserException(e.getMessage());
    }
  }

  private static Consumer<PacketPipeline> progressLine(PrintWriter err) {
    long[] last = {System.nanoTime()};
    return p -> {
      long now = System.nanoTime();
      if (now - last[0] > 500_000_000L) {
        last[0] = now;
        err.printf("\r%,d packets, %,d flows active, %,d sessions ", p.packets(),
            p.flows().stats().active(), p.flows().stats().sessions());
        err.flush();
      }
    };
  }
}
