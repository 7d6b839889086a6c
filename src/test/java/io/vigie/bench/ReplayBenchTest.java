package io.vigie.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.demo.StreamMerger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayBenchTest {
  private static final StreamMerger.Totals WORKLOAD =
      new StreamMerger.Totals(3_000_000, 3_000_000_000L, 0, 60_000_000_000L);

  @TempDir Path dir;

  private static String print(List<ReplayBench.Row> rows) {
    StringWriter s = new StringWriter();
    new ReplayBench(WORKLOAD, 1, Path.of(".")).print("video", rows, new PrintWriter(s, true));
    return s.toString();
  }

  @Test
  void computesRatesAndJudgesTheTargets() {
    String out =
        print(
            List.of(
                new ReplayBench.Row("vigie", 3_000_000, 2.0, 3.0, 200 * 1024, 5, null),
                new ReplayBench.Row("ndpiReader", 3_000_000, 4.0, 4.0, 20 * 1024, 5, null)));
    assertTrue(out.contains("1500000"), out); // 3 M packets in 2 s
    assertTrue(out.contains("12.000"), out); // 24 Gbit in 2 s
    assertTrue(out.contains("200.0"), out);
    assertTrue(out.contains("vigie/nDPI packets/s (wall): 2.000x") && out.contains("HOLDS"), out);
    assertTrue(out.contains("vigie/nDPI CPU time: 0.750x (target <= 1.0x): HOLDS"), out);
    assertTrue(out.contains("peak RSS: 200.0 MiB (target <= 256 MiB): HOLDS"), out);
    assertFalse(out.contains("MISSED"), out);
  }

  @Test
  void saysWhenATargetIsMissed() {
    String out =
        print(
            List.of(
                new ReplayBench.Row("vigie", 3_000_000, 5.0, 6.0, 300 * 1024, 5, null),
                new ReplayBench.Row("ndpiReader", 3_000_000, 4.0, 4.0, 20 * 1024, 5, null)));
    assertTrue(out.contains("(wall): 0.800x") && out.contains("MISSED"), out);
    assertTrue(out.contains("vigie/nDPI CPU time: 1.500x (target <= 1.0x): MISSED"), out);
    assertTrue(out.contains("peak RSS: 300.0 MiB (target <= 256 MiB): MISSED"), out);
  }

  @Test
  void withoutVigieTheTargetsAreNotJudged() {
    String out =
        print(List.of(new ReplayBench.Row("ndpiReader", 3_000_000, 4.0, 4.0, 20 * 1024, 5, null)));
    assertTrue(out.contains("targets: not evaluated"), out);
  }

  @Test
  void theMedianIsTheMiddleRunNotTheBest() {
    assertEquals(3.0, ReplayBench.median(new double[] {9.0, 1.0, 3.0}));
    assertEquals(2.5, ReplayBench.median(new double[] {4.0, 1.0, 2.0, 3.0}));
  }

  @Test
  void measuresARealProcessUnderTime() throws Exception {
    assumeTrue(
        ToolRun.available("/usr/bin/time"), "/usr/bin/time is not installed (Debian package time)");
    ReplayBench bench = new ReplayBench(WORKLOAD, 2, dir);
    StringWriter log = new StringWriter();
    List<ReplayBench.Row> rows =
        bench.measure(
            List.of(
                new ReplayBench.Tool(
                    "sleeper", List.of("sleep", "0.2"), java.util.Optional.empty()),
                new ReplayBench.Tool(
                    "failer",
                    List.of("sh", "-c", "echo broken >&2; exit 3"),
                    java.util.Optional.empty()),
                ReplayBench.Tool.skipped("absent", "not installed")),
            new PrintWriter(log, true));
    assertEquals(2, rows.size());
    assertTrue(
        rows.get(0).seconds() >= 0.19 && rows.get(0).seconds() < 5,
        "sleep 0.2 took " + rows.get(0).seconds());
    assertTrue(rows.get(0).peakRssKib() > 0);
    assertTrue(rows.get(0).cpuSeconds() < rows.get(0).seconds(), "sleep spends no CPU");
    assertTrue(log.toString().contains("sleeper run 2:"), log.toString());
    assertTrue(
        rows.get(1).failure().contains("exit 3") && rows.get(1).failure().contains("broken"),
        rows.get(1).failure());
    assertTrue(log.toString().contains("skipping absent: not installed"), log.toString());
  }
}
