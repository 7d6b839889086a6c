package io.vigie.cli;

import io.vigie.Main;
import io.vigie.bench.ControlWorkload;
import io.vigie.bench.ReplayBench;
import io.vigie.bench.ToolRun;
import io.vigie.bench.VideoWorkload;
import io.vigie.demo.StreamMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie bench replay}: generates two workloads of different shapes (the video of 300
 * cameras; the control plane of the same network: sub-streams, ONVIF polling, DNS, NTP, short TLS
 * sessions), then times {@code vigie replay --json} and {@code ndpiReader} (and, on request, {@code
 * tshark -z io,phs}) on each, runs interleaved, medians printed.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Time vigie replay against ndpiReader (and tshark) on two generated workloads: medians"
            + " of interleaved whole-process runs, wall and CPU time.",
    footer = {
      "",
      "Example:",
      "  vigie bench replay --runs 5 --keep /tmp/video.pcap",
      "  (the control workload is kept beside it as /tmp/video-control.pcap)"
    })
public final class BenchReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--packets",
      paramLabel = "N",
      defaultValue = "2500000",
      description = "At least this many packets in the workload (default: ${DEFAULT-VALUE}).")
  long packets;

  @Option(
      names = "--cameras",
      paramLabel = "N",
      defaultValue = "300",
      description = "Cameras streaming video (default: ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Runs per tool, interleaved; the median counts, never the best (default:"
              + " ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--workload",
      paramLabel = "video|control|both",
      defaultValue = "both",
      description = "Which workload to generate and time (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(
      names = "--tshark",
      description = "Time tshark too (minutes a run on the default workloads).")
  boolean tshark;

  @Option(
      names = "--keep",
      paramLabel = "FILE",
      description =
          "Write the workload to FILE and keep it (default: a temporary file, deleted at the end).")
  Path keep;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (packets < 1 || cameras < 1 || runs < 1) {
      throw new UserException("--packets, --cameras and --runs must be positive");
    }
    List<String> shapes =
        switch (workload) {
          case "video" -> List.of("video");
          case "control" -> List.of("control");
          case "both" -> List.of("video", "control");
          default ->
              throw new UserException(
                  "--workload must be video, control or both, was '" + workload + "'");
        };
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      throw new UserException("/usr/bin/time is missing (Debian package 'time')");
    }
    Path workDir = Files.createTempDirectory("vigie-bench-");
    List<Path> written = new ArrayList<>();
    try {
      for (String shape : shapes) {
        Path file = workloadFile(shape, workDir);
        written.add(file);
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        long started = System.nanoTime();
        StreamMerger.Totals totals;
        try (OutputStream os = Files.newOutputStream(file)) {
          totals =
              shape.equals("video")
                  ? VideoWorkload.write(os, cameras, packets, 1L)
                  : ControlWorkload.write(os, cameras, packets, 1L);
        }
        out.printf(
            Locale.ROOT,
            "generated %s workload %s: %d packets, %d cameras, in %.1f s%n",
            shape,
            file,
            totals.packets(),
            cameras,
            (System.nanoTime() - started) / 1e9);
        out.flush();
        ReplayBench bench = new ReplayBench(totals, runs, workDir);
        List<ReplayBench.Row> rows = bench.measure(tools(file.toString()), out);
        bench.print(shape, rows, out);
        out.flush();
      }
      return 0;
    } finally {
      if (keep == null) {
        for (Path p : written) {
          Files.deleteIfExists(p);
        }
      }
      try (var s = Files.list(workDir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(workDir);
    }
  }

  /** Where a workload goes: --keep names the video one; the control one is kept beside it. */
  private Path workloadFile(String shape, Path workDir) {
    if (keep == null) {
      return workDir.resolve(shape + ".pcap");
    }
    Path k = keep.toAbsolutePath();
    if (shape.equals("video")) {
      return k;
    }
    String name = k.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : ".pcap";
    return k.resolveSibling(stem + "-control" + ext);
  }

  private List<ReplayBench.Tool> tools(String file) {
    List<ReplayBench.Tool> tools = new ArrayList<>();
    tools.add(vigie(file));
    tools.add(
        ToolRun.available("ndpiReader")
            ? new ReplayBench.Tool(
                "ndpiReader", List.of("ndpiReader", "-q", "-i", file), Optional.empty())
            : ReplayBench.Tool.skipped("ndpiReader", "not installed (Debian package libndpi-bin)"));
    if (tshark) {
      tools.add(
          ToolRun.available("tshark")
              ? new ReplayBench.Tool(
                  "tshark",
                  List.of("tshark", "-n", "-r", file, "-q", "-z", "io,phs"),
                  Optional.empty())
              : ReplayBench.Tool.skipped("tshark", "not installed (Debian package tshark)"));
    }
    return tools;
  }

  /** vigie itself, as a separate process so that JVM start-up is counted. */
  private static ReplayBench.Tool vigie(String file) {
    List<String> cmd;
    try {
      cmd = vigieCommand(file);
    } catch (URISyntaxException e) {
      return ReplayBench.Tool.skipped("vigie", "cannot locate vigie.jar: " + e.getMessage());
    }
    cmd.addAll(List.of("replay", "--json", file));
    return new ReplayBench.Tool("vigie", cmd, Optional.empty());
  }

  /**
   * The command line that runs vigie as the {@code ./vigie} launcher runs a replay (its JVM
   * options, its class-data archive, trained once on {@code trainingFile}), up to the subcommand.
   *
   * @throws URISyntaxException when vigie's jar cannot be located
   */
  static List<String> vigieCommand(String trainingFile) throws URISyntaxException {
    return vigieCommand(List.of("replay", "--json", trainingFile), "");
  }

  /**
   * As {@link #vigieCommand(String)}, for a replay of the launcher's {@code flavour} ("-kafka": its
   * config has {@code outputs.kafka}), whose archive is trained by {@code training}.
   */
  static List<String> vigieCommand(List<String> training, String flavour)
      throws URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The appliance's jar (vigie.jar), not the tools' one this class comes from.
    Path codeSource =
        Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> cmd = new ArrayList<>(List.of(java));
    if (codeSource.toString().endsWith(".jar")) {
      // Run as the ./vigie launcher does: with the class-data archive of vigie's classes, made
      // once by an untimed training run (start-up is measured, not the archive's creation).
      cmd.addAll(ClassDataArchive.options(java, codeSource, training, flavour));
      cmd.addAll(ReplayJvm.OPTIONS);
      cmd.addAll(List.of("-jar", codeSource.toString()));
    } else {
      // Running from classes (tests, IDE): same JVM class path, same main class.
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    return cmd;
  }
}
