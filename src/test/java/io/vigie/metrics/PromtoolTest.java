package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs promtool on the shipped rules and their unit tests, as CI does. */
@Tag("system")
class PromtoolTest {
  static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
    return out;
  }

  @Test
  void rulesAreValid() throws Exception {
    Path promtool = promtool();
    assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
    run(
        List.of(
            promtool.toString(),
            "check",
            "rules",
            "rules/vigie.rules.yml",
            "rules/vigie-city.rules.yml"));
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    Path promtool = promtool();
    assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
    List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    try (Stream<Path> tests = Files.list(Path.of("rules/tests"))) {
      tests
          .filter(p -> p.toString().endsWith(".yml"))
          .sorted()
          .map(Path::toString)
          .forEach(cmd::add);
    }
    assertEquals(true, cmd.size() >= 8, "rule test files: " + cmd);
    run(cmd);
  }
}
