package io.vigie.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code outputs.kafka} costs a replay: the same capture replayed without and with the Kafka
 * output (every record acknowledged by the broker before the process exits), side by side:
 *
 * <pre>
 * run            sessions   wall s    CPU s   sessions/s  peak RSS MiB
 * replay            64051     9.93    11.02         6450         170.4
 * replay+kafka      64051    10.80    13.71         5931         214.9
 * Kafka output cost: 8.0 % of replay throughput (wall), CPU +24.4 %; target < 20 %: HOLDS
 * </pre>
 *
 * <p>The rows are {@link ReplayBench}'s medians of interleaved whole-process runs; the cost is
 * {@code 1 - rate(kafka) / rate(replay)}, the share of replay throughput the output takes.
 */
public final class KafkaBench {
  /** Issue 18: the Kafka output costs less than 20 % of replay throughput. */
  static final double TARGET_COST = 0.20;

  private KafkaBench() {}

  /** The share of throughput the output takes: 0.08 when the run with Kafka is 8 % slower. */
  public static double cost(ReplayBench.Row plain, ReplayBench.Row kafka) {
    return 1 - plain.seconds() / kafka.seconds();
  }

  /** Prints the table and the verdict; {@code rows} are the plain run, then the one with Kafka. */
  public static boolean print(
      List<ReplayBench.Row> rows, long sessions, long records, int runs, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%-14s %10s %8s %8s %12s %13s   (median of %d interleaved runs; %d records a run with"
            + " Kafka: sessions and notices)%n",
        "run",
        "sessions",
        "wall s",
        "CPU s",
        "sessions/s",
        "peak RSS MiB",
        runs,
        records);
    for (ReplayBench.Row r : rows) {
      if (r.failure() != null) {
        out.printf(Locale.ROOT, "%-14s failed: %s%n", r.tool(), r.failure());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-14s %10d %8.2f %8.2f %12.0f %13.1f%n",
          r.tool(),
          sessions,
          r.seconds(),
          r.cpuSeconds(),
          sessions / r.seconds(),
          r.peakRssMib());
    }
    if (rows.size() != 2 || rows.stream().anyMatch(r -> r.failure() != null)) {
      out.println("Kafka output cost: not evaluated (a run failed)");
      return false;
    }
    ReplayBench.Row plain = rows.get(0);
    ReplayBench.Row kafka = rows.get(1);
    double cost = cost(plain, kafka);
    boolean holds = cost < TARGET_COST;
    out.printf(
        Locale.ROOT,
        "Kafka output cost: %.1f %% of replay throughput (wall), CPU %+.1f %%; target < %.0f %%:"
            + " %s%n",
        cost * 100,
        (kafka.cpuSeconds() / plain.cpuSeconds() - 1) * 100,
        TARGET_COST * 100,
        holds ? "HOLDS" : "MISSED");
    return holds;
  }
}
