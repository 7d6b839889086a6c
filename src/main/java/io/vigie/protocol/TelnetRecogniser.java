package io.vigie.protocol;

/**
 * Telnet: a run of option negotiation commands (RFC 854/855), IAC followed by WILL/WONT/DO/DONT
 * and an option code, or IAC SB option ... IAC SE, from either side. Login names and passwords
 * that follow are never looked at.
 */
final class TelnetRecogniser implements Recogniser {
  private static final int IAC = 0xFF;
  private static final int SE = 0xF0;
  private static final int SB = 0xFA;

  @Override
  public App app() {
    return App.TELNET;
  }

  @Override
  public Verdict probe(FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len == 0 || (b[off] & 0xFF) != IAC) {
      // A client may type before any negotiation; only a direction that starts with IAC counts.
      return Verdict.MAYBE;
    }
    int end = off + len;
    int i = off;
    int commands = 0;
    while (i < end && (b[i] & 0xFF) == IAC) {
      if (i + 1 >= end) {
        return Verdict.MAYBE;
      }
      int cmd = b[i + 1] & 0xFF;
      if (cmd >= 0xFB) { // WILL, WONT, DO, DONT
        if (i + 2 >= end) {
          return Verdict.MAYBE;
        }
        if (!knownOption(b[i + 2] & 0xFF)) {
          return Verdict.NO;
        }
        i += 3;
      } else if (cmd == SB) {
        if (i + 2 >= end) {
          return Verdict.MAYBE;
        }
        if (!knownOption(b[i + 2] & 0xFF)) {
          return Verdict.NO;
        }
        int se = findSe(b, i + 3, end);
        if (se < 0) {
          return st.full(fromOrig) ? Verdict.NO : Verdict.MAYBE;
        }
        i = se + 2;
      } else if (cmd >= 0xF1 && cmd <= 0xF9) { // NOP .. GA
        i += 2;
      } else {
        return Verdict.NO;
      }
      commands++;
    }
    return commands > 0 ? Verdict.MATCH : Verdict.NO;
  }

  private static int findSe(byte[] b, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if ((b[i] & 0xFF) == IAC && (b[i + 1] & 0xFF) == SE) {
        return i;
      }
    }
    return -1;
  }

  /** Option codes registered by IANA (0-49, 138-140) and EXOPL (255). */
  private static boolean knownOption(int opt) {
    return opt <= 49 || (opt >= 138 && opt <= 140) || opt == 255;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
