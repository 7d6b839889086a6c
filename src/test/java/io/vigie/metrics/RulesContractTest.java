package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and docs/METRICS.md name metrics; this checks those names against what {@link
 * VigieMetrics} really exposes once everything is touched, so neither can drift.
 */
class RulesContractTest {
  private static final Path RULES = Path.of("rules/vigie.rules.yml");
  private static final Path DOC = Path.of("docs/METRICS.md");
  private static final Pattern METRIC = Pattern.compile("\\bvigie_[a-z0-9_]+");

  private final Exposition scrape;

  RulesContractTest() {
    CollectorRegistry registry = new CollectorRegistry();
    Fixtures.everythingTouched(registry);
    scrape = Exposition.scrape(registry);
  }

  @Test
  void everyMetricInTheRulesIsExposed() throws IOException {
    Set<String> used = names(RULES);
    assertTrue(used.size() >= 10, "rules read: " + used);
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(scrape.sampleNames());
    assertEquals(Set.of(), missing, "metrics used by the rules but not exposed");
  }

  @Test
  void everyNoticeTypeInTheRulesStartsAtZero() throws IOException {
    Matcher m =
        Pattern.compile("vigie_notices_total\\{type=\"([a-z_]+)\"")
            .matcher(Files.readString(RULES));
    Set<String> types = new TreeSet<>();
    while (m.find()) {
      types.add(m.group(1));
    }
    Set<String> declared = new TreeSet<>(NoticeCounter.ALERTED_TYPES);
    declared.remove(
        "privacy_analytics_present"); // alerted on from vigie_camera_analytics_modules instead
    assertEquals(declared, types);
  }

  @Test
  void theDocListsExactlyTheExposedMetrics() throws IOException {
    Set<String> exposed = new TreeSet<>();
    for (String family : scrape.familyNames()) {
      // client_java adds a _created series per counter; the doc covers them in one sentence.
      if (!family.endsWith("_created")) {
        exposed.add(family);
      }
    }
    Set<String> documented = names(DOC);
    assertEquals(exposed, documented);
  }

  private static Set<String> names(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(file)) {
      if (line.stripLeading().startsWith("#") && file.toString().endsWith(".yml")) {
        continue;
      }
      Matcher m = METRIC.matcher(line);
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }
}
