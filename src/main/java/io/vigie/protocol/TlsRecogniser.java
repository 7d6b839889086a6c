package io.vigie.protocol;

import io.vigie.net.App;

/**
 * TLS: a handshake record (RFC 8446 5.1: type 22, legacy version 3.x, length) starting a
 * ClientHello or ServerHello, or an SSLv2-compatible ClientHello (RFC 6101 appendix E.2).
 */
final class TlsRecogniser implements Recogniser {
  static final int HANDSHAKE = 22;
  static final int MAX_RECORD = 16384 + 2048;

  @Override
  public App app() {
    return App.TLS;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len == 0) {
      return Verdict.MAYBE;
    }
    if ((b[off] & 0xFF) != HANDSHAKE) {
      return sslv2(b, off, len);
    }
    if (len < 3) {
      return len > 1 && b[off + 1] != 3 ? Verdict.NO : Verdict.MAYBE;
    }
    if (b[off + 1] != 3 || (b[off + 2] & 0xFF) > 4) {
      return Verdict.NO;
    }
    if (len < 11) {
      return Verdict.MAYBE;
    }
    int recLen = Bytes.u16(b, off + 3);
    int hsType = b[off + 5] & 0xFF;
    int hsLen = Bytes.u24(b, off + 6);
    boolean hello = hsType == 1 || hsType == 2;
    boolean sane =
        recLen >= 4
            && recLen <= MAX_RECORD
            && hsLen < (1 << 16)
            && b[off + 9] == 3
            && (b[off + 10] & 0xFF) <= 4;
    return hello && sane ? Verdict.MATCH : Verdict.NO;
  }

  private static Verdict sslv2(byte[] b, int off, int len) {
    if ((b[off] & 0x80) == 0) {
      return Verdict.NO;
    }
    if (len < 11) {
      return Verdict.MAYBE;
    }
    int msgLen = ((b[off] & 0x7F) << 8) | (b[off + 1] & 0xFF);
    int major = b[off + 3] & 0xFF;
    int minor = b[off + 4] & 0xFF;
    int cipherSpecs = Bytes.u16(b, off + 5);
    int sessionId = Bytes.u16(b, off + 7);
    int challenge = Bytes.u16(b, off + 9);
    boolean version = (major == 0 && minor == 2) || (major == 3 && minor <= 4);
    boolean ok =
        b[off + 2] == 1
            && version
            && cipherSpecs > 0
            && cipherSpecs % 3 == 0
            && (sessionId == 0 || sessionId == 16 || sessionId == 32)
            && challenge >= 16
            && challenge <= 32
            && 9 + cipherSpecs + sessionId + challenge == msgLen;
    return ok ? Verdict.MATCH : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new TlsTracker();
  }
}
