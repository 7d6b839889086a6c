package io.vigie.capture;

/**
 * Counters of one packet source.
 *
 * @param received frames delivered to the handler
 * @param bytes bytes on the wire of those frames
 * @param droppedByKernel frames libpcap reports as dropped for lack of buffer space
 * @param droppedByInterface frames the interface driver dropped, as libpcap reports them
 */
public record CaptureStats(
    long received, long bytes, long droppedByKernel, long droppedByInterface) {
  public static final CaptureStats EMPTY = new CaptureStats(0, 0, 0, 0);
}
