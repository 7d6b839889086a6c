package io.vigie.protocol;

/**
 * Tells HTTP from RTSP by their first line: a request {@code METHOD SP URI SP HTTP/1.1} or {@code
 * ... RTSP/1.0}, or a status line {@code HTTP/1.1 200} / {@code RTSP/1.0 200}. The method alone
 * cannot tell them apart (both have OPTIONS); the version token can.
 */
enum StartLine {
  HTTP_REQUEST,
  HTTP_RESPONSE,
  RTSP_REQUEST,
  RTSP_RESPONSE,
  PARTIAL,
  NONE;

  private static final int MAX_METHOD = 16;
  private static final String[] HTTP_METHODS = {
    "GET",
    "POST",
    "PUT",
    "HEAD",
    "DELETE",
    "OPTIONS",
    "PATCH",
    "TRACE",
    "CONNECT",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "SEARCH",
    "REPORT",
    "NOTIFY",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "M-SEARCH"
  };
  private static final String[] RTSP_METHODS = {
    "OPTIONS",
    "DESCRIBE",
    "SETUP",
    "PLAY",
    "PAUSE",
    "TEARDOWN",
    "ANNOUNCE",
    "RECORD",
    "GET_PARAMETER",
    "SET_PARAMETER",
    "REDIRECT"
  };

  /** Classifies the bytes at the start of a direction; {@code limit} bounds a partial line. */
  static StartLine of(byte[] b, int off, int len, int limit) {
    if (len == 0) {
      return PARTIAL;
    }
    StartLine status = status(b, off, len, "HTTP/", HTTP_RESPONSE);
    if (status != NONE) {
      return status;
    }
    status = status(b, off, len, "RTSP/", RTSP_RESPONSE);
    if (status != NONE) {
      return status;
    }
    int sp = -1;
    for (int i = 0; i < Math.min(len, MAX_METHOD + 1); i++) {
      int c = b[off + i];
      if (c == ' ') {
        sp = i;
        break;
      }
      if (!(c >= 'A' && c <= 'Z') && c != '_' && c != '-') {
        return NONE;
      }
    }
    if (sp < 0) {
      return len <= MAX_METHOD ? PARTIAL : NONE;
    }
    boolean http = known(HTTP_METHODS, b, off, sp);
    boolean rtsp = known(RTSP_METHODS, b, off, sp);
    if (!http && !rtsp) {
      return NONE;
    }
    int nl = Bytes.indexOf(b, off + sp, off + len, '\n');
    if (nl < 0) {
      return len < limit ? PARTIAL : NONE;
    }
    int end = nl;
    if (end > off && b[end - 1] == '\r') {
      end--;
    }
    int lastSp = end - 1;
    while (lastSp > off + sp && b[lastSp] != ' ') {
      lastSp--;
    }
    if (lastSp <= off + sp + 1) {
      return NONE;
    }
    int v = lastSp + 1;
    if (http && Bytes.startsWith(b, v, end - v, "HTTP/") && end - v >= 6) {
      return HTTP_REQUEST;
    }
    if (rtsp && Bytes.startsWith(b, v, end - v, "RTSP/") && end - v >= 6) {
      return RTSP_REQUEST;
    }
    return NONE;
  }

  private static StartLine status(byte[] b, int off, int len, String proto, StartLine kind) {
    int m = Bytes.matchAscii(b, off, len, proto, false);
    if (m < 0) {
      return NONE;
    }
    // PROTO/d.d SP ddd  or  HTTP/2 SP ddd
    int need = proto.length() + 7;
    for (int i = proto.length(); i < Math.min(len, need); i++) {
      int c = b[off + i];
      int k = i - proto.length();
      boolean ok =
          k == 0
              ? Bytes.isDigit(c)
              : k == 1
                  ? c == '.' || c == ' '
                  : k == 2
                      ? Bytes.isDigit(c)
                      : k == 3 ? c == ' ' || Bytes.isDigit(c) : Bytes.isDigit(c) || c == ' ';
      if (!ok) {
        return NONE;
      }
    }
    return len >= need ? kind : PARTIAL;
  }

  private static boolean known(String[] methods, byte[] b, int off, int len) {
    for (String m : methods) {
      if (m.length() == len && Bytes.startsWith(b, off, len, m)) {
        return true;
      }
    }
    return false;
  }
}
