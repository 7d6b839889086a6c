package io.vigie.gate;

import io.vigie.net.App;

/**
 * Recognises an application from the first bytes of one direction, so that a gate for SSH does not
 * relay RDP. Each application has a signature for each side; both sides are checked.
 *
 * <pre>{@code
 * AppSniffer.Result r = AppSniffer.check(App.SSH, true, bytes, len);   // MATCH, MORE or NO
 * }</pre>
 *
 * <ul>
 *   <li>SSH: {@code SSH-<digits>.<digits>-} from either side (RFC 4253 4.2; the rare lines a server
 *       may send before it are refused here: the gate asks for a plain banner)
 *   <li>RDP: a TPKT header {@code 03 00} and an X.224 Connection Request (client, code E0) or
 *       Confirm (server, D0), RFC 1006 / [MS-RDPBCGR] 2.2.1.1
 *   <li>VNC: {@code RFB xxx.yyy\n} from both sides (RFC 6143 7.1.1)
 *   <li>HTTP: a request line with a known method other than CONNECT; a server answer {@code
 *       HTTP/1.}
 *   <li>TLS: a handshake record, ClientHello from the client and ServerHello from the server
 * </ul>
 */
public final class AppSniffer {
  /** Bytes needed at most to decide. */
  public static final int MAX_PREFIX = 16;

  public enum Result {
    MATCH,
    MORE,
    NO
  }

  private static final String[] METHODS = {
    "GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH "
  };

  private AppSniffer() {}

  public static Result check(App app, boolean fromClient, byte[] b, int len) {
    return switch (app) {
      case SSH -> ssh(b, len);
      case RDP -> rdp(b, len, fromClient ? 0xE0 : 0xD0);
      case VNC -> vnc(b, len);
      case HTTP -> fromClient ? http(b, len) : prefix(b, len, "HTTP/1.");
      case TLS -> tls(b, len, fromClient ? 1 : 2);
      default -> Result.NO;
    };
  }

  private static Result ssh(byte[] b, int len) {
    Result r = prefix(b, len, "SSH-");
    if (r != Result.MATCH) {
      return r;
    }
    int i = 4;
    int digits = 0;
    while (i < len && Character.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == len) {
      return i >= MAX_PREFIX ? Result.NO : Result.MORE;
    }
    if (digits == 0 || b[i] != '.') {
      return Result.NO;
    }
    i++;
    digits = 0;
    while (i < len && Character.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == len) {
      return i >= MAX_PREFIX ? Result.NO : Result.MORE;
    }
    return digits > 0 && b[i] == '-' ? Result.MATCH : Result.NO;
  }

  private static Result rdp(byte[] b, int len, int code) {
    if (len >= 1 && b[0] != 3 || len >= 2 && b[1] != 0) {
      return Result.NO;
    }
    if (len < 6) {
      return Result.MORE;
    }
    int tpktLen = (b[2] & 0xff) << 8 | (b[3] & 0xff);
    return tpktLen >= 11 && (b[5] & 0xf0) == code ? Result.MATCH : Result.NO;
  }

  private static Result vnc(byte[] b, int len) {
    String pattern = "RFB ddd.ddd\n";
    for (int i = 0; i < Math.min(len, pattern.length()); i++) {
      char p = pattern.charAt(i);
      boolean ok = p == 'd' ? Character.isDigit(b[i]) : b[i] == p;
      if (!ok) {
        return Result.NO;
      }
    }
    return len >= pattern.length() ? Result.MATCH : Result.MORE;
  }

  private static Result http(byte[] b, int len) {
    boolean more = false;
    for (String m : METHODS) {
      Result r = prefix(b, len, m);
      if (r == Result.MATCH) {
        return r;
      }
      more |= r == Result.MORE;
    }
    return more ? Result.MORE : Result.NO;
  }

  private static Result tls(byte[] b, int len, int handshakeType) {
    // Record: type 22 (handshake), version 3.x, 2-byte length; then the handshake type.
    if (len >= 1 && b[0] != 22 || len >= 2 && b[1] != 3 || len >= 3 && (b[2] & 0xff) > 4) {
      return Result.NO;
    }
    if (len < 6) {
      return Result.MORE;
    }
    return b[5] == handshakeType ? Result.MATCH : Result.NO;
  }

  private static Result prefix(byte[] b, int len, String p) {
    int n = Math.min(len, p.length());
    for (int i = 0; i < n; i++) {
      if (b[i] != p.charAt(i)) {
        return Result.NO;
      }
    }
    return len >= p.length() ? Result.MATCH : Result.MORE;
  }
}
