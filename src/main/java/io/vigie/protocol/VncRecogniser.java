package io.vigie.protocol;

import io.vigie.net.App;

/**
 * VNC: the RFB ProtocolVersion message {@code "RFB 003.008\n"} (RFC 6143 section 7.1.1), sent by
 * the server and echoed with the chosen version by the client.
 */
final class VncRecogniser implements Recogniser {
  private static final int VERSION_LEN = 12;

  @Override
  public App app() {
    return App.VNC;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    return version(b, off, len);
  }

  static Verdict version(byte[] b, int off, int len) {
    int m = Bytes.matchAscii(b, off, len, "RFB ", false);
    if (m < 0) {
      return Verdict.NO;
    }
    for (int i = 4; i < Math.min(len, VERSION_LEN); i++) {
      int c = b[off + i];
      boolean ok = i == 7 ? c == '.' : i == 11 ? c == '\n' : Bytes.isDigit(c);
      if (!ok) {
        return Verdict.NO;
      }
    }
    return len >= VERSION_LEN ? Verdict.MATCH : Verdict.MAYBE;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new VncTracker();
  }

  /** Reports the version the client chose, or the server's offer when the client never answered. */
  static final class VncTracker implements Tracker {
    private final byte[] client = new byte[VERSION_LEN];
    private final byte[] server = new byte[VERSION_LEN];
    private int clientLen;
    private int serverLen;

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
      byte[] dst = fromOrig ? client : server;
      int have = fromOrig ? clientLen : serverLen;
      int take = Math.min(len, VERSION_LEN - have);
      System.arraycopy(b, off, dst, have, take);
      have += take;
      if (fromOrig) {
        clientLen = have;
      } else {
        serverLen = have;
      }
      if (have == VERSION_LEN
          && version(dst, 0, VERSION_LEN) == Verdict.MATCH
          && (fromOrig || flow.attrs().vncVersion == null)) {
        flow.attrs().vncVersion = Bytes.ascii(dst, 4, 7);
      }
      return clientLen < VERSION_LEN || serverLen < VERSION_LEN;
    }
  }
}
