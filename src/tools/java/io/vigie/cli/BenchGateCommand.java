package io.vigie.cli;

import io.vigie.bench.GateBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench gate}: the gate's relay throughput and added latency against a direct
 * connection.
 */
@Command(
    name = "gate",
    footer = {"", "Example:", "  vigie bench gate --megabytes 256"},
    mixinStandardHelpOptions = true,
    description =
        "Relay throughput (MB/s) and round-trip latency (p50/p99) on loopback, direct and through the gate.")
public final class BenchGateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--megabytes",
      defaultValue = "512",
      description = "MiB sent one way per path (default: ${DEFAULT-VALUE}).")
  int megabytes;

  @Option(
      names = "--round-trips",
      defaultValue = "10000",
      description = "64-byte round trips per path (default: ${DEFAULT-VALUE}).")
  int roundTrips;

  @Override
  public Integer call() throws Exception {
    if (megabytes < 1 || roundTrips < 100) {
      throw new UserException("--megabytes must be at least 1 and --round-trips at least 100");
    }
    var out = spec.commandLine().getOut();
    out.printf(
        "loopback, %d MiB one way and %d round trips of 64 bytes per path (after a warm-up round)%n",
        megabytes, roundTrips);
    for (GateBench.Result r : new GateBench(megabytes, roundTrips).run()) {
      out.println(r);
    }
    return 0;
  }
}
