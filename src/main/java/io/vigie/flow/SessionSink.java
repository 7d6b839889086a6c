package io.vigie.flow;

/** Receives each finished session, on the pipeline thread. */
@FunctionalInterface
public interface SessionSink {
  void onSession(Session session);
}
