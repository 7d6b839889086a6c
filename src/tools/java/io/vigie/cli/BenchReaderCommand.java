package io.vigie.cli;

import io.vigie.bench.ReaderBench;
import io.vigie.capture.CaptureException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigie bench reader FILE}: vigie's pcap reader against libpcap's, ns per packet. */
@Command(
    name = "reader",
    footer = {"", "Example:", "  vigie bench reader capture.pcap"},
    mixinStandardHelpOptions = true,
    description =
        "Time vigie's capture file reader (and decoder) against libpcap's reader on FILE.")
public final class BenchReaderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      description = "A pcap or pcapng file; small files are read repeatedly.")
  Path file;

  @Option(
      names = "--min-packets",
      defaultValue = "2000000",
      description = "Packets each reader must see per round (default: ${DEFAULT-VALUE}).")
  long minPackets;

  @Override
  public Integer call() {
    if (minPackets < 1) {
      throw new UserException("--min-packets must be positive, not " + minPackets);
    }
    try {
      var out = spec.commandLine().getOut();
      var results = new ReaderBench(file, minPackets).run();
      out.printf("%s: timed round after an untimed warm-up round%n", file);
      for (ReaderBench.Result r : results) {
        out.println(r);
      }
      if (results.stream().mapToLong(ReaderBench.Result::packets).distinct().count() != 1) {
        throw new UserException(
            file + ": the readers disagree on the packet count (damaged file?)", 1);
      }
      return 0;
    } catch (CaptureException e) {
      throw new UserException(e.getMessage());
    }
  }
}
