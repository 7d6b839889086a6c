package io.vigie.protocol;

import io.vigie.net.App;

/**
 * SIP (RFC 3261) by its start line, over TCP or UDP and on any port: a request {@code METHOD
 * sip:uri SIP/2.0} or a status line {@code SIP/2.0 200 OK}. Whether the session is GB/T 28181
 * video-platform signalling is decided later by its tracker, from the 20-digit ids and MANSCDP
 * bodies it carries.
 */
final class SipRecogniser implements Recogniser {
  private static final int MAX_START_LINE = 1024;
  private static final String VERSION = "SIP/2.0";
  private final Expectations expectations;

  SipRecogniser(Expectations expectations) {
    this.expectations = expectations;
  }

  @Override
  public App app() {
    return App.SIP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    return startLine(b, off, len);
  }

  static Verdict startLine(byte[] b, int off, int len) {
    return startLine(b, off, len, false);
  }

  /**
   * @param complete true when {@code [off, off+len)} is a whole line without its CRLF
   */
  private static Verdict startLine(byte[] b, int off, int len, boolean complete) {
    int end = off + len;
    int v = Bytes.matchAscii(b, off, len, VERSION + " ", false);
    if (v == 0) {
      return Verdict.MAYBE;
    }
    if (v > 0) {
      if (len < VERSION.length() + 4) {
        return Verdict.MAYBE;
      }
      int s = off + VERSION.length() + 1;
      return Bytes.isDigit(b[s]) && Bytes.isDigit(b[s + 1]) && Bytes.isDigit(b[s + 2])
          ? Verdict.MATCH
          : Verdict.NO;
    }
    int i = off;
    while (i < end && i - off < 20 && b[i] >= 'A' && b[i] <= 'Z') {
      i++;
    }
    if (i == end) {
      return i - off < 20 ? Verdict.MAYBE : Verdict.NO;
    }
    if (i - off < 3 || b[i] != ' ') {
      return Verdict.NO;
    }
    int uri = i + 1;
    int scheme = Bytes.matchAscii(b, uri, end - uri, "sip:", true);
    if (scheme < 0) {
      scheme = Bytes.matchAscii(b, uri, end - uri, "sips:", true);
    }
    if (scheme < 0) {
      return Verdict.NO;
    }
    int nl = complete ? end : Bytes.indexOf(b, uri, end, '\n');
    if (nl < 0) {
      return len < MAX_START_LINE ? Verdict.MAYBE : Verdict.NO;
    }
    int lineEnd = nl > off && b[nl - 1] == '\r' ? nl - 1 : nl;
    int at = lineEnd - VERSION.length();
    return at > uri
            && b[at - 1] == ' '
            && Bytes.matchAscii(b, at, VERSION.length(), VERSION, true) == 1
        ? Verdict.MATCH
        : Verdict.NO;
  }

  /** A whole start line, without its CRLF: a SIP request line or status line. */
  static boolean isStartLine(byte[] b, int off, int len) {
    if (Bytes.startsWith(b, off, len, VERSION + " ")) {
      int s = off + VERSION.length() + 1;
      return len >= VERSION.length() + 4
          && Bytes.isDigit(b[s])
          && Bytes.isDigit(b[s + 1])
          && Bytes.isDigit(b[s + 2]);
    }
    return startLine(b, off, len, true) == Verdict.MATCH;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new SipTracker(expectations, flow.ipProto() == 17);
  }
}
