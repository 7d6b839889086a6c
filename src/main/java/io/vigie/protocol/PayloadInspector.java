package io.vigie.protocol;

/**
 * Recognises the application of a flow from its payload and extracts what the session record
 * reports. The flow table calls it from the pipeline thread only.
 *
 * <p>For TCP the bytes are the in-order stream of one direction (retransmissions removed,
 * out-of-order segments put back in order); for UDP each call is one datagram.
 */
public interface PayloadInspector {
  /** A new flow; an expected flow already has its app and parent set. */
  void onFlowStart(FlowContext flow, long tsNanos);

  /**
   * @return true while the inspector wants more payload of this flow; once false the flow table
   *     stops reassembling and calling it (the fast path for video streams)
   */
  boolean onPayload(FlowContext flow, boolean fromOrig, byte[] buf, int off, int len, long tsNanos);

  /** Bytes of one direction that will never arrive (capture loss, buffer limit). */
  void onGap(FlowContext flow, boolean fromOrig, long lostBytes);

  /** The flow ends; last chance to decide (e.g. RTP seen on too few packets, hash a body). */
  void onFlowEnd(FlowContext flow, long tsNanos);
}
