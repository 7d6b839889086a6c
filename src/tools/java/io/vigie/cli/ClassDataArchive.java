package io.vigie.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JVM options that map a class-data archive of vigie's classes ({@code vigie.jsa} beside the
 * jar), as the {@code ./vigie} launcher does: JDK's AppCDS, which halves start-up. The archive is
 * made by one training replay when it is missing or older than the jar. On JDK 25 and later, as in
 * the launcher, an AOT cache ({@code vigie-replay-<version>.aot}, JEP 483/514/515) instead:
 * recorded by the training replay, then written by a second JVM.
 */
final class ClassDataArchive {
  /** JVM logging of CDS goes to stdout by default, where replay writes JSON. */
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private ClassDataArchive() {}

  /** The VM's own messages to stderr, AOT and CDS logging off: replay writes JSON on stdout. */
  private static final List<String> AOT_QUIET =
      List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:aot=off", "-Xlog:cds=off");

  /**
   * @param java the java binary of the JVM running this (its version decides archive or cache)
   */
  static List<String> options(String java, Path jar, String trainingFile) {
    return options(java, jar, List.of("replay", "--json", trainingFile), "");
  }

  /**
   * As the launcher does for a replay of its kind: {@code flavour} "-kafka" for a replay whose
   * config has {@code outputs.kafka} (an archive of its own, {@code vigie-kafka.jsa}), "" else.
   *
   * @param training the vigie command line of the training run (a replay of that kind)
   */
  static List<String> options(String java, Path jar, List<String> training, String flavour) {
    if (Runtime.version().feature() >= 25) {
      return aotOptions(java, jar, training, flavour);
    }
    Path jsa = jar.resolveSibling("vigie" + flavour + ".jsa");
    try {
      if (!Files.isRegularFile(jsa)
          || Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        List<String> train = new ArrayList<>(List.of(java));
        train.addAll(QUIET);
        train.addAll(ReplayJvm.OPTIONS);
        train.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-jar", jar.toString()));
        train.addAll(training);
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

  private static List<String> aotOptions(
      String java, Path jar, List<String> training, String flavour) {
    Path cache =
        jar.resolveSibling(
            "vigie-replay"
                + flavour
                + "-"
                + Runtime.version().version().stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining("."))
                + ".aot");
    try {
      if (!Files.isRegularFile(cache)
          || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        Path conf = jar.resolveSibling(cache.getFileName() + ".bench.conf");
        Path tmp = jar.resolveSibling(cache.getFileName() + ".bench");
        List<String> record = new ArrayList<>(List.of(java));
        record.addAll(AOT_QUIET);
        record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf));
        record.addAll(ReplayJvm.OPTIONS);
        record.addAll(List.of("-jar", jar.toString()));
        record.addAll(training);
        List<String> create = new ArrayList<>(List.of(java));
        create.addAll(AOT_QUIET);
        create.addAll(
            List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + tmp));
        create.addAll(ReplayJvm.OPTIONS);
        create.addAll(List.of("-jar", jar.toString()));
        if (runQuietly(record) == 0 && Files.isRegularFile(conf) && runQuietly(create) == 0) {
          Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(conf);
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      return AOT_QUIET;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AOT_QUIET;
    }
    List<String> opts = new ArrayList<>(AOT_QUIET);
    if (Files.isRegularFile(cache)) {
      opts.add("-XX:AOTCache=" + cache);
    }
    return opts;
  }

  private static int runQuietly(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
