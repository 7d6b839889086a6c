package io.vigie.protocol;

import io.vigie.net.App;

/**
 * HTTP/1.x: a request line with a known method and an {@code HTTP/} version, or a status line, from
 * either side (a capture that misses the SYN may get the direction wrong).
 */
final class HttpRecogniser implements Recogniser {
  private final FileSink sink;

  HttpRecogniser(FileSink sink) {
    this.sink = sink;
  }

  @Override
  public App app() {
    return App.HTTP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    StartLine k = StartLine.of(b, off, len, FlowState.STREAM_PROBE_LIMIT);
    if (k == StartLine.HTTP_REQUEST || k == StartLine.HTTP_RESPONSE) {
      return Verdict.MATCH;
    }
    // A server that answers an HTTP request with something else (an SSH banner) must not rule
    // HTTP out: the request side decides.
    return k == StartLine.PARTIAL || !fromOrig ? Verdict.MAYBE : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new HttpTracker(sink);
  }
}
