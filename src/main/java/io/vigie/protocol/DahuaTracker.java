package io.vigie.protocol;

/**
 * Reads DHIP messages of both directions: the JSON body's {@code "method"} of each request (first
 * {@value #MAX_METHODS}, in order of first use) and, for {@code global.login}, the user name; the
 * login's password or hash is never kept.
 */
final class DahuaTracker implements Tracker {
  static final int MAX_METHODS = 20;
  private static final int MAX_BODY = 4096;
  private static final int MAX_MESSAGES = 256;
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

  private void body(SessionAttrs a, byte[] b, int len) {
    messages++;
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

  /** Splits one direction into DHIP messages: 32-byte header, body of the length it gives. */
  private final class Side {
    private final byte[] header = new byte[DahuaRecogniser.HEADER];
    private final byte[] body = new byte[MAX_BODY];
    private int headerLen;
    private long left;
    private int kept;
    boolean dead;

    void reset() {
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
            if (DahuaRecogniser.magic(header, 0, header.length) != Verdict.MATCH) {
              dead = true;
              return;
            }
            left = le32(header, 16);
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
            body(a, body, kept);
            headerLen = 0;
          }
        }
      }
      if (udp && headerLen == header.length && kept > 0 && left > 0) {
        body(a, body, kept); // a datagram cut short still names its method
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
