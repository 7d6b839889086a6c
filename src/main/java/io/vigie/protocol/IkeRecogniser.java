package io.vigie.protocol;

import io.vigie.net.App;

/**
 * IKE: the ISAKMP/IKE header (RFC 2408 3.1 for IKEv1, RFC 7296 3.1 for IKEv2): non-zero initiator
 * SPI, version 1.0 or 2.0, a known exchange type and first payload, and a length equal to the
 * datagram's. On NAT-T (RFC 3948) the header follows a 4-byte zero non-ESP marker.
 */
final class IkeRecogniser implements Recogniser {
  private static final int HEADER = 28;

  @Override
  public App app() {
    return App.IKE;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len == 1 && (b[off] & 0xFF) == 0xFF) {
      return Verdict.MAYBE; // NAT-T keepalive (RFC 3948 2.3)
    }
    if (header(b, off, len)) {
      return Verdict.MATCH;
    }
    if (len >= 4 + HEADER && Bytes.u32(b, off) == 0 && header(b, off + 4, len - 4)) {
      return Verdict.MATCH;
    }
    // ESP-in-UDP on 4500 before any IKE message seen: not evidence either way.
    return Verdict.MAYBE;
  }

  static boolean header(byte[] b, int off, int len) {
    if (len < HEADER || Bytes.u64(b, off) == 0) {
      return false;
    }
    int next = b[off + 16] & 0xFF;
    int version = b[off + 17] & 0xFF;
    int exchange = b[off + 18] & 0xFF;
    if (Bytes.u32(b, off + 24) != len) {
      return false;
    }
    if (version == 0x10) {
      // IKEv1 payload types 1-13 (+20/21 NAT-D/NAT-OA), exchanges 1-5, 32 (quick), 33 (new group)
      boolean payload = (next >= 1 && next <= 13) || next == 20 || next == 21 || next >= 128;
      boolean ex = (exchange >= 1 && exchange <= 5) || exchange == 32 || exchange == 33;
      return payload && ex;
    }
    if ((version & 0xF0) == 0x20) {
      // IKEv2 payload types 33-54, exchanges 34-37 (and 43, IKE_INTERMEDIATE)
      boolean payload = next == 0 || (next >= 33 && next <= 54) || next >= 128;
      boolean ex = (exchange >= 34 && exchange <= 37) || exchange == 43;
      return payload && ex;
    }
    return false;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
