package io.vigie.golden;

import io.vigie.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code vigie replay --json FILE} run in-process through the CLI's own entry point, its standard
 * output captured: the same path as the command line, whatever the replay pipeline looks like
 * inside.
 *
 * <pre>{@code
 * List<String> lines = ReplayJson.run(Path.of("src/test/resources/io/vigie/golden/x.pcap"), List.of());
 * }</pre>
 */
final class ReplayJson {
  // The command writes JSON to System.out, which is one per JVM: one in-process replay at a time.
  private static final Object STDOUT = new Object();

  private ReplayJson() {}

  /**
   * The non-blank output lines of {@code vigie replay --json OPTIONS... PCAP}; fails with the
   * command's own error when it does not exit 0.
   */
  static List<String> run(Path pcap, List<String> options) {
    List<String> args = new ArrayList<>(List.of("replay", "--json"));
    args.addAll(options);
    args.add(pcap.toString());
    String[] argv = args.toArray(String[]::new);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    synchronized (STDOUT) {
      PrintStream saved = System.out;
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      try {
        code = Main.run(argv, new PrintWriter(err, true), new PrintWriter(err, true));
      } finally {
        System.out.flush();
        System.setOut(saved);
      }
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    if (code != 0) {
      throw new AssertionError(
          "vigie " + String.join(" ", argv) + " exited " + code + ": " + err + out);
    }
    return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
  }
}
