package io.vigie.protocol;

/**
 * SSH: the identification string {@code SSH-protoversion-softwareversion} (RFC 4253 section 4.2),
 * which either side may send first; {@code SSH-1.99} is a server speaking both versions.
 */
final class SshRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.SSH;
  }

  @Override
  public Verdict probe(FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    return banner(b, off, len);
  }

  /** MATCH on {@code SSH-<digits>.<digits>-}, MAYBE on a prefix of it, else NO. */
  static Verdict banner(byte[] b, int off, int len) {
    int m = Bytes.matchAscii(b, off, len, "SSH-", false);
    if (m < 0) {
      return Verdict.NO;
    }
    if (m == 0) {
      return Verdict.MAYBE;
    }
    int i = off + 4;
    int end = off + len;
    int digits = 0;
    while (i < end && Bytes.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == end) {
      return Verdict.MAYBE;
    }
    if (digits == 0 || b[i] != '.') {
      return Verdict.NO;
    }
    i++;
    digits = 0;
    while (i < end && Bytes.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == end) {
      return Verdict.MAYBE;
    }
    return digits > 0 && b[i] == '-' ? Verdict.MATCH : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new SshTracker();
  }

  /** Collects both identification lines, then lets the encrypted stream go. */
  static final class SshTracker implements Tracker {
    private static final int MAX_LINES = 16;
    private final BannerLine client = new BannerLine(255);
    private final BannerLine server = new BannerLine(255);
    private int serverLines;

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
      SessionAttrs a = flow.attrs();
      if (fromOrig && !client.complete() && client.feed(b, off, len) && client.startsWith("SSH-")) {
        a.sshClient = client.text();
      }
      if (!fromOrig && a.sshServer == null) {
        int i = off;
        int end = off + len;
        // RFC 4253 4.2: the server may send other lines before its identification.
        while (i < end && a.sshServer == null && serverLines < MAX_LINES) {
          int nl = Bytes.indexOf(b, i, end, '\n');
          int stop = nl < 0 ? end : nl + 1;
          if (server.feed(b, i, stop - i)) {
            if (server.startsWith("SSH-")) {
              a.sshServer = server.text();
            } else {
              server.reset();
              serverLines++;
            }
          }
          i = stop;
        }
      }
      return (!client.complete() || a.sshServer == null) && serverLines < MAX_LINES;
    }
  }
}
