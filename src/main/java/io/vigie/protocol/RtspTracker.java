package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Follows an RTSP session for its SETUP exchanges: the request's {@code Transport: ...;
 * client_port=a-b} and the reply's {@code server_port=c-d} announce the RTP (a, c) and RTCP (b, d)
 * UDP flows (RFC 2326 12.39). A SETUP without a reply (capture started late or ended early) still
 * announces them, with the server port left open. Stops once media flows interleaved in the
 * connection after PLAY.
 */
final class RtspTracker implements Tracker {
  private static final long EXPECT_NANOS = 300_000_000_000L;

  private final Expectations expectations;
  private final Side orig = new Side(true);
  private final Side resp = new Side(false);
  private FlowContext flow;
  private long now;

  /** Client ports of the SETUP awaiting its reply, -1 when none. */
  private int pendingRtp = -1;

  private int pendingRtcp = -1;
  private boolean pendingFromOrig;
  private boolean playing;
  private boolean stop;

  RtspTracker(Expectations expectations) {
    this.expectations = expectations;
  }

  @Override
  public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
    flow = f;
    now = ts;
    (fromOrig ? orig : resp).parser.feed(b, off, len);
    return !stop && !(orig.parser.dead() && resp.parser.dead());
  }

  @Override
  public void onGap(FlowContext f, boolean fromOrig, long lostBytes) {
    (fromOrig ? orig : resp).parser.kill();
  }

  @Override
  public void onEnd(FlowContext f, long ts) {
    flow = f;
    now = ts;
    flushPending(0, 0);
  }

  /** Announces the pending SETUP's flows; server ports 0 mean "any". */
  private void flushPending(int serverRtp, int serverRtcp) {
    if (pendingRtp < 0) {
      return;
    }
    boolean clientIsOrig = pendingFromOrig;
    expect(clientIsOrig, pendingRtp, serverRtp);
    if (pendingRtcp > 0) {
      expect(clientIsOrig, pendingRtcp, serverRtcp);
    }
    pendingRtp = -1;
    pendingRtcp = -1;
  }

  private void expect(boolean clientIsOrig, int clientPort, int serverPort) {
    FlowContext f = flow;
    long serverHi = clientIsOrig ? f.respHi() : f.origHi();
    long serverLo = clientIsOrig ? f.respLo() : f.origLo();
    long clientHi = clientIsOrig ? f.origHi() : f.respHi();
    long clientLo = clientIsOrig ? f.origLo() : f.respLo();
    expectations.expect(
        new Expectation(
            17,
            f.ipVersion(),
            serverHi,
            serverLo,
            serverPort,
            clientHi,
            clientLo,
            clientPort,
            App.RTP,
            f.communityId(),
            null,
            now + EXPECT_NANOS));
  }

  /** Parses {@code name=a-b} (or {@code name=a}) in a Transport header value. */
  static int[] portPair(byte[] b, int v, int vEnd, String name) {
    int at = Bytes.indexOfIgnoreCase(b, v, vEnd, name + "=");
    if (at < 0) {
      return null;
    }
    int i = at + name.length() + 1;
    int first = 0;
    int digits = 0;
    while (i < vEnd && Bytes.isDigit(b[i]) && digits < 6) {
      first = first * 10 + (b[i++] - '0');
      digits++;
    }
    if (digits == 0 || first > 65535) {
      return null;
    }
    int second = -1;
    if (i < vEnd && b[i] == '-') {
      i++;
      int s = 0;
      digits = 0;
      while (i < vEnd && Bytes.isDigit(b[i]) && digits < 6) {
        s = s * 10 + (b[i++] - '0');
        digits++;
      }
      second = digits > 0 && s <= 65535 ? s : -1;
    }
    return new int[] {first, second};
  }

  private final class Side implements TextMessageParser.Listener {
    final TextMessageParser parser = new TextMessageParser(this, true);
    private final boolean fromOrig;
    private boolean request;
    private boolean setup;
    private boolean play;
    private int[] ports;

    Side(boolean fromOrig) {
      this.fromOrig = fromOrig;
    }

    @Override
    public boolean startLine(byte[] b, int off, int len, boolean isRequest) {
      request = isRequest;
      setup = isRequest && Bytes.startsWith(b, off, len, "SETUP ");
      play = isRequest && Bytes.startsWith(b, off, len, "PLAY ");
      ports = null;
      if (isRequest) {
        return Bytes.indexOfIgnoreCase(b, off, off + len, " RTSP/") > 0;
      }
      return Bytes.startsWith(b, off, len, "RTSP/");
    }

    @Override
    public void header(byte[] b, int nameOff, int nameEnd, int v, int vEnd) {
      if (nameEnd - nameOff == 9 && Bytes.matchAscii(b, nameOff, 9, "Transport", true) == 1) {
        ports = portPair(b, v, vEnd, request ? "client_port" : "server_port");
      }
    }

    @Override
    public void headersEnd(boolean hasBody) {
      if (request && setup) {
        flushPending(0, 0); // an earlier SETUP that never got its reply
        if (ports != null) {
          pendingRtp = ports[0];
          pendingRtcp = ports[1];
          pendingFromOrig = fromOrig;
        }
      } else if (request && play) {
        playing = true;
      } else if (!request && pendingRtp >= 0) {
        flushPending(ports == null ? 0 : ports[0], ports == null || ports[1] < 0 ? 0 : ports[1]);
      }
    }

    @Override
    public void body(byte[] b, int off, int len) {}

    @Override
    public void messageEnd() {}

    @Override
    public void interleaved() {
      if (playing) {
        stop = true; // media inside the connection: nothing more to learn, leave the fast path
      }
    }
  }
}
