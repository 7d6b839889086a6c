package io.vigie.bench;

import io.vigie.demo.StreamMerger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Times whole tools on one workload file and prints them side by side:
 *
 * <pre>
 * tool          packets   wall s    CPU s    packets/s   Gbit/s  peak RSS MiB
 * vigie         2636596     3.07     4.16       858826    7.790         116.0
 * ndpiReader    2636596     5.50     5.48       479381    4.348          21.4
 * </pre>
 *
 * <p>The runs are interleaved (run 1 of every tool, then run 2...), so that a machine that drifts
 * slows every tool alike, and each figure is the MEDIAN of the runs, never the best: the best run
 * of a noisy machine measures luck. Wall and CPU time (user and system, every thread) are of the
 * whole process, JVM start-up included; the peak RSS is the highest seen.
 */
public final class ReplayBench {
  /** A tool to time: a display name and its command line, or why it is skipped. */
  public record Tool(String name, List<String> command, Optional<String> skipReason) {
    public static Tool skipped(String name, String reason) {
      return new Tool(name, List.of(), Optional.of(reason));
    }
  }

  /** The figures of one tool: medians of its runs. */
  public record Row(
      String tool,
      long packets,
      double seconds,
      double cpuSeconds,
      long peakRssKib,
      int runs,
      String failure) {
    public double packetsPerSecond() {
      return packets / seconds;
    }

    public double peakRssMib() {
      return peakRssKib / 1024.0;
    }
  }

  /** Issue 19: at least 1.5x nDPI's packets per second in wall time... */
  static final double TARGET_RATIO = 1.5;

  /** ...and no more CPU time than nDPI... */
  static final double TARGET_CPU_RATIO = 1.0;

  /** ...in at most 256 MiB. */
  static final double TARGET_RSS_MIB = 256;

  private final StreamMerger.Totals workload;
  private final int runs;
  private final Path workDir;

  public ReplayBench(StreamMerger.Totals workload, int runs, Path workDir) {
    this.workload = workload;
    this.runs = runs;
    this.workDir = workDir;
  }

  /** Runs every tool that is not skipped, interleaved; prints progress lines to {@code log}. */
  public List<Row> measure(List<Tool> tools, PrintWriter log)
      throws IOException, InterruptedException {
    List<Tool> active = new ArrayList<>();
    for (Tool t : tools) {
      if (t.skipReason().isPresent()) {
        log.println("skipping " + t.name() + ": " + t.skipReason().get());
      } else {
        active.add(t);
      }
    }
    int n = active.size();
    double[][] wall = new double[n][runs];
    double[][] cpu = new double[n][runs];
    long[] rss = new long[n];
    String[] failure = new String[n];
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < n; k++) {
        if (failure[k] != null) {
          continue;
        }
        Tool t = active.get(k);
        ToolRun.Measure m = ToolRun.measure(t.command(), workDir);
        log.printf(
            Locale.ROOT,
            "%s run %d: wall %.2f s, CPU %.2f s, %d KiB%s%n",
            t.name(),
            i + 1,
            m.seconds(),
            m.cpuSeconds(),
            m.maxRssKib(),
            m.exitCode() == 0 ? "" : ", exit " + m.exitCode() + ": " + m.errorTail());
        log.flush();
        if (m.exitCode() != 0) {
          failure[k] = "exit " + m.exitCode() + ": " + m.errorTail();
          continue;
        }
        wall[k][i] = m.seconds();
        cpu[k][i] = m.cpuSeconds();
        rss[k] = Math.max(rss[k], m.maxRssKib());
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      boolean ok = failure[k] == null;
      rows.add(
          new Row(
              active.get(k).name(),
              workload.packets(),
              ok ? median(wall[k]) : Double.NaN,
              ok ? median(cpu[k]) : Double.NaN,
              rss[k],
              runs,
              failure[k]));
    }
    return rows;
  }

  /** The median of the values (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** The table, then the ratios to nDPI and whether the targets hold. */
  public void print(String name, List<Row> rows, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "workload %s: %d packets, %d bytes on the wire, %.1f s of traffic%n",
        name,
        workload.packets(),
        workload.wireBytes(),
        (workload.lastNanos() - workload.firstNanos()) / 1e9);
    out.printf(
        Locale.ROOT,
        "%-12s %10s %8s %8s %12s %8s %13s   (median of %d interleaved runs)%n",
        "tool",
        "packets",
        "wall s",
        "CPU s",
        "packets/s",
        "Gbit/s",
        "peak RSS MiB",
        runs);
    for (Row r : rows) {
      if (r.failure() != null) {
        out.printf(Locale.ROOT, "%-12s failed: %s%n", r.tool(), r.failure());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-12s %10d %8.2f %8.2f %12.0f %8.3f %13.1f%n",
          r.tool(),
          r.packets(),
          r.seconds(),
          r.cpuSeconds(),
          r.packetsPerSecond(),
          workload.wireBytes() * 8 / r.seconds() / 1e9,
          r.peakRssMib());
    }
    Optional<Row> vigie = find(rows, "vigie");
    Optional<Row> ndpi = find(rows, "ndpiReader");
    if (vigie.isEmpty() || ndpi.isEmpty()) {
      out.println("targets: not evaluated (needs both vigie and ndpiReader figures)");
      return;
    }
    double ratio = vigie.get().packetsPerSecond() / ndpi.get().packetsPerSecond();
    double cpuRatio = vigie.get().cpuSeconds() / ndpi.get().cpuSeconds();
    out.printf(
        Locale.ROOT,
        "vigie/nDPI packets/s (wall): %.3fx (target >= %.1fx, start-up included): %s%n",
        ratio,
        TARGET_RATIO,
        ratio >= TARGET_RATIO ? "HOLDS" : "MISSED");
    out.printf(
        Locale.ROOT,
        "vigie/nDPI CPU time: %.3fx (target <= %.1fx): %s%n",
        cpuRatio,
        TARGET_CPU_RATIO,
        cpuRatio <= TARGET_CPU_RATIO ? "HOLDS" : "MISSED");
    out.printf(
        Locale.ROOT,
        "vigie peak RSS: %.1f MiB (target <= %.0f MiB): %s%n",
        vigie.get().peakRssMib(),
        TARGET_RSS_MIB,
        vigie.get().peakRssMib() <= TARGET_RSS_MIB ? "HOLDS" : "MISSED");
  }

  private static Optional<Row> find(List<Row> rows, String tool) {
    return rows.stream().filter(r -> r.tool().equals(tool) && r.failure() == null).findFirst();
  }
}
