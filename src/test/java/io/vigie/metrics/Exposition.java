package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A scrape in the text format, parsed into series → value, as Prometheus would read it. */
record Exposition(String text, Map<String, Double> series) {

  static Exposition scrape(CollectorRegistry registry) {
    StringWriter w = new StringWriter();
    try {
      TextFormat.write004(w, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(w.toString());
  }

  static Exposition parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      series.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
    }
    return new Exposition(text, series);
  }

  /** The value of one series, written as in the exposition, e.g. {@code vigie_flows_active}. */
  Double get(String seriesText) {
    return series.get(seriesText);
  }

  /** Metric names of all samples (the part before the labels). */
  Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (String s : series.keySet()) {
      int brace = s.indexOf('{');
      names.add(brace < 0 ? s : s.substring(0, brace));
    }
    return names;
  }

  /** Family names from the # TYPE lines. */
  Set<String> familyNames() {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      }
    }
    return names;
  }
}
