package io.vigie.output;

/**
 * Where exported records go: a log file set, the Kafka spool. Called from capture threads, the
 * evidence writer and the camera loop; implementations are thread-safe and never block on I/O that
 * another host controls.
 */
@FunctionalInterface
public interface ExportSink {
  void export(Exported record);

  ExportSink NONE = r -> {};
}
