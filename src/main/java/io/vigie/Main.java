package io.vigie;

import io.vigie.cli.CamerasCommand;
import io.vigie.cli.CommandRunner;
import io.vigie.cli.ConfigCommand;
import io.vigie.cli.EvidenceCommand;
import io.vigie.cli.GateCommand;
import io.vigie.cli.HubCommand;
import io.vigie.cli.ReloadCommand;
import io.vigie.cli.ReplayCommand;
import io.vigie.cli.RunCommand;
import io.vigie.cli.TokenCommand;
import io.vigie.cli.VersionProvider;
import io.vigie.cli.WindowCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar vigie.jar <command>}. Each command is a class of the {@code cli}
 * package; this class only lists them and maps errors to exit codes. The demo and the benchmarks
 * are not here: they live in the tools jar ({@code io.vigie.tools.ToolsMain}).
 *
 * <p>Exit codes: 0 success, 1 a check found a problem (e.g. evidence tampered), 2 bad input
 * (missing file, bad config, bad arguments) with a one-line message and no stack trace.
 */
@Command(
    name = "vigie",
    footer = {"", "Example:", "  vigie replay --config site.yaml capture.pcap"},
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Watches a video-surveillance network so the vendor only connects when the city allows it.",
    subcommands = {
      ReplayCommand.class,
      ConfigCommand.class,
      CamerasCommand.class,
      EvidenceCommand.class,
      WindowCommand.class,
      TokenCommand.class,
      GateCommand.class,
      RunCommand.class,
      ReloadCommand.class,
      HubCommand.class,
    })
public final class Main {
  public static void main(String[] args) {
    // Every command logs one key=value line per event on stderr, as the daemon does; JUL's
    // default is two lines with a localised date. (vigie run installs its own handler.)
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setFormatter(new io.vigie.daemon.KeyValueFormatter());
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; used by tests to run the CLI in-process. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return CommandRunner.run(new Main(), args, out, err);
  }
}
