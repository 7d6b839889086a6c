package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Telnet: a run of option negotiation commands (RFC 854/855), IAC followed by WILL/WONT/DO/DONT and
 * an option code, or IAC SB option ... IAC SE, from either side. Login names and passwords that
 * follow are never looked at.
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
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
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
    return new TelnetLogin();
  }

  /**
   * Watches the login dialogue: the line the client types after the server's {@code login:} prompt
   * is the user name; a line typed after {@code Password:} is a password crossing in clear, of
   * which only that fact is kept. Option negotiation (IAC sequences, RFC 854) is skipped.
   */
  static final class TelnetLogin implements Tracker {
    private static final int MAX_PACKETS = 256;
    private static final int MAX_USER = 64;
    private final StringBuilder typed = new StringBuilder();
    private final StringBuilder screen = new StringBuilder();

    /** What the client's next line answers: 0 nothing, 1 login, 2 password. */
    private int prompt;

    private int skipIac;

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
      SessionAttrs a = flow.attrs();
      for (int i = off; i < off + len; i++) {
        int c = b[i] & 0xFF;
        if (skipIac > 0) {
          skipIac--;
          continue;
        }
        if (c == 0xFF) {
          skipIac = 2; // IAC, command, option (sub-negotiations are rare before login)
          continue;
        }
        if (fromOrig) {
          client(a, c);
        } else {
          server(c);
        }
      }
      return !a.clearPassword && flow.origPkts() + flow.respPkts() < MAX_PACKETS;
    }

    private void server(int c) {
      if (c == '\n' || c == '\r') {
        screen.setLength(0);
        return;
      }
      if (screen.length() < 64) {
        screen.append(Character.toLowerCase((char) c));
      }
      String s = screen.toString().trim();
      if (s.endsWith("login:") || s.endsWith("username:") || s.endsWith("user name:")) {
        prompt = 1;
        typed.setLength(0);
      } else if (s.endsWith("password:")) {
        prompt = 2;
        typed.setLength(0);
      }
    }

    private void client(SessionAttrs a, int c) {
      if (c == '\r' || c == '\n' || c == 0) {
        if (prompt == 1 && typed.length() > 0) {
          a.loginUser = typed.toString();
          a.clearLoginProtocol = "telnet";
        } else if (prompt == 2) {
          a.clearLoginProtocol = "telnet";
          a.clearPassword = true;
        }
        prompt = 0;
        typed.setLength(0);
        return;
      }
      // Only a user name is ever held; password keystrokes are counted as typed, not kept.
      if (prompt == 1 && typed.length() < MAX_USER && c >= 0x20 && c < 0x7F) {
        typed.append((char) c);
      }
    }
  }
}
