package io.vigie.protocol;

import io.vigie.net.App;

/**
 * RDP: a TPKT header (RFC 1006: version 3, reserved 0, length) carrying an X.224 Connection Request
 * (0xE0) or Confirm (0xD0), MS-RDPBCGR 2.2.1.1; or, for a capture that starts later, an X.224 Data
 * TPDU with an MCS Connect-Initial (T.125, BER tag 0x7F65). The routing token {@code Cookie:
 * mstshash=NAME} gives the user hint. Once decided the flow stays rdp, also when it switches to TLS
 * (CredSSP) or RDP standard security.
 */
final class RdpRecogniser implements Recogniser {
  private static final int TPKT_HEADER = 4;
  private static final int X224_CR = 0xE0;
  private static final int X224_CC = 0xD0;
  private static final int X224_DT = 0xF0;
  private static final String COOKIE = "Cookie: mstshash=";

  @Override
  public App app() {
    return App.RDP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len == 0) {
      return Verdict.MAYBE;
    }
    if (b[off] != 3 || (len > 1 && b[off + 1] != 0)) {
      return Verdict.NO;
    }
    if (len < 7) {
      return Verdict.MAYBE;
    }
    int tpktLen = Bytes.u16(b, off + 2);
    int li = b[off + 4] & 0xFF;
    int code = b[off + 5] & 0xF0;
    if (tpktLen < 11 && code != X224_DT || tpktLen < 7) {
      return Verdict.NO;
    }
    if (code == X224_CR || code == X224_CC) {
      return li == tpktLen - 5 ? Verdict.MATCH : Verdict.NO;
    }
    if (code == X224_DT && li == 2) {
      if (len < 9) {
        return Verdict.MAYBE;
      }
      return (b[off + 7] & 0xFF) == 0x7F && (b[off + 8] & 0xFF) == 0x65
          ? Verdict.MATCH
          : Verdict.NO;
    }
    return Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new RdpTracker();
  }

  /** Reads the Connection Request TPDU of the originator for its cookie, then stops. */
  static final class RdpTracker implements Tracker {
    private final byte[] request = new byte[512];
    private int len;

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int n, long ts) {
      if (!fromOrig) {
        return true;
      }
      int take = Math.min(n, request.length - len);
      System.arraycopy(b, off, request, len, take);
      len += take;
      if (len < TPKT_HEADER) {
        return true;
      }
      int tpktLen = Math.min(Bytes.u16(request, 2), request.length);
      if (len < tpktLen) {
        return true;
      }
      if (len > 5 && (request[5] & 0xF0) == X224_CR) {
        int at = Bytes.indexOfIgnoreCase(request, 11, tpktLen, COOKIE);
        if (at >= 0) {
          int start = at + COOKIE.length();
          int end = start;
          while (end < tpktLen && request[end] != '\r' && request[end] != '\n') {
            end++;
          }
          flow.attrs().rdpCookie = Bytes.ascii(request, start, end - start);
        }
      }
      return false;
    }
  }
}
