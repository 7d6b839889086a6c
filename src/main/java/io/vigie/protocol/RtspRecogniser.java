package io.vigie.protocol;

import io.vigie.net.App;

/**
 * RTSP (RFC 2326): a request {@code SETUP rtsp://... RTSP/1.0} or a response {@code RTSP/1.0 200},
 * from either side, so that a capture starting mid-stream is recognised from any message.
 */
final class RtspRecogniser implements Recogniser {
  private final Expectations expectations;

  RtspRecogniser(Expectations expectations) {
    this.expectations = expectations;
  }

  @Override
  public App app() {
    return App.RTSP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    StartLine k = StartLine.of(b, off, len, FlowState.STREAM_PROBE_LIMIT);
    if (k == StartLine.RTSP_REQUEST || k == StartLine.RTSP_RESPONSE) {
      return Verdict.MATCH;
    }
    return k == StartLine.PARTIAL ? Verdict.MAYBE : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new RtspTracker(expectations);
  }
}
