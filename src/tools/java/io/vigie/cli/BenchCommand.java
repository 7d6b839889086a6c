package io.vigie.cli;

import picocli.CommandLine.Command;

/**
 * {@code vigie bench <what>}: benchmarks that print their figures beside a reference tool's. Each
 * benchmark is a subcommand class of its own.
 */
@Command(
    name = "bench",
    footer = {"", "Example:", "  vigie bench replay --runs 1"},
    mixinStandardHelpOptions = true,
    description = "Measure vigie against reference tools and print the figures.",
    subcommands = {
      BenchReaderCommand.class,
      BenchOnvifCommand.class,
      BenchReplayCommand.class,
      BenchEvidenceCommand.class,
      BenchGateCommand.class,
      BenchKafkaCommand.class
    })
public final class BenchCommand {}
