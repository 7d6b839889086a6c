package io.vigie.protocol;

import io.vigie.net.App;

/**
 * SMB: a NetBIOS session service message (RFC 1002 4.3; the same 4-byte framing is used by
 * direct-hosted SMB, MS-SMB2 2.1) carrying an SMB1 ({@code FF 'SMB'}), SMB2/3 ({@code FE 'SMB'}) or
 * SMB3 transform ({@code FD 'SMB'}) header; or a NetBIOS session request with two encoded names, as
 * on tcp/139.
 */
final class SmbRecogniser implements Recogniser {
  private static final int SESSION_MESSAGE = 0x00;
  private static final int SESSION_REQUEST = 0x81;
  private static final int ENCODED_NAME = 34;

  @Override
  public App app() {
    return App.SMB;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len == 0) {
      return Verdict.MAYBE;
    }
    int type = b[off] & 0xFF;
    if (type == SESSION_MESSAGE) {
      if (len < 8) {
        return Verdict.MAYBE;
      }
      int marker = b[off + 4] & 0xFF;
      boolean magic =
          (marker == 0xFF || marker == 0xFE || marker == 0xFD)
              && Bytes.startsWith(b, off + 5, 3, "SMB");
      int length = Bytes.u24(b, off + 1);
      return magic && length >= 32 && length < (1 << 24) ? Verdict.MATCH : Verdict.NO;
    }
    if (type == SESSION_REQUEST) {
      if (len < 4 + 2 * ENCODED_NAME) {
        return Verdict.MAYBE;
      }
      return Bytes.u24(b, off + 1) == 2 * ENCODED_NAME
              && encodedName(b, off + 4)
              && encodedName(b, off + 4 + ENCODED_NAME)
          ? Verdict.MATCH
          : Verdict.NO;
    }
    // The responder's positive session response (0x82) waits for the next message.
    return fromOrig || type != 0x82 ? Verdict.NO : Verdict.MAYBE;
  }

  /** RFC 1001 14.1 first-level encoding: length 32, letters 'A'..'P', then the empty scope. */
  private static boolean encodedName(byte[] b, int i) {
    if (b[i] != 32 || b[i + ENCODED_NAME - 1] != 0) {
      return false;
    }
    for (int k = 1; k <= 32; k++) {
      if (b[i + k] < 'A' || b[i + k] > 'P') {
        return false;
      }
    }
    return true;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
