package io.vigie.cli;

import java.util.List;

/**
 * The JVM options with which the {@code ./vigie} launcher runs {@code replay}, so that the
 * benchmark times what a user runs. Kept equal to the launcher's {@code replay_jvm} line by {@code
 * ReplayJvmTest}.
 *
 * <p>Why these: a replay is a batch job of seconds to minutes on one packet thread. Measured on the
 * bench's two workloads (medians of interleaved runs, docs/PERFORMANCE.md), the C2 compiler's
 * threads took 38 % of the whole process's CPU for code that runs a few seconds, and G1 grew the
 * heap to 460 MiB where the serial collector keeps it under 180 MiB: C1 alone and the serial
 * collector cut CPU time by about half and wall time by a third. The daemon keeps the JVM's
 * defaults (C2, G1): it runs for months.
 */
final class ReplayJvm {
  static final List<String> OPTIONS =
      List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private ReplayJvm() {}
}
