package io.vigie.cli;

import io.vigie.capture.CaptureException;
import io.vigie.config.ConfigException;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.evidence.ReplayInputs;
import io.vigie.evidence.SessionRecords;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.output.JsonLinesWriter;
import io.vigie.output.ReplayStats;
import io.vigie.output.SessionTable;
import io.vigie.pipeline.Replay;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import io.vigie.policy.journal.WindowsFile;
import io.vigie.protocol.FileSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie replay [--config SITE.yaml] [--windows WINDOWS.yaml] [--evidence FILE.db] [--json]
 * FILE...}: every session of a capture with the protocol really spoken. Exit 0 when the files were
 * read (even with malformed packets or a damaged tail, reported in the stats); 2 for a missing,
 * unreadable or non-pcap file or a bad config.
 */
@Command(
    name = "replay",
    footer = {
      "",
      "Example:",
      "  vigie replay --config site.yaml --windows windows.yaml capture.pcap"
    },
    mixinStandardHelpOptions = true,
    description = "Replay capture files (pcap, pcapng) and report every session.")
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "SITE.yaml",
      description = "Site configuration (video networks, devices, vendor).")
  Path config;

  @Option(
      names = "--windows",
      paramLabel = "WINDOWS.yaml",
      description = "Maintenance windows to judge vendor sessions against (needs --config).")
  Path windows;

  @Option(
      names = "--evidence",
      paramLabel = "FILE.db",
      description =
          "Also keep the replay's evidence in this store (created if needed): sessions of interest,"
              + " notices, pcap slices. A capture already replayed into it is refused (exit 2).")
  Path evidence;

  @Option(
      names = "--json",
      description = "JSON Lines on stdout: session and notice records, then a stats record.")
  boolean json;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description = "Capture files, replayed in order as one capture.")
  List<Path> files;

  /** Set by tests and the demo: where JSON goes instead of standard output. */
  OutputStream jsonOut;

  @Override
  public Integer call() {
    SiteConfig site = loadSite();
    WindowSet windowSet = loadWindows(site);
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = System.console() != null && !json;
    Consumer<PacketPipeline> progressLine = progress ? progressLine(err) : p -> {};
    JsonLinesWriter jsonWriter = null;
    SessionTable table = null;
    Replay.Output out;
    if (json) {
      jsonWriter =
          new JsonLinesWriter(
              jsonOut != null ? jsonOut : new BufferedOutputStream(System.out, 1 << 16));
      out = Replay.output(jsonWriter::session, jsonWriter::notice);
    } else {
      table = new SessionTable(spec.commandLine().getOut());
      out = Replay.output(table::session, table::notice);
    }
    List<ReplayInputs.Input> inputs = replayInputs();
    EvidenceStore store = openEvidence(site, out);
    try {
      Replay.Output all =
          store == null
              ? out
              : Replay.output(
                  s -> {
                    out.onSession(s);
                    if (SessionRecords.ofInterest(s)) {
                      store.append(s);
                    }
                  },
                  n -> {
                    out.onNotice(n);
                    store.onNotice(n);
                  });
      ReplayStats st =
          run(
              site,
              windowSet,
              store == null ? PacketRecorder.NONE : store.recorder(),
              store == null ? EvidenceSink.NONE : store,
              store == null ? FileSink.NONE : store.images(),
              all,
              progressLine);
      if (jsonWriter != null) {
        jsonWriter.stats(st);
      } else {
        table.stats(st);
      }
      if (store != null) {
        long now = Window.nanosOf(Clock.systemUTC().instant());
        inputs.forEach(i -> store.append(ReplayInputs.record(i, now)));
      }
      return 0;
    } finally {
      if (jsonWriter != null) {
        jsonWriter.flush();
      }
      if (store != null) {
        // Closing drains the writer and signs the chain head: the store verifies as soon as we
        // exit.
        long last = store.flush();
        store.close();
        err.printf(
            "evidence: %d records in %s; check it with: vigie evidence verify %s%n",
            last, evidence, evidence);
      }
    }
  }

  /**
   * With --evidence, the captures' hashes; refuses (exit 2) a capture this store already holds: a
   * second replay would double its sessions and notices. Empty without --evidence.
   */
  private List<ReplayInputs.Input> replayInputs() {
    if (evidence == null) {
      return List.of();
    }
    List<ReplayInputs.Input> inputs = new java.util.ArrayList<>();
    for (Path f : files) {
      try {
        inputs.add(ReplayInputs.of(f));
      } catch (IOException e) {
        throw new UserException(IoErrors.describe(e));
      }
    }
    List<String> earlier;
    try {
      earlier = ReplayInputs.earlier(evidence, inputs);
    } catch (IOException e) {
      throw new UserException(IoErrors.describe(e));
    }
    if (!earlier.isEmpty()) {
      throw new UserException(
          earlier.get(0)
              + ": refused, the store would hold its sessions and notices twice (nothing added;"
              + " use another store)");
    }
    return inputs;
  }

  private EvidenceStore openEvidence(SiteConfig site, Replay.Output out) {
    if (evidence == null) {
      return null;
    }
    try {
      return EvidenceStore.open(
          evidence, site.evidence(), Clock.systemUTC(), out, EvidenceMetrics.NONE);
    } catch (IOException e) {
      throw new UserException(
          "cannot open the evidence store " + evidence + ": " + IoErrors.describe(e));
    }
  }

  private ReplayStats run(
      SiteConfig site,
      WindowSet windowSet,
      PacketRecorder recorder,
      EvidenceSink evidenceSink,
      FileSink images,
      Replay.Output out,
      Consumer<PacketPipeline> progress) {
    try {
      return new Replay(site, windowSet, recorder, out)
          .evidence(evidenceSink)
          .files(images)
          .run(files, progress);
    } catch (CaptureException e) {
      throw new UserException(e.getMessage());
    }
  }

  private WindowSet loadWindows(SiteConfig site) {
    if (windows == null) {
      return WindowSet.EMPTY;
    }
    if (config == null) {
      throw new UserException(
          "--windows needs --config: windows are judged against the site's approval policy");
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
        err.printf(
            "\r%,d packets, %,d flows active, %,d sessions ",
            p.packets(), p.flows().stats().active(), p.flows().stats().sessions());
        err.flush();
      }
    };
  }
}
