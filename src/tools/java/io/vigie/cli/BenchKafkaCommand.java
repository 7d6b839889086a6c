package io.vigie.cli;

import io.vigie.bench.ControlWorkload;
import io.vigie.bench.KafkaBench;
import io.vigie.bench.ReplayBench;
import io.vigie.bench.ToolRun;
import io.vigie.demo.StreamMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench kafka --bootstrap HOST:PORT}: the control workload (many short sessions: the
 * shape where a per-session output costs most) replayed with and without {@code outputs.kafka}
 * against a running broker, whole processes, interleaved, medians; see {@link KafkaBench}. {@code
 * scripts/kafka-bench.sh} starts a broker from the Maven artifacts and runs it.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description =
        "Time vigie replay with and without outputs.kafka against a running broker: sessions per"
            + " second, medians of interleaved whole-process runs, wall and CPU time.",
    footer = {
      "",
      "Example:",
      "  vigie bench kafka --bootstrap 127.0.0.1:9092 --runs 5",
      "  (scripts/kafka-bench.sh starts a local broker and runs this)"
    })
public final class BenchKafkaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      required = true,
      description = "A running Kafka broker (PLAINTEXT listener) that may auto-create topics.")
  String bootstrap;

  @Option(
      names = "--packets",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "At least this many packets in the workload (default: ${DEFAULT-VALUE}).")
  long packets;

  @Option(
      names = "--cameras",
      paramLabel = "N",
      defaultValue = "300",
      description = "Cameras in the generated network (default: ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Runs of each, interleaved; the median counts, never the best (default:"
              + " ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      defaultValue = "vigie-bench",
      description = "Topics written: PREFIX.sessions, PREFIX.notices (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--keep",
      paramLabel = "FILE",
      description = "Write the workload to FILE and keep it (default: a temporary file).")
  Path keep;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (packets < 1 || cameras < 1 || runs < 1) {
      throw new UserException("--packets, --cameras and --runs must be positive");
    }
    if (!bootstrap.matches("[^\\s:,]+:[0-9]{1,5}")) {
      throw new UserException("--bootstrap must be HOST:PORT, was '" + bootstrap + "'");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      throw new UserException("/usr/bin/time is missing (Debian package 'time')");
    }
    Path workDir = Files.createTempDirectory("vigie-bench-kafka-");
    Path file = keep != null ? keep.toAbsolutePath() : workDir.resolve("control.pcap");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      long started = System.nanoTime();
      StreamMerger.Totals totals;
      try (OutputStream os = Files.newOutputStream(file)) {
        totals = ControlWorkload.write(os, cameras, packets, 1L);
      }
      out.printf(
          Locale.ROOT,
          "generated control workload %s: %d packets, %d cameras, in %.1f s%n",
          file,
          totals.packets(),
          cameras,
          (System.nanoTime() - started) / 1e9);
      out.flush();
      Path plain = workDir.resolve("plain.yaml");
      Path kafka = workDir.resolve("kafka.yaml");
      String site = "site: { name: bench }\n";
      Files.writeString(plain, site);
      Files.writeString(
          kafka,
          site
              + "outputs:\n  kafka:\n    bootstrap_servers: [\""
              + bootstrap
              + "\"]\n    topic_prefix: "
              + topicPrefix
              + "\n    spool_dir: spool\n    drain_timeout_seconds: 600\n");
      List<String> vigie;
      List<String> vigieKafka;
      try {
        vigie = BenchReplayCommand.vigieCommand(file.toString());
        // As the launcher: a replay with outputs.kafka maps an archive trained by one of its kind.
        vigieKafka =
            BenchReplayCommand.vigieCommand(
                List.of("replay", "--json", "--config", kafka.toString(), file.toString()),
                "-kafka");
      } catch (URISyntaxException e) {
        throw new UserException("cannot locate vigie.jar: " + e.getMessage());
      }
      long[] counts = countRecords(vigie, plain, file, workDir);
      out.printf(
          Locale.ROOT,
          "the workload gives %d sessions and %d notices; warming the broker's topics...%n",
          counts[0],
          counts[1]);
      out.flush();
      List<String> withKafka = replay(vigieKafka, kafka, file);
      ToolRun.Measure warm = ToolRun.measure(withKafka, workDir);
      if (warm.exitCode() != 0) {
        throw new UserException(
            "the replay with outputs.kafka failed against "
                + bootstrap
                + " (exit "
                + warm.exitCode()
                + "): "
                + warm.errorTail());
      }
      ReplayBench bench = new ReplayBench(totals, runs, workDir);
      List<ReplayBench.Row> rows =
          bench.measure(
              List.of(
                  new ReplayBench.Tool("replay", replay(vigie, plain, file), Optional.empty()),
                  new ReplayBench.Tool("replay+kafka", withKafka, Optional.empty())),
              out);
      KafkaBench.print(rows, counts[0], counts[0] + counts[1], runs, out);
      out.flush();
      return 0;
    } finally {
      if (keep == null) {
        Files.deleteIfExists(file);
      }
      try (Stream<Path> s = Files.walk(workDir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static List<String> replay(List<String> vigie, Path config, Path file) {
    List<String> cmd = new ArrayList<>(vigie);
    cmd.addAll(List.of("replay", "--json", "--config", config.toString(), file.toString()));
    return cmd;
  }

  /** Sessions and notices of the workload, from one untimed {@code replay --json}. */
  private static long[] countRecords(List<String> vigie, Path config, Path file, Path workDir)
      throws IOException, InterruptedException {
    Path json = workDir.resolve("count.jsonl");
    Process p =
        new ProcessBuilder(replay(vigie, config, file))
            .redirectOutput(json.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new UserException("the counting replay of " + file + " failed");
    }
    long[] n = new long[2];
    try (Stream<String> lines = Files.lines(json, StandardCharsets.UTF_8)) {
      lines.forEach(
          l -> {
            if (l.startsWith("{\"type\":\"session\"")) {
              n[0]++;
            } else if (l.startsWith("{\"type\":\"notice\"")) {
              n[1]++;
            }
          });
    }
    Files.delete(json);
    return n;
  }
}
