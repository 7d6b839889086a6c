package io.vigie.cli;

import io.vigie.capture.CaptureException;
import io.vigie.config.ConfigException;
import io.vigie.config.OutputsConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.WindowsConfig;
import io.vigie.config.YamlLoader;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.evidence.ReplayInputs;
import io.vigie.evidence.SessionRecords;
import io.vigie.facts.EvidenceSink;
import io.vigie.flow.PacketPipeline;
import io.vigie.flow.PacketRecorder;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.kafka.KafkaExport;
import io.vigie.notice.NoticeSink;
import io.vigie.output.ExportSink;
import io.vigie.output.Exported;
import io.vigie.output.JsonLinesWriter;
import io.vigie.output.ReplayStats;
import io.vigie.output.SessionTable;
import io.vigie.output.SiteStamp;
import io.vigie.pipeline.ExportOutput;
import io.vigie.pipeline.Replay;
import io.vigie.policy.Window;
import io.vigie.policy.WindowSet;
import io.vigie.policy.journal.WindowsFile;
import io.vigie.protocol.FileSink;
import io.vigie.windowfeed.HubWindowFeed;
import io.vigie.windowfeed.HubWindows;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    SiteStamp stamp = new SiteStamp(site.site().name(), site.site().tags());
    boolean progress = System.console() != null && !json;
    Consumer<PacketPipeline> progressLine = progress ? progressLine(err) : p -> {};
    JsonLinesWriter jsonWriter = null;
    SessionTable table = null;
    Replay.Output out;
    if (json) {
      jsonWriter =
          new JsonLinesWriter(
              jsonOut != null ? jsonOut : new BufferedOutputStream(System.out, 1 << 16), stamp);
      out = Replay.output(jsonWriter::session, jsonWriter::notice);
    } else {
      table = new SessionTable(spec.commandLine().getOut());
      out = Replay.output(table::session, table::notice);
    }
    List<ReplayInputs.Input> inputs = replayInputs();
    KafkaExport kafka = openKafka(site);
    // With --json and an export, each record is spelt once: its line is the exported record's
    // bytes (the same writer and site spell both), not a second serialisation of it.
    boolean spellOnce = jsonWriter != null && kafka != null;
    List<ExportSink> sinks = new java.util.ArrayList<>();
    if (spellOnce) {
      sinks.add(jsonLines(jsonWriter));
    }
    if (kafka != null) {
      sinks.add(kafka);
    }
    ExportOutput export = new ExportOutput(stamp, sinks);
    EvidenceStore store = openEvidence(site, out);
    if (store != null && kafka != null) {
      store.exportCheckpoints(stamp, kafka);
    }
    boolean drained = false;
    try {
      Replay.Output all =
          Replay.output(
              s -> {
                if (!spellOnce) {
                  out.onSession(s);
                }
                if (store != null && SessionRecords.ofInterest(s)) {
                  store.append(s);
                }
                export.onSession(s);
              },
              n -> {
                if (!spellOnce) {
                  out.onNotice(n);
                }
                if (store != null) {
                  store.onNotice(n);
                }
                export.onNotice(n);
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
      if (jsonWriter != null) {
        jsonWriter.flush();
      }
      closeEvidence(store, err);
      if (kafka != null) {
        drained = true;
        return drainKafka(site.outputs().kafka(), kafka, err);
      }
      return 0;
    } finally {
      if (jsonWriter != null) {
        jsonWriter.flush();
      }
      if (!drained) {
        closeEvidence(store, err);
        if (kafka != null) {
          kafka.close();
        }
      }
    }
  }

  /** The JSON lines of sessions and notices, written from their exported spelling. */
  private static ExportSink jsonLines(JsonLinesWriter w) {
    return e -> {
      if (e.stream() == Exported.Stream.SESSIONS || e.stream() == Exported.Stream.NOTICES) {
        w.line(e);
      }
    };
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
      if (Files.exists(f) && !Files.isRegularFile(f) && !Files.isDirectory(f)) {
        // A pipe hashed here would be read to its end before the replay, which then opened it
        // again and waited for a writer that was gone: a replay that never ended.
        throw new UserException(
            f
                + ": not a regular file (a pipe?): --evidence hashes each capture before the"
                + " replay, to refuse one the store already holds, and a pipe cannot be read"
                + " twice; copy the capture to a file, or replay it without --evidence");
      }
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

  private void closeEvidence(EvidenceStore store, PrintWriter err) {
    if (store == null || evidenceClosed) {
      return;
    }
    evidenceClosed = true;
    // Closing drains the writer and signs the chain head: the store verifies as soon as we exit
    // (and the last checkpoint goes to Kafka, when it is configured).
    long last = store.flush();
    store.close();
    err.printf(
        "evidence: %d records in %s; check it with: vigie evidence verify %s%n",
        last, evidence, evidence);
  }

  private boolean evidenceClosed;

  /**
   * Waits (at most drain_timeout_seconds, with a progress line) for the cluster to take the spool.
   * Exit 1 when records are left: they stay in the spool and go with the next run using it.
   */
  private int drainKafka(OutputsConfig.KafkaOutput cfg, KafkaExport kafka, PrintWriter err) {
    try {
      long left =
          kafka.drain(
              Duration.ofSeconds(cfg.drainTimeoutSeconds()),
              n -> {
                err.printf(
                    "\rkafka: waiting for %s, %,d records in the spool ",
                    String.join(",", cfg.bootstrapServers()), n);
                err.flush();
              });
      if (left > 0) {
        err.printf(
            "%nkafka: %d records left in the spool %s (not acknowledged by %s within %d s);"
                + " they are sent by the next run that uses this spool%n",
            left,
            spoolDir(cfg),
            String.join(",", cfg.bootstrapServers()),
            cfg.drainTimeoutSeconds());
        return ExitCodes.FINDING;
      }
      err.printf("kafka: %d records published%n", kafka.sent());
      return 0;
    } finally {
      kafka.close();
    }
  }

  private Path spoolDir(OutputsConfig.KafkaOutput cfg) {
    Path dir = config.toAbsolutePath().getParent();
    return dir.resolve(cfg.spoolDir() == null ? "kafka-spool" : cfg.spoolDir());
  }

  private KafkaExport openKafka(SiteConfig site) {
    OutputsConfig.KafkaOutput cfg = site.outputs().kafka();
    if (cfg == null) {
      return null;
    }
    Path dir = config.toAbsolutePath().getParent();
    try {
      return new KafkaExport(
          cfg,
          spoolDir(cfg),
          new KafkaClientPublisher(cfg, dir, "vigie-replay-" + clientName(site)));
    } catch (IOException | RuntimeException e) {
      throw new UserException(config + ": outputs.kafka: " + e.getMessage());
    }
  }

  private static String clientName(SiteConfig site) {
    return site.site().name() == null
        ? "unnamed"
        : site.site().name().replaceAll("[^A-Za-z0-9._-]", "_");
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
    if (site.windows().fromHub() != null) {
      if (windows != null) {
        throw new UserException(
            "--windows and the config's windows.from_hub both give windows: choose one");
      }
      return hubWindows(site);
    }
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

  /**
   * The windows the hub has published, read to the end of its topic (bounded by {@code
   * startup_wait_seconds}); judged as published, in packet time (the heartbeats matter to a live
   * sensor, not to a capture judged afterwards).
   */
  private WindowSet hubWindows(SiteConfig site) {
    WindowsConfig.FromHub fh = site.windows().fromHub();
    Path dir = config.toAbsolutePath().getParent();
    try (HubWindowFeed feed =
        HubWindowFeed.start(fh, dir, site.approval(), Clock.systemUTC(), NoticeSink.NONE)) {
      if (!feed.awaitCaughtUp(Duration.ofSeconds(fh.startupWaitSeconds()))) {
        throw new UserException(
            "the hub's windows topic "
                + fh.topic()
                + " could not be read to its end within startup_wait_seconds ("
                + fh.startupWaitSeconds()
                + " s): is Kafka at "
                + String.join(",", fh.bootstrapServers())
                + " reachable?");
      }
      HubWindows hub = feed.windows();
      if (hub.ignoredTotal() > 0) {
        spec.commandLine()
            .getErr()
            .println(
                "vigie: "
                    + hub.ignoredTotal()
                    + " record(s) of "
                    + fh.topic()
                    + " ignored (unsigned, badly signed, malformed or against the quorum): "
                    + hub.ignored());
      }
      return hub.published();
    } catch (IOException e) {
      throw new UserException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while reading the hub's windows");
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
