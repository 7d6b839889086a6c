package io.vigie.tools;

import io.vigie.cli.BenchCommand;
import io.vigie.cli.CommandRunner;
import io.vigie.cli.DemoCommand;
import io.vigie.cli.VersionProvider;
import io.vigie.daemon.KeyValueFormatter;
import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code vigie-tools.jar}, the demo and the benchmarks, which are not part of the
 * appliance. {@code ./vigie demo} and {@code ./vigie bench ...} come here with both jars on the
 * class path:
 *
 * <pre>{@code
 * java -cp target/vigie.jar:target/vigie-tools.jar io.vigie.tools.ToolsMain bench replay --runs 1
 * }</pre>
 */
@Command(
    name = "vigie",
    footer = {"", "Example:", "  vigie demo --out demo"},
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "vigie's demo and benchmarks (the appliance's commands are in vigie.jar).",
    subcommands = {DemoCommand.class, BenchCommand.class})
public final class ToolsMain {
  public static void main(String[] args) {
    // One key=value line per log event on stderr, as the appliance's commands log.
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setFormatter(new KeyValueFormatter());
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; used by tests to run the tools in-process. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return CommandRunner.run(new ToolsMain(), args, out, err);
  }
}
