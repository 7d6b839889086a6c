package io.vigie.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command under GNU {@code /usr/bin/time -f '%e %U %S %M'}: wall seconds, CPU seconds (user
 * and system, every thread: JIT and GC threads count) and peak resident set of the whole process,
 * start-up included. The command's output is thrown away.
 *
 * <pre>{@code
 * ToolRun.Measure m = ToolRun.measure(List.of("tshark", "-r", file, "-q", "-z", "io,phs"), workDir);
 * }</pre>
 */
public final class ToolRun {
  static final Path TIME = Path.of("/usr/bin/time");

  /**
   * One run: wall seconds, CPU seconds, peak RSS in KiB, exit status, and the end of its stderr
   * when it failed.
   */
  public record Measure(
      double seconds, double cpuSeconds, long maxRssKib, int exitCode, String errorTail) {}

  private ToolRun() {}

  public static Measure measure(List<String> command, Path workDir)
      throws IOException, InterruptedException {
    Path report = Files.createTempFile(workDir, "time-", ".txt");
    Path stderr = Files.createTempFile(workDir, "stderr-", ".txt");
    try {
      List<String> cmd =
          new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", report.toString()));
      cmd.addAll(command);
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(stderr.toFile())
              .start();
      int exit = p.waitFor();
      List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
      // With a non-zero exit, time writes "Command exited with non-zero status N" first.
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
      String[] f = last.split("\\s+");
      if (f.length != 4) {
        throw new IOException("unexpected output of " + TIME + ": '" + last + "'");
      }
      String err = "";
      if (exit != 0) {
        List<String> e = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        err = String.join(" | ", e.subList(Math.max(0, e.size() - 3), e.size()));
      }
      return new Measure(
          Double.parseDouble(f[0]),
          Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
          Long.parseLong(f[3]),
          exit,
          err);
    } finally {
      Files.deleteIfExists(report);
      Files.deleteIfExists(stderr);
    }
  }

  /** Whether {@code program} is an executable on the PATH (or an absolute path that is). */
  public static boolean available(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
