package io.vigie.metrics;

/** The evidence store's state, read at scrape time; must not run a query on the writer thread. */
@FunctionalInterface
public interface EvidenceView {
  EvidenceState state();
}
