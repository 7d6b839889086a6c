package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Recognises one protocol by content. Instances are shared by all flows: whatever they remember
 * about a flow lives in {@link FlowState#scratch(App)}.
 *
 * <p>For TCP, {@code probe} sees the whole prefix of one direction from its first byte (up to
 * {@link FlowState#STREAM_PROBE_LIMIT}); for UDP it sees one datagram.
 */
interface Recogniser {
  App app();

  Verdict probe(FlowContext flow, FlowState st, boolean fromOrig, byte[] buf, int off, int len);

  /** At flow end, with weaker evidence (few datagrams): true to decide this app. */
  default boolean decideAtEnd(FlowContext flow, FlowState st) {
    return false;
  }

  /**
   * The flow is decided as {@link #app()}: the tracker that follows it, or null when nothing more
   * is needed. For TCP the engine replays the buffered prefix of each direction into it.
   */
  Tracker track(FlowContext flow, long tsNanos);
}
