package io.vigie.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code deploy/systemd/check.sh} (systemd-analyze verify and security) on the shipped unit,
 * and on damaged copies to show the check can fail.
 */
@Tag("system")
class SystemdUnitTest {
  private static final Path UNIT = Path.of("deploy/systemd/vigie.service");
  private static final Path CHECK = Path.of("deploy/systemd/check.sh");

  record Result(int exit, String output) {}

  @BeforeAll
  static void needsSystemdAnalyze() throws Exception {
    boolean found;
    try {
      Process p =
          new ProcessBuilder("systemd-analyze", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      found = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && version(out) >= 252;
    } catch (IOException e) {
      found = false;
    }
    assumeTrue(found, "systemd-analyze >= 252 is not installed (Debian package systemd)");
  }

  private static int version(String out) {
    Matcher m = Pattern.compile("systemd (\\d+)").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Result check(Path unit) throws Exception {
    Process p =
        new ProcessBuilder("sh", CHECK.toString(), unit.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check.sh did not finish");
    return new Result(p.exitValue(), out);
  }

  @Test
  void shippedUnitVerifiesWithExposureAtMostTwo() throws Exception {
    Result r = check(UNIT);
    System.out.println(r.output()); // CI prints the exposure
    assertEquals(0, r.exit(), r.output());
    Matcher m = Pattern.compile("exposure: ([0-9.]+) \\(limit 2.0\\)").matcher(r.output());
    assertTrue(m.find(), r.output());
    assertTrue(Double.parseDouble(m.group(1)) <= 2.0, r.output());
  }

  @Test
  void unitKeepsTheEssentials() throws IOException {
    List<String> lines = Files.readAllLines(UNIT);
    for (String required :
        List.of(
            "CapabilityBoundingSet=CAP_NET_RAW",
            "AmbientCapabilities=CAP_NET_RAW",
            "ProtectSystem=strict",
            "StateDirectory=vigie",
            "LogsDirectory=vigie",
            "ConfigurationDirectory=vigie",
            "User=vigie",
            "Restart=on-failure",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "NoNewPrivileges=yes")) {
      assertTrue(lines.contains(required), "missing " + required);
    }
    // The JIT needs writable+executable memory.
    assertTrue(lines.contains("MemoryDenyWriteExecute=no"));
  }

  @Test
  void weakerHardeningFailsTheCheck(@TempDir Path dir) throws Exception {
    Path weak = dir.resolve("vigie.service");
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(UNIT)) {
      if (!line.startsWith("Protect")
          && !line.startsWith("SystemCall")
          && !line.startsWith("Restrict")
          && !line.startsWith("CapabilityBoundingSet")
          && !line.startsWith("Private")) {
        b.append(line).append('\n');
      }
    }
    Files.writeString(weak, b);
    Result r = check(weak);
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("is above 2.0"), r.output());
  }

  @Test
  void aMisspeltOptionFailsVerify(@TempDir Path dir) throws Exception {
    Path typo = dir.resolve("vigie.service");
    Files.writeString(
        typo,
        Files.readString(UNIT)
            .replace("ProtectHome=yes", "ProtectHome=yes\nProtectKernalTunables=yes"));
    Result r = check(typo);
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("Unknown key 'ProtectKernalTunables'"), r.output());
  }
}
