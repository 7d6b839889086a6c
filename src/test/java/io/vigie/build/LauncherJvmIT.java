package io.vigie.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after {@code package} (failsafe): the {@code ./vigie} launcher replays a capture alike on
 * Java 17 (class-data archive) and on JDK 25 or later (AOT cache), writing only JSON on stdout, on
 * the first run (archive or cache made) and the next (mapped); a broken cache is ignored. The
 * launcher and the jars are copied into a directory of their own, so that nothing here is rebuilt.
 */
class LauncherJvmIT {
  private static final Path CAPTURE =
      Path.of("src/test/resources/io/vigie/golden/ssh-openssh-exec.pcap");

  /** The JVM's log line when it cannot use the cache (and runs without it). */
  private static final Pattern REFUSED = Pattern.compile("\\]\\[error *\\]\\[aot\\]");

  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([0-9][0-9.]*)");

  private final Path target = Path.of(System.getProperty("vigie.jars", "target"));

  @TempDir Path dir;
  private List<String> expected;

  @BeforeEach
  void copyTheLauncherAndReplayOnceWithoutIt() throws Exception {
    Files.createDirectories(dir.resolve("target"));
    Files.copy(Path.of("vigie"), dir.resolve("vigie"));
    for (String jar : List.of("vigie.jar", "vigie-tools.jar")) {
      Files.copy(target.resolve(jar), dir.resolve("target").resolve(jar));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    expected =
        sessions(run(List.of(java, "-jar", dir.resolve("target/vigie.jar").toString()), Map.of()));
    assertTrue(expected.size() >= 1, "no session in the capture: " + expected);
  }

  @Test
  void java17ReplaysWithTheClassDataArchive() throws Exception {
    Path home = jdk(17, 17).orElse(null);
    Assumptions.assumeTrue(home != null, "no Java 17 under java.home or /usr/lib/jvm: skipping");
    assertEquals(expected, sessions(launch(home, Map.of())), "first run: the archive is written");
    assertTrue(Files.isRegularFile(dir.resolve("target/vigie.jsa")), "no class-data archive");
    assertEquals(expected, sessions(launch(home, Map.of())), "second run: the archive is mapped");
    try (Stream<Path> s = Files.list(dir.resolve("target"))) {
      assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".aot")).toList());
    }
  }

  @Test
  void aReplayWithKafkaMapsAnArchiveOfItsOwn() throws Exception {
    Path home = jdk(17, 17).orElse(null);
    Assumptions.assumeTrue(home != null, "no Java 17 under java.home or /usr/lib/jvm: skipping");
    int deadPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Path config = dir.resolve("kafka.yaml");
    Files.writeString(
        config,
        "outputs:\n  kafka:\n    bootstrap_servers: [\"127.0.0.1:"
            + deadPort
            + "\"]\n    spool_dir: spool\n    drain_timeout_seconds: 0\n");
    List<String> args = List.of("--config", config.toString());
    // No broker: the records stay in the spool (exit 1), the JSON lines are the replay's.
    assertEquals(expected, sessions(launch(home, Map.of(), args, 1)), "first run: archive written");
    assertTrue(Files.isRegularFile(dir.resolve("target/vigie-kafka.jsa")), "no Kafka archive");
    assertTrue(!Files.exists(dir.resolve("target/vigie.jsa")), "the plain archive is not made");
    assertEquals(expected, sessions(launch(home, Map.of(), args, 1)), "second run: mapped");
    assertEquals(expected, sessions(launch(home, Map.of())), "a plain replay trains its own");
    assertTrue(Files.isRegularFile(dir.resolve("target/vigie.jsa")), "no class-data archive");
  }

  @Test
  void jdk25ReplaysWithAnAotCacheAndIgnoresABrokenOne() throws Exception {
    Path home = jdk(25, Integer.MAX_VALUE).orElse(null);
    Assumptions.assumeTrue(home != null, "no JDK 25 or later under /usr/lib/jvm: skipping");
    String version = version(home).orElseThrow();
    Path cache = dir.resolve("target/vigie-replay-" + version + ".aot");
    Path log = dir.resolve("aot.log");
    assertEquals(expected, sessions(launch(home, Map.of())), "first run: the cache is recorded");
    assertTrue(Files.isRegularFile(cache), "no AOT cache written at " + cache);
    try (Stream<Path> s = Files.list(dir.resolve("target"))) {
      assertEquals(
          List.of(),
          s.filter(p -> p.getFileName().toString().matches(".*\\.aot\\.[0-9]+.*")).toList(),
          "temporary files left");
    }
    Map<String, String> logged = Map.of("VIGIE_JAVA_OPTS", "-Xlog:aot=info:file=" + log);
    assertEquals(expected, sessions(launch(home, logged)), "second run: the cache is mapped");
    String mapped = Files.readString(log);
    assertTrue(mapped.contains("Opened AOT cache") && !REFUSED.matcher(mapped).find(), mapped);

    // A cache that is not one (a disk full while writing, another JDK's): replay still runs alike.
    Files.writeString(cache, "not a cache");
    Files.setLastModifiedTime(
        cache, FileTime.fromMillis(System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(1)));
    Files.delete(log);
    assertEquals(expected, sessions(launch(home, logged)), "a broken cache is ignored");
    assertTrue(REFUSED.matcher(Files.readString(log)).find(), Files.readString(log));
  }

  /** {@code ./vigie replay --json} with {@code home}'s java first on the PATH; stdout. */
  private List<String> launch(Path home, Map<String, String> env) throws Exception {
    return launch(home, env, List.of(), 0);
  }

  private List<String> launch(Path home, Map<String, String> env, List<String> args, int exit)
      throws Exception {
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
    return run(List.of("bash", dir.resolve("vigie").toString()), e, args, exit);
  }

  private List<String> run(List<String> command, Map<String, String> env) throws Exception {
    return run(command, env, List.of(), 0);
  }

  private List<String> run(
      List<String> command, Map<String, String> env, List<String> args, int exit) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of("replay", "--json"));
    cmd.addAll(args);
    cmd.add(CAPTURE.toAbsolutePath().toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("out.jsonl").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().remove("VIGIE_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "replay did not end: " + cmd);
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(exit, p.exitValue(), cmd + " exit: " + err);
    return Files.readAllLines(dir.resolve("out.jsonl"), StandardCharsets.UTF_8);
  }

  /** The JSON lines but the run's statistics (which hold its duration); every line must be JSON. */
  private static List<String> sessions(List<String> out) {
    for (String line : out) {
      assertTrue(line.startsWith("{") && line.endsWith("}"), "not JSON on stdout: " + line);
    }
    return out.stream().filter(l -> !l.startsWith("{\"type\":\"stats\"")).toList();
  }

  /** A JDK whose feature version is in [min, max]: java.home first, then /usr/lib/jvm. */
  private static Optional<Path> jdk(int min, int max) throws IOException {
    List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.sorted().forEach(homes::add);
      }
    }
    for (Path home : homes) {
      Optional<String> v = version(home);
      if (v.isPresent() && Files.isExecutable(home.resolve("bin/java"))) {
        int feature = Integer.parseInt(v.get().split("\\.")[0]);
        if (feature >= min && feature <= max) {
          return Optional.of(home.toRealPath());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> version(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(Files.readString(release));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
