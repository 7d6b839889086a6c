package io.vigie.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard loads, and every query of every panel names only metrics (and label
 * names) that vigie's registry really exposes once everything is touched, so a renamed metric
 * cannot leave the wall screen silently empty.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("deploy/grafana/vigie-overview.json");
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:vigie|jvm|process)_[a-z0-9_]+)(\\{([^}]*)\\})?");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(?:=~|!=|!~|=)");

  /**
   * Prometheus adds these to every scraped series; {@code site} is the scrape job's target label
   * (deploy/prometheus/scrape.example.yml), which a city's federation keeps.
   */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "site");

  private final Exposition scrape;

  GrafanaDashboardTest() {
    CollectorRegistry registry = new CollectorRegistry();
    Fixtures.everythingTouched(registry);
    scrape = Exposition.scrape(registry);
  }

  private static List<String> queries(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      JsonNode targets = p.path("targets");
      assertTrue(targets.size() > 0, "panel without a query: " + p.path("title").asText());
      for (JsonNode t : targets) {
        String expr = t.path("expr").asText("");
        assertFalse(expr.isBlank(), "empty query in panel " + p.path("title").asText());
        out.add(expr);
      }
    }
    for (JsonNode v : dashboard.path("templating").path("list")) {
      out.add(v.path("query").asText(""));
    }
    return out;
  }

  @Test
  void everyPanelQueriesMetricsVigieExports() throws IOException {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertEquals("vigie-overview", d.path("uid").asText());
    assertTrue(d.path("panels").size() >= 10, "panels: " + d.path("panels").size());
    Set<String> used = new TreeSet<>();
    for (String q : queries(d)) {
      Matcher m = METRIC.matcher(q);
      boolean any = false;
      while (m.find()) {
        any = true;
        String metric = m.group(1);
        used.add(metric);
        assertTrue(scrape.sampleNames().contains(metric), metric + " is not exported; query: " + q);
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            String label = l.group(1);
            assertTrue(
                TARGET_LABELS.contains(label) || hasLabel(metric, label),
                metric + " has no label '" + label + "'; query: " + q);
          }
        }
      }
      assertTrue(any, "a query that names no vigie, jvm or process metric: " + q);
    }
    // The wall screen shows the security facts, not only the process.
    for (String m :
        List.of(
            "vigie_notice_last_timestamp_seconds",
            "vigie_camera_known_vulnerabilities",
            "vigie_camera_up",
            "vigie_evidence_chain_ok",
            "jvm_memory_bytes_used")) {
      assertTrue(used.contains(m), m + " is on no panel");
    }
  }

  @Test
  void theCheckCatchesARenamedMetric() {
    // The same matcher on a query with a typo finds a name the registry does not have.
    Matcher m = METRIC.matcher("sum(rate(vigie_notice_total[5m]))");
    assertTrue(m.find());
    assertFalse(scrape.sampleNames().contains(m.group(1)));
  }

  private boolean hasLabel(String metric, String label) {
    for (String s : scrape.series().keySet()) {
      if ((s.startsWith(metric + "{")) && s.contains(label + "=\"")) {
        return true;
      }
    }
    return false;
  }
}
