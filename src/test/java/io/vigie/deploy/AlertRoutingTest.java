package io.vigie.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Alertmanager and Prometheus files are valid, and every vigie alert reaches the
 * receiver its severity calls for (amtool config routes test).
 */
@Tag("system")
class AlertRoutingTest {
  private static final Path ROUTE = Path.of("deploy/alertmanager/route.example.yml");
  private static final Path SCRAPE = Path.of("deploy/prometheus/scrape.example.yml");
  private static final Path RULES = Path.of("rules/vigie.rules.yml");

  private static Path tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String run(List<String> cmd, int expectedExit) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    if (expectedExit == 0) {
      assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    } else {
      assertNotEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
    return out;
  }

  /** alert name → severity label, in file order. */
  static Map<String, String> alertSeverities() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("- alert: (\\w+)\\n(?:(?!- alert:)[\\s\\S])*?severity: (\\w+)")
            .matcher(Files.readString(RULES));
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void everyAlertReachesTheReceiverOfItsSeverity() throws Exception {
    Path amtool = tool("amtool");
    assumeTrue(amtool != null, "amtool is not installed (Debian package prometheus-alertmanager)");
    run(List.of(amtool.toString(), "check-config", ROUTE.toString()), 0);
    Map<String, String> alerts = alertSeverities();
    assertEquals(25, alerts.size(), alerts.toString());
    for (Map.Entry<String, String> a : alerts.entrySet()) {
      String receiver =
          switch (a.getValue()) {
            case "critical" -> "security-team";
            case "warning" -> "ops-mailbox";
            default -> throw new AssertionError(a + ": severity must be critical or warning");
          };
      run(
          List.of(
              amtool.toString(),
              "config",
              "routes",
              "test",
              "--config.file=" + ROUTE,
              "--verify.receivers=" + receiver,
              "alertname=" + a.getKey(),
              "severity=" + a.getValue(),
              "instance=vigie-1"),
          0);
    }
    // And the check can fail: a critical vendor alert must not land in the mailbox.
    run(
        List.of(
            amtool.toString(),
            "config",
            "routes",
            "test",
            "--config.file=" + ROUTE,
            "--verify.receivers=ops-mailbox",
            "alertname=VigieVendorAccessOutsideWindow",
            "severity=critical"),
        1);
  }

  @Test
  void scrapeExampleIsValidPrometheusConfig(@TempDir Path dir) throws Exception {
    Path promtool = tool("promtool");
    assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
    // The example points at the installed rules; check it against the repository's copy.
    Path rules = Files.copy(RULES, dir.resolve("vigie.rules.yml"));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        Files.readString(SCRAPE)
            .replace("/etc/prometheus/rules/vigie.rules.yml", rules.toString()));
    List<String> cmd =
        new ArrayList<>(List.of(promtool.toString(), "check", "config", config.toString()));
    String out = run(cmd, 0);
    assertTrue(out.contains("25 rules found"), out);
  }
}
