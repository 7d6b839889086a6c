package io.vigie.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs one picocli command line with the caller's streams, a {@link UserException} ending as its
 * one-line message and exit code rather than a stack trace. Shared by {@code Main}, the tools'
 * entry point, and the demo, which runs {@code replay} and {@code cameras} as steps of its own.
 *
 * <pre>{@code
 * int code = CommandRunner.run(new ReplayCommand(), new String[] {"--json", "a.pcap"}, out, err);
 * }</pre>
 */
public final class CommandRunner {
  private CommandRunner() {}

  public static int run(Object command, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserException u) {
            commandLine.getErr().println("vigie: " + u.getMessage());
            return u.exitCode();
          }
          throw ex;
        });
    return cl.execute(args);
  }
}
