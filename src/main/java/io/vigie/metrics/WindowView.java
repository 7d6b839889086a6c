package io.vigie.metrics;

import java.util.Map;

/**
 * Maintenance windows counted by state ({@code requested, approved, open, closed, revoked}...),
 * read at scrape time. States with no window may be left out: they are exported as 0 once seen.
 */
@FunctionalInterface
public interface WindowView {
  Map<String, Long> countByState();
}
