package io.vigie.protocol;

/**
 * Collects the first handshake message of each direction across records and TCP segments, then
 * reads SNI, ALPN and versions from the ClientHello (RFC 8446 4.1.2) and the version the server
 * selected from the ServerHello (supported_versions, RFC 8446 4.2.1).
 */
final class TlsTracker implements Tracker {
  private static final int MAX_HELLO = 16384;
  private static final int EXT_SNI = 0;
  private static final int EXT_ALPN = 16;
  private static final int EXT_SUPPORTED_VERSIONS = 43;

  private final HelloCollector client = new HelloCollector();
  private final HelloCollector server = new HelloCollector();
  private boolean serverVersionSet;

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    HelloCollector c = fromOrig ? client : server;
    if (!c.finished) {
      c.feed(b, off, len);
      if (c.finished && c.helloLen > 0) {
        SessionAttrs a = flow.attrs();
        if (fromOrig) {
          clientHello(a, c.hello, c.helloLen);
          a.ja4 = Ja4.client(c.hello, 0, c.helloLen, 't');
        } else {
          serverHello(a, c.hello, c.helloLen);
          a.ja4s = Ja4.server(c.hello, 0, c.helloLen, 't');
        }
      }
    }
    return !client.finished || !server.finished;
  }

  private void clientHello(SessionAttrs a, byte[] h, int n) {
    if (h[0] == 0 && n == 3) {
      // SSLv2-compatible hello: only the version is known.
      if (a.tlsVersion == null) {
        a.tlsVersion = versionName(Bytes.u16(h, 1));
      }
      return;
    }
    if (h[0] != 1 || n < 4 + 2 + 32 + 1) {
      return;
    }
    int version = Bytes.u16(h, 4);
    int highest = -1;
    int i = 4 + 2 + 32;
    if (i >= n) {
      return;
    }
    i += 1 + (h[i] & 0xFF); // session id
    if (i + 2 > n) {
      return;
    }
    i += 2 + Bytes.u16(h, i); // cipher suites
    if (i + 1 > n) {
      return;
    }
    i += 1 + (h[i] & 0xFF); // compression methods
    if (i + 2 <= n) {
      int extEnd = Math.min(n, i + 2 + Bytes.u16(h, i));
      i += 2;
      while (i + 4 <= extEnd) {
        int type = Bytes.u16(h, i);
        int elen = Bytes.u16(h, i + 2);
        int d = i + 4;
        int dEnd = Math.min(extEnd, d + elen);
        if (type == EXT_SNI && a.sni == null) {
          a.sni = sni(h, d, dEnd);
        } else if (type == EXT_ALPN && a.alpn == null) {
          a.alpn = alpn(h, d, dEnd);
        } else if (type == EXT_SUPPORTED_VERSIONS && d < dEnd) {
          int vEnd = Math.min(dEnd, d + 1 + (h[d] & 0xFF));
          for (int v = d + 1; v + 2 <= vEnd; v += 2) {
            int ver = Bytes.u16(h, v);
            if (!grease(ver) && ver > highest && ver <= 0x0304) {
              highest = ver;
            }
          }
        }
        i = d + elen;
      }
    }
    if (!serverVersionSet) {
      a.tlsVersion = versionName(highest > 0 ? highest : version);
    }
  }

  private void serverHello(SessionAttrs a, byte[] h, int n) {
    if (h[0] != 2 || n < 4 + 2 + 32 + 1) {
      return;
    }
    int version = Bytes.u16(h, 4);
    int i = 4 + 2 + 32;
    i += 1 + (h[i] & 0xFF);
    i += 2 + 1; // cipher suite, compression method
    if (i + 2 <= n) {
      int extEnd = Math.min(n, i + 2 + Bytes.u16(h, i));
      i += 2;
      while (i + 4 <= extEnd) {
        int type = Bytes.u16(h, i);
        int elen = Bytes.u16(h, i + 2);
        if (type == EXT_SUPPORTED_VERSIONS && elen == 2 && i + 6 <= extEnd) {
          version = Bytes.u16(h, i + 4);
        }
        i += 4 + elen;
      }
    }
    a.tlsVersion = versionName(version);
    serverVersionSet = true;
  }

  private static String sni(byte[] h, int d, int end) {
    // server_name_list: u16 length, then entries of (type u8, u16 length, name).
    int i = d + 2;
    while (i + 3 <= end) {
      int type = h[i] & 0xFF;
      int len = Bytes.u16(h, i + 1);
      if (type == 0 && i + 3 + len <= end && len > 0) {
        return Bytes.ascii(h, i + 3, len).toLowerCase(java.util.Locale.ROOT);
      }
      i += 3 + len;
    }
    return null;
  }

  private static String alpn(byte[] h, int d, int end) {
    StringBuilder sb = new StringBuilder();
    int i = d + 2;
    while (i < end) {
      int len = h[i] & 0xFF;
      if (i + 1 + len > end) {
        break;
      }
      sb.append(sb.length() == 0 ? "" : ",").append(Bytes.ascii(h, i + 1, len));
      i += 1 + len;
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** RFC 8701 GREASE values look like 0x?A?A. */
  private static boolean grease(int v) {
    return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
  }

  static String versionName(int v) {
    switch (v) {
      case 0x0002:
        return "SSLv2";
      case 0x0300:
        return "SSLv3";
      case 0x0301:
        return "TLSv1.0";
      case 0x0302:
        return "TLSv1.1";
      case 0x0303:
        return "TLSv1.2";
      case 0x0304:
        return "TLSv1.3";
      default:
        return String.format("0x%04x", v);
    }
  }

  /**
   * Reassembles the first handshake message of one direction from its records; an SSLv2 hello is
   * kept as {@code [0, major, minor]}.
   */
  static final class HelloCollector {
    private final byte[] header = new byte[5];
    private int headerLen;
    private int recordLeft;
    byte[] hello;
    int helloLen;
    private int helloWanted = -1;
    boolean finished;

    void feed(byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end && !finished) {
        if (recordLeft == 0) {
          header[headerLen++] = b[i++];
          if (headerLen == 1 && (header[0] & 0x80) != 0 && hello == null) {
            continue;
          }
          if (headerLen == 5 && (header[0] & 0x80) != 0 && hello == null) {
            // SSLv2 record: length(2) type(1) version(2).
            hello = new byte[] {0, header[3], header[4]};
            helloLen = 3;
            finished = true;
            return;
          }
          if (headerLen == 5) {
            headerLen = 0;
            recordLeft = Bytes.u16(header, 3);
            if (header[0] != TlsRecogniser.HANDSHAKE || recordLeft == 0) {
              finished = true;
              return;
            }
          }
          continue;
        }
        int take = Math.min(recordLeft, end - i);
        take = append(b, i, take);
        i += take;
        recordLeft -= take;
      }
    }

    private int append(byte[] b, int off, int n) {
      if (hello == null) {
        hello = new byte[64];
      }
      int want = helloWanted < 0 ? 4 : helloWanted;
      int take = Math.min(n, want - helloLen);
      if (helloLen + take > hello.length) {
        byte[] nh = new byte[Math.min(MAX_HELLO, Math.max(hello.length * 2, helloLen + take))];
        System.arraycopy(hello, 0, nh, 0, helloLen);
        hello = nh;
      }
      take = Math.min(take, hello.length - helloLen);
      System.arraycopy(b, off, hello, helloLen, take);
      helloLen += take;
      if (helloWanted < 0 && helloLen == 4) {
        helloWanted = Math.min(MAX_HELLO, 4 + Bytes.u24(hello, 1));
      }
      if (helloWanted >= 0 && helloLen >= helloWanted) {
        finished = true;
      }
      return take == 0 ? n : take;
    }
  }
}
