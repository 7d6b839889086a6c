package io.vigie.protocol;

import io.vigie.net.App;

/**
 * NTP (RFC 5905 7.3): at least 48 bytes, version 1-4, a plausible mode, stratum, poll and
 * precision. A client request is confirmed by a server reply (or a symmetric peer) in the other
 * direction, so one request and its reply decide a flow: chrony, like most clients, asks each time
 * from a fresh source port. Client requests are checked loosely (SNTP clients, RFC 4330 5, may
 * leave every field but the transmit time at zero, and chrony sends a precision of 32); replies
 * strictly. Control messages (mode 6, RFC 9327, as ntpq sends them) and ntpd's private mode 7
 * (ntpdc) are recognised as request and reply pairs. A flow that ends with requests only is decided
 * on them.
 */
final class NtpRecogniser implements Recogniser {
  private static final int LEN = 48;

  @Override
  public App app() {
    return App.NTP;
  }

  private static final class Seen {
    int origModes;
    int respModes;
    boolean allPlausible = true;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    int mode = plausible(b, off, len);
    Seen seen = (Seen) st.scratch(App.NTP);
    if (mode < 0) {
      if (seen != null) {
        seen.allPlausible = false;
      }
      return Verdict.NO;
    }
    if (seen == null) {
      seen = new Seen();
      st.scratch(App.NTP, seen);
    }
    if (fromOrig) {
      seen.origModes |= 1 << mode;
    } else {
      seen.respModes |= 1 << mode;
    }
    boolean clientServer = (seen.origModes & (1 << 3)) != 0 && (seen.respModes & (1 << 4)) != 0;
    boolean peers = (seen.origModes & 6) != 0 && (seen.respModes & 6) != 0;
    boolean control = (seen.origModes & seen.respModes & ((1 << 6) | (1 << 7))) != 0;
    return clientServer || peers || control ? Verdict.MATCH : Verdict.MAYBE;
  }

  /** The mode of a plausible NTP packet, or -1. */
  static int plausible(byte[] b, int off, int len) {
    if (len >= 8 && (b[off] & 7) >= 6) {
      return control(b, off, len);
    }
    if (len < LEN) {
      return -1;
    }
    int first = b[off] & 0xFF;
    int version = (first >> 3) & 7;
    int mode = first & 7;
    int stratum = b[off + 1] & 0xFF;
    int poll = b[off + 2];
    int precision = b[off + 3];
    if (version < 1 || version > 4 || mode < 1 || mode > 5) {
      return -1;
    }
    if (mode == 3) {
      return stratum <= 16 && (len - LEN) % 4 == 0 ? mode : -1;
    }
    if (stratum > 16 || poll < 0 || poll > 17 || precision > 0 || precision < -32) {
      return -1;
    }
    if (mode == 4 && stratum == 0 && (first >> 6) != 3) {
      return -1; // a server reply names its stratum unless it is a kiss-o'-death (LI 3)
    }
    // Extension fields / MAC: RFC 5905 keeps the rest a multiple of 4 bytes.
    return (len - LEN) % 4 == 0 ? mode : -1;
  }

  /**
   * Mode 6 (RFC 9327 2: 12-byte header, opcode 1-31, a data count that fits) or mode 7 (ntpd's
   * private requests: implementation 0, 2 or 3); -1 otherwise.
   */
  private static int control(byte[] b, int off, int len) {
    int first = b[off] & 0xFF;
    int mode = first & 7;
    int version = (first >> 3) & 7;
    if (version < 1 || version > 4) {
      return -1;
    }
    if (mode == 6) {
      int opcode = b[off + 1] & 0x1F;
      if (len < 12 || opcode == 0 || (first >> 6) != 0) {
        return -1;
      }
      int count = Bytes.u16(b, off + 10);
      return count <= 468 && 12 + count <= len ? 6 : -1;
    }
    int implementation = b[off + 2] & 0xFF;
    return implementation == 0 || implementation == 2 || implementation == 3 ? 7 : -1;
  }

  @Override
  public boolean decideAtEnd(FlowContext flow, FlowState st) {
    Seen seen = (Seen) st.scratch(App.NTP);
    return seen != null
        && seen.allPlausible
        && ((seen.origModes & (1 << 3)) != 0 || (seen.origModes & (1 << 5)) != 0)
        && seen.respModes == 0;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
