package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Dahua's P2P cloud signalling (Easy4IP; UDP 8800 by default, on any port): HTTP-like requests with
 * the methods {@code DHGET}/{@code DHPOST} (and {@code NFGET}/{@code NFPOST} of the DMSS app) on
 * paths such as {@code /probe/p2psrv} and {@code /online/p2psrv/<serial>}, answered by {@code
 * HTTP/1.1} status lines. From the public descriptions of the protocol; no free implementation
 * exists to capture.
 */
final class DahuaP2pRecogniser implements Recogniser {
  private static final String[] METHODS = {"DHGET ", "DHPOST ", "NFGET ", "NFPOST "};
  static final int MAX_PATHS = 20;

  @Override
  public App app() {
    return App.DAHUA_P2P;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    Verdict best = Verdict.NO;
    for (String m : METHODS) {
      int r = Bytes.matchAscii(b, off, len, m, false);
      if (r > 0) {
        return len > m.length() && b[off + m.length()] == '/'
            ? Verdict.MATCH
            : len == m.length() ? Verdict.MAYBE : Verdict.NO;
      }
      if (r == 0) {
        best = Verdict.MAYBE;
      }
    }
    return best;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new Tracker() {
      @Override
      public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
        SessionAttrs a = f.attrs();
        int end = off + len;
        int sp = Bytes.indexOf(b, off, Math.min(end, off + 8), ' ');
        if (fromOrig && sp > off && b[off] != 'H') {
          int sp2 = Bytes.indexOf(b, sp + 1, Math.min(end, sp + 256), ' ');
          int nl = Bytes.indexOf(b, sp + 1, Math.min(end, sp + 256), '\n');
          int stop = sp2 > 0 ? sp2 : nl > 0 ? nl : -1;
          if (stop > sp + 1) {
            String req =
                Bytes.ascii(b, off, sp - off) + " " + Bytes.ascii(b, sp + 1, stop - sp - 1);
            if (a.dahuaMethods.size() < MAX_PATHS && !a.dahuaMethods.contains(req)) {
              a.dahuaMethods.add(req);
            }
          }
        }
        return a.dahuaMethods.size() < MAX_PATHS && f.origPkts() + f.respPkts() < 256;
      }
    };
  }
}
