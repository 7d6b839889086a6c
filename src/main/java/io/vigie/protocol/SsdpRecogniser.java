package io.vigie.protocol;

import io.vigie.net.App;

/**
 * SSDP, UPnP's discovery (UDP 1900 by default, on any port): {@code M-SEARCH * HTTP/1.1} and {@code
 * NOTIFY * HTTP/1.1} requests, and the unicast answers to a search, an {@code HTTP/1.1 200 OK}
 * carrying {@code ST:} and {@code USN:} headers (UPnP Device Architecture 2.0, section 1).
 */
final class SsdpRecogniser implements Recogniser {
  /** Probed on every undecided datagram: one array for all of them. */
  private static final String[] STARTS = {"M-SEARCH * HTTP/1.", "NOTIFY * HTTP/1."};

  @Override
  public App app() {
    return App.SSDP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    for (String start : STARTS) {
      int r = Bytes.matchAscii(b, off, len, start, true);
      if (r > 0) {
        return Verdict.MATCH;
      }
    }
    int end = off + len;
    if (Bytes.matchAscii(b, off, len, "HTTP/1.1 200", true) > 0
        && Bytes.indexOfIgnoreCase(b, off, end, "\nST:") >= 0
        && Bytes.indexOfIgnoreCase(b, off, end, "\nUSN:") >= 0) {
      return Verdict.MATCH;
    }
    return Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
