package io.vigie.flow;

/**
 * Keeps the packets of flows that matter (pcap slices for evidence). The flow table retains a
 * bounded buffer of each flow's first packets, so that a recording begun when a flow is flagged
 * still starts at its SYN.
 */
@FunctionalInterface
public interface PacketRecorder {
  /**
   * Starts recording a flow.
   *
   * @return where the flow's packets go, or null when recording is off or refused (cap reached)
   */
  Recording begin(String communityId, long startNanos, int linkType);

  PacketRecorder NONE = (id, ts, lt) -> null;

  /** The packets of one flow. Called on the pipeline thread; must not block for long. */
  interface Recording {
    /** One frame; RTP payload has already been cut to its header by the caller. */
    void packet(long tsNanos, byte[] buf, int off, int capLen, int wireLen);

    /** The flow ended; the recording is complete. */
    void finish(Session session);
  }
}
