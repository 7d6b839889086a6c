package io.vigie.bench;

import io.vigie.demo.StreamMerger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Times whole tools on one workload file and prints them side by side:
 *
 * <pre>
 * tool        packets   seconds   packets/s   Gbit/s   peak RSS MiB
 * vigie       2500123     4.10      609786     5.03        310.2
 * ndpiReader  ...
 * </pre>
 *
 * Each tool runs {@code runs} times; the best wall time counts (the others measured noise from the
 * machine), and the peak RSS is the highest seen across runs.
 */
public final class ReplayBench {
  /** A tool to time: a display name and its command line, or why it is skipped. */
  public record Tool(String name, List<String> command, Optional<String> skipReason) {
    public static Tool skipped(String name, String reason) {
      return new Tool(name, List.of(), Optional.of(reason));
    }
  }

  /** The figures of one tool. */
  public record Row(String tool, long packets, double seconds, long peakRssKib, String failure) {
    public double packetsPerSecond() {
      return packets / seconds;
    }

    public double peakRssMib() {
      return peakRssKib / 1024.0;
    }
  }

  static final double TARGET_RATIO = 1.5;
  static final double TARGET_RSS_MIB = 512;

  private final StreamMerger.Totals workload;
  private final int runs;
  private final Path workDir;

  public ReplayBench(StreamMerger.Totals workload, int runs, Path workDir) {
    this.workload = workload;
    this.runs = runs;
    this.workDir = workDir;
  }

  /** Runs every tool that is not skipped; prints progress lines to {@code log}. */
  public List<Row> measure(List<Tool> tools, PrintWriter log)
      throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    for (Tool t : tools) {
      if (t.skipReason().isPresent()) {
        log.println("skipping " + t.name() + ": " + t.skipReason().get());
        continue;
      }
      double best = Double.MAX_VALUE;
      long rss = 0;
      String failure = null;
      for (int i = 0; i < runs; i++) {
        ToolRun.Measure m = ToolRun.measure(t.command(), workDir);
        log.printf(
            Locale.ROOT,
            "%s run %d: %.2f s, %d KiB%s%n",
            t.name(),
            i + 1,
            m.seconds(),
            m.maxRssKib(),
            m.exitCode() == 0 ? "" : ", exit " + m.exitCode() + ": " + m.errorTail());
        log.flush();
        if (m.exitCode() != 0) {
          failure = "exit " + m.exitCode() + ": " + m.errorTail();
          break;
        }
        best = Math.min(best, m.seconds());
        rss = Math.max(rss, m.maxRssKib());
      }
      rows.add(
          new Row(t.name(), workload.packets(), failure == null ? best : Double.NaN, rss, failure));
    }
    return rows;
  }

  /** The table, then the ratio to nDPI and whether the targets hold. */
  public void print(List<Row> rows, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "workload: %d packets, %d bytes on the wire, %.1f s of traffic%n",
        workload.packets(),
        workload.wireBytes(),
        (workload.lastNanos() - workload.firstNanos()) / 1e9);
    out.printf(
        Locale.ROOT,
        "%-12s %10s %9s %12s %8s %13s%n",
        "tool",
        "packets",
        "seconds",
        "packets/s",
        "Gbit/s",
        "peak RSS MiB");
    for (Row r : rows) {
      if (r.failure() != null) {
        out.printf(Locale.ROOT, "%-12s failed: %s%n", r.tool(), r.failure());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-12s %10d %9.2f %12.0f %8.3f %13.1f%n",
          r.tool(),
          r.packets(),
          r.seconds(),
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
    boolean fast = ratio >= TARGET_RATIO;
    boolean small = vigie.get().peakRssMib() < TARGET_RSS_MIB;
    out.printf(
        Locale.ROOT,
        "vigie/nDPI packets/s: %.3fx (target >= %.1fx, start-up included): %s%n",
        ratio,
        TARGET_RATIO,
        fast ? "HOLDS" : "MISSED");
    out.printf(
        Locale.ROOT,
        "vigie peak RSS: %.1f MiB (target < %.0f MiB): %s%n",
        vigie.get().peakRssMib(),
        TARGET_RSS_MIB,
        small ? "HOLDS" : "MISSED");
  }

  private static Optional<Row> find(List<Row> rows, String tool) {
    return rows.stream().filter(r -> r.tool().equals(tool) && r.failure() == null).findFirst();
  }
}
