package io.vigie.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JA4 and JA4S TLS fingerprints (FoxIO, "JA4+ Network Fingerprinting", technical details of JA4 and
 * JA4S), computed from the ClientHello and ServerHello handshake messages alone:
 *
 * <pre>
 * JA4  = t 13 d 15 16 h2 _ sha256(sorted ciphers)[:12] _ sha256(sorted extensions "_" sigalgs)[:12]
 *        │  │  │  │  │  └ first and last character of the first ALPN value ("00" without ALPN)
 *        │  │  │  │  └ extensions, GREASE excluded (SNI and ALPN counted)
 *        │  │  │  └ cipher suites, GREASE excluded
 *        │  │  └ d: SNI present, i: absent
 *        │  └ highest version offered (supported_versions, else the hello's)
 *        └ t: TCP, q: QUIC, d: DTLS
 * JA4S = t 13 02 h2 _ chosen cipher _ sha256(extensions in order)[:12]
 * </pre>
 *
 * GREASE values (RFC 8701) are ignored everywhere. The extension list of JA4's third part leaves
 * out SNI (0x0000) and ALPN (0x0010), which the first part already says.
 */
final class Ja4 {
  private static final int EXT_SNI = 0x0000;
  private static final int EXT_SIGALGS = 0x000d;
  private static final int EXT_ALPN = 0x0010;
  private static final int EXT_SUPPORTED_VERSIONS = 0x002b;
  private static final String EMPTY_HASH = "000000000000";

  private Ja4() {}

  /**
   * @param h a ClientHello handshake message (type 1, 24-bit length, body)
   * @param transport 't' (TCP), 'q' (QUIC) or 'd' (DTLS)
   * @return the JA4 fingerprint, or null when the message is not a well-formed ClientHello
   */
  static String client(byte[] h, int off, int len, char transport) {
    int end = off + len;
    if (len < 4 + 2 + 32 + 1 || h[off] != 1) {
      return null;
    }
    int version = Bytes.u16(h, off + 4);
    int i = off + 4 + 2 + 32;
    i += 1 + (h[i] & 0xFF); // session id
    if (transport == 'd') {
      if (i >= end) {
        return null;
      }
      i += 1 + (h[i] & 0xFF); // DTLS cookie
    }
    if (i + 2 > end) {
      return null;
    }
    int cipherEnd = i + 2 + Bytes.u16(h, i);
    if (cipherEnd > end) {
      return null;
    }
    List<String> ciphers = new ArrayList<>();
    for (int c = i + 2; c + 2 <= cipherEnd; c += 2) {
      int v = Bytes.u16(h, c);
      if (!grease(v)) {
        ciphers.add(hex4(v));
      }
    }
    i = cipherEnd;
    if (i + 1 > end) {
      return null;
    }
    i += 1 + (h[i] & 0xFF); // compression methods
    List<String> extensions = new ArrayList<>();
    int extCount = 0;
    boolean sni = false;
    String alpn = null;
    String sigalgs = null;
    int highest = -1;
    if (i + 2 <= end) {
      int extEnd = Math.min(end, i + 2 + Bytes.u16(h, i));
      i += 2;
      while (i + 4 <= extEnd) {
        int type = Bytes.u16(h, i);
        int d = i + 4;
        int dEnd = Math.min(extEnd, d + Bytes.u16(h, i + 2));
        i = dEnd;
        if (grease(type)) {
          continue;
        }
        extCount++;
        if (type == EXT_SNI) {
          sni = true;
        } else if (type == EXT_ALPN) {
          alpn = firstAlpn(h, d, dEnd);
        } else {
          extensions.add(hex4(type));
        }
        if (type == EXT_SIGALGS && d + 2 <= dEnd) {
          sigalgs = list(h, d + 2, Math.min(dEnd, d + 2 + Bytes.u16(h, d)));
        } else if (type == EXT_SUPPORTED_VERSIONS && d < dEnd) {
          int vEnd = Math.min(dEnd, d + 1 + (h[d] & 0xFF));
          for (int v = d + 1; v + 2 <= vEnd; v += 2) {
            int ver = Bytes.u16(h, v);
            if (!grease(ver) && rank(ver) > rank(highest)) {
              highest = ver;
            }
          }
        }
      }
    }
    Collections.sort(ciphers);
    Collections.sort(extensions);
    String a =
        ""
            + transport
            + versionCode(highest >= 0 ? highest : version)
            + (sni ? 'd' : 'i')
            + count(ciphers.size())
            + count(extCount)
            + alpnCode(alpn);
    String b = ciphers.isEmpty() ? EMPTY_HASH : sha12(String.join(",", ciphers));
    String c;
    if (extensions.isEmpty()) {
      c = EMPTY_HASH;
    } else {
      String text = String.join(",", extensions);
      c = sha12(sigalgs == null || sigalgs.isEmpty() ? text : text + "_" + sigalgs);
    }
    return a + "_" + b + "_" + c;
  }

  /**
   * @param h a ServerHello handshake message (type 2, 24-bit length, body)
   * @return the JA4S fingerprint, or null when the message is not a well-formed ServerHello
   */
  static String server(byte[] h, int off, int len, char transport) {
    int end = off + len;
    if (len < 4 + 2 + 32 + 1 || h[off] != 2) {
      return null;
    }
    int version = Bytes.u16(h, off + 4);
    int i = off + 4 + 2 + 32;
    i += 1 + (h[i] & 0xFF); // session id
    if (i + 3 > end) {
      return null;
    }
    int cipher = Bytes.u16(h, i);
    i += 3; // cipher suite, compression method
    List<String> extensions = new ArrayList<>();
    String alpn = null;
    if (i + 2 <= end) {
      int extEnd = Math.min(end, i + 2 + Bytes.u16(h, i));
      i += 2;
      while (i + 4 <= extEnd) {
        int type = Bytes.u16(h, i);
        int d = i + 4;
        int dEnd = Math.min(extEnd, d + Bytes.u16(h, i + 2));
        i = dEnd;
        if (grease(type)) {
          continue;
        }
        extensions.add(hex4(type));
        if (type == EXT_ALPN) {
          alpn = firstAlpn(h, d, dEnd);
        } else if (type == EXT_SUPPORTED_VERSIONS && d + 2 <= dEnd) {
          version = Bytes.u16(h, d);
        }
      }
    }
    String a = "" + transport + versionCode(version) + count(extensions.size()) + alpnCode(alpn);
    String c = extensions.isEmpty() ? EMPTY_HASH : sha12(String.join(",", extensions));
    return a + "_" + hex4(cipher) + "_" + c;
  }

  static boolean grease(int v) {
    return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
  }

  /**
   * Orders versions so that TLS 1.3 > 1.2 > ... > SSL 3, and DTLS 1.3 > 1.2 > 1.0 (DTLS counts
   * down).
   */
  private static int rank(int v) {
    if (v < 0) {
      return -1;
    }
    return v >= 0xfe00 ? 0x10000 - v : v;
  }

  static String versionCode(int v) {
    switch (v) {
      case 0x0304:
        return "13";
      case 0x0303:
        return "12";
      case 0x0302:
        return "11";
      case 0x0301:
        return "10";
      case 0x0300:
        return "s3";
      case 0x0002:
        return "s2";
      case 0xfeff:
        return "d1";
      case 0xfefd:
        return "d2";
      case 0xfefc:
        return "d3";
      default:
        return "00";
    }
  }

  private static String count(int n) {
    int c = Math.min(n, 99);
    return c < 10 ? "0" + c : Integer.toString(c);
  }

  /** The first protocol of an ALPN extension's list (RFC 7301 3.1), as bytes kept in a string. */
  private static String firstAlpn(byte[] h, int d, int dEnd) {
    if (d + 3 > dEnd) {
      return null;
    }
    int n = h[d + 2] & 0xFF;
    if (n == 0 || d + 3 + n > dEnd) {
      return null;
    }
    return new String(h, d + 3, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * First and last character of the ALPN value; their hex digits when either is not alphanumeric.
   */
  static String alpnCode(String alpn) {
    if (alpn == null || alpn.isEmpty()) {
      return "00";
    }
    char first = alpn.charAt(0);
    char last = alpn.charAt(alpn.length() - 1);
    if (alnum(first) && alnum(last)) {
      return "" + first + last;
    }
    String f = hex2(first);
    String l = hex2(last);
    return "" + f.charAt(0) + l.charAt(1);
  }

  private static boolean alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String list(byte[] h, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i + 2 <= to; i += 2) {
      int v = Bytes.u16(h, i);
      if (grease(v)) {
        continue;
      }
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(hex4(v));
    }
    return s.toString();
  }

  private static String hex2(char c) {
    String s = Integer.toHexString(c & 0xFF);
    return s.length() == 1 ? "0" + s : s;
  }

  static String hex4(int v) {
    String s = Integer.toHexString(v);
    return "0000".substring(s.length()) + s;
  }

  static String sha12(String text) {
    try {
      return Hassh.hex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)),
          12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
