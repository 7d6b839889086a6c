package io.vigie.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM options that map a class-data archive of vigie's classes ({@code vigie.jsa} beside the
 * jar), as the {@code ./vigie} launcher does: JDK's AppCDS, which halves start-up. The archive is
 * made by one training replay when it is missing or older than the jar.
 */
final class ClassDataArchive {
  /** JVM logging of CDS goes to stdout by default, where replay writes JSON. */
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private ClassDataArchive() {}

  static List<String> options(String java, Path jar, String trainingFile) {
    Path jsa = jar.resolveSibling("vigie.jsa");
    try {
      if (!Files.isRegularFile(jsa)
          || Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        List<String> train = new ArrayList<>(List.of(java));
        train.addAll(QUIET);
        train.addAll(ReplayJvm.OPTIONS);
        train.addAll(
            List.of(
                "-XX:ArchiveClassesAtExit=" + jsa,
                "-jar",
                jar.toString(),
                "replay",
                "--json",
                trainingFile));
        Process p =
            new ProcessBuilder(train)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
        }
      }
    } catch (IOException e) {
      return QUIET;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return QUIET;
    }
    List<String> opts = new ArrayList<>(QUIET);
    if (Files.isRegularFile(jsa)) {
      opts.add("-XX:SharedArchiveFile=" + jsa);
    }
    return opts;
  }
}
