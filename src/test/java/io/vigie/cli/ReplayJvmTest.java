package io.vigie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmark times replay with the JVM options the launcher gives it, not others. */
class ReplayJvmTest {
  @Test
  void theBenchmarkAndTheLauncherRunReplayAlike() throws Exception {
    String launcher = Files.readString(Path.of("vigie"));
    Matcher m = Pattern.compile("(?m)^replay_jvm=\\(([^)]*)\\)$").matcher(launcher);
    assertTrue(m.find(), "the launcher names replay's JVM options in one line");
    List<String> options = Arrays.asList(m.group(1).trim().split("\\s+"));
    assertEquals(options, ReplayJvm.OPTIONS);
    assertTrue(
        launcher.contains("[[ \"${1:-}\" == replay ]] && jvm=(\"${replay_jvm[@]}\")"),
        "the launcher uses them for replay only");
  }
}
