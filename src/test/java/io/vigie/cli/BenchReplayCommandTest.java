package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.bench.ToolRun;
import io.vigie.tools.ToolsMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the real benchmark: real workload file, real tools under /usr/bin/time. */
@Tag("system")
class BenchReplayCommandTest {
  @TempDir Path dir;

  @Test
  void timesTheReferenceToolsOnTheGeneratedWorkload() throws Exception {
    assumeTrue(
        ToolRun.available("/usr/bin/time"), "/usr/bin/time is not installed (Debian package time)");
    assumeTrue(
        ToolRun.available("ndpiReader"),
        "ndpiReader is not installed (Debian package libndpi-bin)");
    assumeTrue(ToolRun.available("tshark"), "tshark is not installed (Debian package tshark)");
    Path keep = dir.resolve("w.pcap");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ToolsMain.run(
            new String[] {
              "bench",
              "replay",
              "--packets",
              "20000",
              "--cameras",
              "10",
              "--runs",
              "1",
              "--tshark",
              "--keep",
              keep.toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    String text = out.toString();
    assertEquals(0, code, text + err);
    assertTrue(Files.size(keep) > 20_000L * 1000, "workload kept");
    assertTrue(Files.size(dir.resolve("w-control.pcap")) > 0, "control workload kept beside it");
    Matcher generated =
        Pattern.compile("generated video workload .*: (\\d+) packets").matcher(text);
    assertTrue(generated.find(), text);
    long packets = Long.parseLong(generated.group(1));
    assertTrue(packets >= 20_000, text);
    Matcher control =
        Pattern.compile("generated control workload .*: (\\d+) packets").matcher(text);
    assertTrue(control.find(), text);
    assertTrue(Long.parseLong(control.group(1)) >= 20_000, text);
    assertTrue(text.contains("vigie/nDPI CPU time:"), text);
    for (String tool : new String[] {"ndpiReader", "tshark"}) {
      Matcher row =
          Pattern.compile(
                  "(?m)^"
                      + tool
                      + "\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)$")
              .matcher(text);
      assertTrue(row.find(), tool + " row missing:\n" + text);
      assertEquals(packets, Long.parseLong(row.group(1)));
      assertTrue(Double.parseDouble(row.group(6)) > 1, tool + " peak RSS is real: " + row.group(6));
    }
    assertTrue(
        Pattern.compile("(?m)^vigie\\s+\\d+").matcher(text).find(), "vigie row missing:\n" + text);
  }
}
