package io.vigie.protocol;

/**
 * Follows a flow once its application is decided, to extract what the session reports (banners,
 * names, file hashes) and to announce expected flows. One instance per flow.
 */
interface Tracker {
  /**
   * @return true while more payload is wanted; false lets the flow table stop calling the engine
   */
  boolean onData(FlowContext flow, boolean fromOrig, byte[] buf, int off, int len, long tsNanos);

  /** Bytes of one direction were lost: whatever was being hashed is no longer the real content. */
  default void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {}

  /** Last call for the flow: write what is still pending into the flow's attributes. */
  default void onEnd(FlowContext flow, long tsNanos) {}

  /** The flow is dropped without onEnd (a parser failure): release what is held (file copies). */
  default void discard() {}
}
