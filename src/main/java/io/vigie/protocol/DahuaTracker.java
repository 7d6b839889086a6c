package io.vigie.protocol;

/**
 * Reads DHIP and DVRIP messages of both directions: the JSON body's {@code "method"} of each
 * request (first {@value #MAX_METHODS}, in order of first use) and the login's user name (DHIP's
 * {@code global.login}, DVRIP's {@code a0} login, whose body is {@code user&&hashes}); the login's
 * password or hash is never kept. DVRIP's other binary commands are skipped by their length.
 */
final class DahuaTracker implements Tracker {
  static final int MAX_METHODS = 20;
  private static final int MAX_BODY = 4096;
  private static final int MAX_MESSAGES = 256;
  private static final int MAX_USER = 64;
  private final boolean udp;
  private final Side client = new Side();
  private final Side server = new Side();
  private int messages;

  DahuaTracker(boolean udp) {
    this.udp = udp;
  }

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    Side s = fromOrig ? client : server;
    s.feed(flow.attrs(), b, off, len);
    if (udp) {
      s.reset();
    }
    return !(client.dead && server.dead) && messages < MAX_MESSAGES;
  }

  @Override
  public void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {
    (fromOrig ? client : server).dead = true;
  }

  private void body(SessionAttrs a, boolean dhip, int cmd, byte[] b, int len) {
    messages++;
    if (!dhip) {
      if (cmd == DahuaRecogniser.LOGIN) {
        dvripLogin(a, b, len);
        return;
      }
      if (cmd != DahuaRecogniser.JSON) {
        return;
      }
    }
    String method = jsonString(b, 0, len, "method");
    if (method == null) {
      return;
    }
    if (a.dahuaMethods.size() < MAX_METHODS && !a.dahuaMethods.contains(method)) {
      a.dahuaMethods.add(method);
    }
    if ("global.login".equals(method)) {
      String user = jsonString(b, 0, len, "userName");
      if (user != null && !user.isEmpty()) {
        a.loginUser = user;
        a.clearLoginProtocol = "dahua";
      }
      String password = jsonString(b, 0, len, "password");
      if (password != null && !password.isEmpty()) {
        a.clearPassword = true;
      }
    }
  }

  /**
   * DVRIP's login body: the user name, {@code &&}, then hashes derived from the password with a
   * published algorithm (so, like DHIP's, a login as good as in clear to whoever records it).
   */
  private static void dvripLogin(SessionAttrs a, byte[] b, int len) {
    int sep = -1;
    for (int i = 0; i + 1 < len && i <= MAX_USER; i++) {
      if (b[i] == '&' && b[i + 1] == '&') {
        sep = i;
        break;
      }
      if (!Bytes.isPrintable(b[i] & 0xFF)) {
        return;
      }
    }
    if (sep > 0) {
      a.loginUser = Bytes.ascii(b, 0, sep);
      a.clearLoginProtocol = "dahua";
      a.clearPassword = sep + 2 < len;
    }
  }

  /** The string value of the first {@code "name" : "value"} in a JSON text, or null. */
  static String jsonString(byte[] b, int off, int len, String name) {
    int end = off + len;
    String key = "\"" + name + "\"";
    int k = Bytes.indexOfIgnoreCase(b, off, end, key);
    while (k >= 0) {
      int i = k + key.length();
      while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
        i++;
      }
      if (i < end && b[i] == ':') {
        i++;
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
          i++;
        }
        if (i < end && b[i] == '"') {
          int q = i + 1;
          while (q < end && b[q] != '"' && q - i < 256) {
            q += b[q] == '\\' ? 2 : 1;
          }
          return q < end && b[q] == '"' ? Bytes.ascii(b, i + 1, q - i - 1) : null;
        }
        return null;
      }
      k = Bytes.indexOfIgnoreCase(b, k + 1, end, key);
    }
    return null;
  }

  /**
   * Splits one direction into messages: 32-byte header, body of the length it gives (bytes 16-19
   * for DHIP, 4-7 for DVRIP).
   */
  private final class Side {
    private final byte[] header = new byte[DahuaRecogniser.HEADER];
    private final byte[] body = new byte[MAX_BODY];
    private int headerLen;
    private boolean dhip;
    private int cmd;
    private boolean seen;
    private long left;
    private int kept;
    boolean dead;

    void reset() {
      seen = false;
      headerLen = 0;
      left = 0;
      kept = 0;
    }

    void feed(SessionAttrs a, byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end && !dead) {
        if (headerLen < header.length) {
          int take = Math.min(header.length - headerLen, end - i);
          System.arraycopy(b, i, header, headerLen, take);
          headerLen += take;
          i += take;
          if (headerLen == header.length) {
            boolean wasDhip = dhip;
            dhip = DahuaRecogniser.magic(header, 0, header.length) == Verdict.MATCH;
            if (seen && dhip != wasDhip) {
              dead = true; // one direction speaks one form: anything else is not ours
              return;
            }
            seen = true;
            cmd = header[0] & 0xFF;
            left = le32(header, dhip ? 16 : 4);
            if (!dhip && (udp || left > DahuaRecogniser.MAX_DVRIP_BODY)) {
              dead = true;
              return;
            }
            kept = 0;
            if (left == 0) {
              headerLen = 0;
            }
          }
        } else {
          int take = (int) Math.min(left, end - i);
          int copy = Math.min(take, body.length - kept);
          System.arraycopy(b, i, body, kept, copy);
          kept += copy;
          i += take;
          left -= take;
          if (left == 0) {
            body(a, dhip, cmd, body, kept);
            headerLen = 0;
          }
        }
      }
      if (udp && headerLen == header.length && kept > 0 && left > 0) {
        body(a, dhip, cmd, body, kept); // a datagram cut short still names its method
      }
    }
  }

  static long le32(byte[] b, int i) {
    return (b[i] & 0xFFL)
        | (b[i + 1] & 0xFFL) << 8
        | (b[i + 2] & 0xFFL) << 16
        | (b[i + 3] & 0xFFL) << 24;
  }
}
