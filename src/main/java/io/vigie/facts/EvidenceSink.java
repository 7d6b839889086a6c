package io.vigie.facts;

/**
 * Where facts go to be kept as evidence. The SQLite store implements it with one writer thread;
 * {@link #append} only queues and never blocks the caller for I/O.
 */
@FunctionalInterface
public interface EvidenceSink {
  void append(EvidenceRecord record);

  EvidenceSink NONE = r -> {};
}
