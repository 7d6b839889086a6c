package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Dahua's two framings of TCP 37777 (and UDP 37810 for discovery), on any port, each with a 32-byte
 * header. From the public descriptions of the protocol; no free implementation exists to capture.
 *
 * <ul>
 *   <li><b>DHIP</b>: the first four bytes are {@code 20 00 00 00} and the next four the ASCII
 *       {@code DHIP}, then session id, request id and body length (bytes 16-19, little-endian),
 *       then a JSON body naming a {@code "method"} ({@code global.login}, {@code
 *       magicBox.getSoftwareVersion}, {@code configManager.setConfig}, {@code upgrader.*}...).
 *   <li><b>DVRIP</b>, the older binary form, TCP only: byte 0 is the command and bytes 4-7 the body
 *       length (little-endian). Recognised from the commands the public write-ups describe: {@code
 *       a0} a login or realm request, whose header ends with the client marker {@code a1 aa};
 *       {@code b0} the device's answer to it (a {@code Realm:} text, or the login result with
 *       {@code 06 00 f9 00} at bytes 24-27); {@code f6} a JSON request or answer, whose length is
 *       repeated at bytes 16-19 and whose body opens with <code>{</code>. Other DVRIP commands
 *       (keep-alives, binary configuration) follow in a flow once it is decided, but do not decide
 *       one: a single leading byte is too weak a sign on an arbitrary port.
 * </ul>
 */
final class DahuaRecogniser implements Recogniser {
  static final int HEADER = 32;

  /** Larger DVRIP bodies than this are not a header of ours (firmware goes in many messages). */
  static final long MAX_DVRIP_BODY = 1 << 20;

  static final int LOGIN = 0xa0;
  static final int ANSWER = 0xb0;
  static final int JSON = 0xf6;

  @Override
  public App app() {
    return App.DAHUA;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    Verdict dhip = magic(b, off, len);
    if (dhip != Verdict.NO || flow.ipProto() != 6) {
      return dhip;
    }
    return dvrip(b, off, len);
  }

  static Verdict magic(byte[] b, int off, int len) {
    int n = Math.min(len, 8);
    for (int i = 0; i < n; i++) {
      int want = i == 0 ? 0x20 : i < 4 ? 0 : "DHIP".charAt(i - 4);
      if ((b[off + i] & 0xFF) != want) {
        return Verdict.NO;
      }
    }
    return len >= 8 ? Verdict.MATCH : Verdict.MAYBE;
  }

  /** The first DVRIP message of one direction: only the commands that cannot be mistaken. */
  static Verdict dvrip(byte[] b, int off, int len) {
    if (len == 0) {
      return Verdict.MAYBE;
    }
    int cmd = b[off] & 0xFF;
    if (cmd != LOGIN && cmd != ANSWER && cmd != JSON) {
      return Verdict.NO;
    }
    if (len < HEADER) {
      return Verdict.MAYBE;
    }
    long body = DahuaTracker.le32(b, off + 4);
    if (body > MAX_DVRIP_BODY) {
      return Verdict.NO;
    }
    switch (cmd) {
      case LOGIN:
        return (b[off + 30] & 0xFF) == 0xa1 && (b[off + 31] & 0xFF) == 0xaa
            ? Verdict.MATCH
            : Verdict.NO;
      case ANSWER:
        if (b[off + 24] == 0x06 && b[off + 25] == 0 && (b[off + 26] & 0xFF) == 0xf9) {
          return b[off + 27] == 0 ? Verdict.MATCH : Verdict.NO;
        }
        if (body == 0) {
          return Verdict.NO;
        }
        if (len == HEADER) {
          return Verdict.MAYBE;
        }
        int realm = Bytes.matchAscii(b, off + HEADER, len - HEADER, "Realm:", false);
        return realm > 0 ? Verdict.MATCH : realm == 0 ? Verdict.MAYBE : Verdict.NO;
      default:
        if (body == 0 || DahuaTracker.le32(b, off + 16) != body) {
          return Verdict.NO;
        }
        if (len == HEADER) {
          return Verdict.MAYBE;
        }
        return b[off + HEADER] == '{' ? Verdict.MATCH : Verdict.NO;
    }
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new DahuaTracker(flow.ipProto() == 17);
  }
}
