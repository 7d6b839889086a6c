package io.vigie.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Label children keyed by a string value, resolved once and capped: the values come from code
 * (notice types, verdicts, error kinds), so the cap only stops a bug from turning IDs into label
 * values and the Prometheus server's memory into the victim. Past the cap, values share the child
 * of {@value #OTHER}.
 *
 * @param <C> what is resolved per value: a counter child or an array of them
 */
final class BoundedLabel<C> {
  static final String OTHER = "other";

  private final int max;
  private final Function<String, C> resolve;
  private final Map<String, C> children = new ConcurrentHashMap<>();
  private final C other;

  BoundedLabel(int max, Function<String, C> resolve, Iterable<String> known) {
    this.max = max;
    this.resolve = resolve;
    for (String k : known) {
      children.put(k, resolve.apply(k));
    }
    this.other = resolve.apply(OTHER);
  }

  C get(String value) {
    C c = children.get(value);
    if (c != null) {
      return c;
    }
    if (children.size() >= max) {
      return other;
    }
    return children.computeIfAbsent(value, resolve);
  }
}
