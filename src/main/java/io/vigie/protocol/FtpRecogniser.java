package io.vigie.protocol;

import io.vigie.net.App;
import java.util.Locale;

/**
 * FTP control (RFC 959): the server's 220 greeting naming FTP, or a client command (USER, AUTH,
 * FEAT...) after a 220 greeting. SMTP also greets with 220, hence the extra evidence.
 */
final class FtpRecogniser implements Recogniser {
  private static final String[] CLIENT_COMMANDS = {
    "USER ", "AUTH ", "FEAT", "SYST", "OPTS ", "PASV", "EPSV", "PORT ", "EPRT ", "PWD", "CWD ",
    "TYPE ", "LIST", "NLST", "RETR ", "STOR "
  };

  private final Expectations expectations;
  private final FtpTransfers transfers;

  FtpRecogniser(Expectations expectations, FtpTransfers transfers) {
    this.expectations = expectations;
    this.transfers = transfers;
  }

  @Override
  public App app() {
    return App.FTP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    byte[] greet = fromOrig ? st.prefix(false) : b;
    int greetOff = fromOrig ? 0 : off;
    int greetLen = fromOrig ? st.prefixLen(false) : len;
    if (greetLen == 0) {
      // A client that speaks first with USER (the capture missed the greeting).
      return fromOrig
              && Bytes.startsWithIgnoreCase(b, off, len, "USER ")
              && Bytes.indexOf(b, off, off + len, '\n') > 0
          ? Verdict.MATCH
          : Verdict.MAYBE;
    }
    int m = Bytes.matchAscii(greet, greetOff, greetLen, "220", false);
    if (m < 0) {
      return Verdict.NO;
    }
    if (greetLen < 4) {
      return Verdict.MAYBE;
    }
    if (greet[greetOff + 3] != ' ' && greet[greetOff + 3] != '-') {
      return Verdict.NO;
    }
    int nl = Bytes.indexOf(greet, greetOff, greetOff + greetLen, '\n');
    int lineEnd = nl < 0 ? greetOff + greetLen : nl;
    if (Bytes.indexOfIgnoreCase(greet, greetOff, lineEnd, "SMTP") >= 0) {
      return Verdict.NO;
    }
    if (nl > 0 && Bytes.indexOfIgnoreCase(greet, greetOff, lineEnd, "FTP") >= 0) {
      return Verdict.MATCH;
    }
    if (fromOrig) {
      for (String c : CLIENT_COMMANDS) {
        if (Bytes.startsWithIgnoreCase(b, off, len, c)) {
          return Verdict.MATCH;
        }
      }
      return len > 5 ? Verdict.NO : Verdict.MAYBE;
    }
    return Verdict.MAYBE;
  }

  @Override
  public boolean decideAtEnd(FlowContext flow, FlowState st) {
    // A lone greeting "220 ... FTP ..." whose line never ended.
    byte[] g = st.prefix(false);
    int n = st.prefixLen(false);
    return g != null
        && n > 4
        && Bytes.startsWith(g, 0, n, "220")
        && Bytes.indexOfIgnoreCase(g, 0, n, "FTP") > 0
        && Bytes.indexOfIgnoreCase(g, 0, n, "SMTP") < 0;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new FtpControlTracker(expectations, transfers);
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
