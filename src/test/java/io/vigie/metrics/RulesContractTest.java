package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void everyNoticeTypeInTheRulesIsDeclaredAndCounted() throws IOException {
    Matcher m =
        Pattern.compile("vigie_notice(?:s_total|_last_timestamp_seconds)\\{type=\"([a-z_]+)\"")
            .matcher(Files.readString(RULES));
    Set<String> types = new TreeSet<>();
    while (m.find()) {
      types.add(m.group(1));
    }
    // The counter's series of these types exist at 0 from the start, for dashboards' increase().
    Set<String> declared = new TreeSet<>(NoticeCounter.ALERTED_TYPES);
    declared.remove(
        "privacy_analytics_present"); // alerted on from vigie_camera_analytics_modules instead
    assertEquals(declared, types);
  }

  @Test
  void noticeAlertsKeepTheCameraAndTheNoticeType() throws IOException {
    // A person must see what to look at: no notice rule may sum the camera away.
    Matcher m =
        Pattern.compile("expr: (.*vigie_notice_last_timestamp_seconds.*)")
            .matcher(Files.readString(RULES));
    int rules = 0;
    while (m.find()) {
      rules++;
      String expr = m.group(1);
      assertTrue(expr.contains("by (site, instance, job, type, camera"), expr);
    }
    assertEquals(5, rules);
    assertTrue(!Files.readString(RULES).contains("sum by (instance, job) (increase"));
  }

  @Test
  void everyAggregationAndMatchKeepsTheSite() throws IOException {
    // A city Prometheus evaluates these rules on every site's federated series, where two sites'
    // vigies share an instance name: a by/on without site merges them (deploy/prometheus/).
    String exprs =
        Files.readAllLines(RULES).stream()
            .filter(l -> !l.strip().startsWith("#"))
            .collect(java.util.stream.Collectors.joining("\n"));
    Matcher m = Pattern.compile("\\b(by|on) \\(([^)]*)\\)").matcher(exprs);
    int clauses = 0;
    while (m.find()) {
      clauses++;
      assertTrue(m.group(2).startsWith("site, "), m.group());
    }
    assertEquals(10, clauses);
  }

  @Test
  void theDocListsExactlyTheExposedMetrics() throws IOException {
    Set<String> exposed = new TreeSet<>();
    for (String family : scrape.familyNames()) {
      // client_java adds a _created series per counter; the doc covers them in one sentence.
      // jvm_* and process_* are client_java's standard collectors, documented as a group.
      if (!family.endsWith("_created") && family.startsWith("vigie_")) {
        exposed.add(family);
      }
    }
    Set<String> documented = names(DOC);
    assertEquals(exposed, documented);
  }

  @Test
  void theJvmAndProcessMetricsEveryJavaExporterHasAreExposed() throws IOException {
    Set<String> families = scrape.familyNames();
    String doc = Files.readString(DOC);
    for (String name :
        List.of(
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
            "process_open_fds",
            "jvm_memory_bytes_used",
            "jvm_gc_collection_seconds",
            "jvm_threads_current")) {
      assertTrue(families.contains(name), name + " not in " + families);
      assertTrue(doc.contains("`" + name + "`"), name + " is not in docs/METRICS.md");
    }
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
