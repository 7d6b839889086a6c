package io.vigie.protocol;

import java.util.Arrays;

/**
 * Splits one direction of an HTTP/1.x or RTSP/1.0 stream into messages: start line, header lines,
 * and a body framed by Content-Length or chunked transfer coding (RFC 9112 section 6), or running
 * to the end of the connection for a response without either. RTSP interleaved binary frames
 * ({@code $ channel length}, RFC 2326 10.12) between messages are skipped.
 */
final class TextMessageParser {
  private static final int MAX_LINE = 8192;

  /** Receives the parts of each message; the byte ranges are valid during the call only. */
  interface Listener {
    /**
     * @return false when the line is not a message of this protocol: the parser stops
     */
    boolean startLine(byte[] b, int off, int len, boolean request);

    void header(byte[] b, int nameOff, int nameEnd, int valueOff, int valueEnd);

    /** Headers are done; {@code hasBody} tells whether body bytes follow. */
    void headersEnd(boolean hasBody);

    void body(byte[] b, int off, int len);

    void messageEnd();

    /** An interleaved binary frame (RTSP over TCP carrying RTP). */
    default void interleaved() {}

    /** Asked for a response with framing headers: false when it has no body (reply to HEAD). */
    default boolean responseHasBody(int status) {
      return true;
    }
  }

  private enum State {
    START,
    HEADERS,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    BODY_TO_CLOSE,
    FRAME_HEADER,
    FRAME,
    DEAD
  }

  private final Listener listener;
  private final boolean rtsp;

  /**
   * SIP over UDP (RFC 3261 18.3): one message a datagram, its body running to the datagram's end.
   */
  private final boolean datagram;

  // Grown on demand up to MAX_LINE: most lines are short, and a parser per HTTP flow zeroing 8 KiB
  // up front was the largest allocation of a workload of many short ONVIF polls.
  private byte[] line = new byte[256];
  private final byte[] frameHeader = new byte[4];
  private int lineLen;
  private boolean lineOverflow;
  private State state = State.START;
  private boolean request;
  private long contentLength;
  private boolean chunked;
  private int status;
  private long left;
  private int frameHeaderLen;

  TextMessageParser(Listener listener, boolean rtsp) {
    this(listener, rtsp, false);
  }

  TextMessageParser(Listener listener, boolean rtsp, boolean datagram) {
    this.listener = listener;
    this.rtsp = rtsp;
    this.datagram = datagram;
  }

  /**
   * In datagram mode, the datagram fed last is over: a message without Content-Length ends here,
   * and a message cut short is forgotten so that the next datagram starts afresh.
   */
  void endDatagram() {
    if (state == State.BODY_TO_CLOSE || state == State.BODY) {
      endMessage();
    }
    // A datagram that was not a message spoils nothing for the next one.
    if (state != State.DEAD || datagram) {
      state = State.START;
      lineLen = 0;
      lineOverflow = false;
    }
  }

  boolean dead() {
    return state == State.DEAD;
  }

  void kill() {
    state = State.DEAD;
  }

  /** The connection ends: a body that runs to the close is complete now. */
  void close() {
    if (state == State.BODY_TO_CLOSE) {
      listener.messageEnd();
    }
    state = State.DEAD;
  }

  void feed(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && state != State.DEAD) {
      switch (state) {
        case BODY:
        case CHUNK_DATA:
          {
            int take = (int) Math.min(left, end - i);
            listener.body(b, i, take);
            i += take;
            left -= take;
            if (left == 0) {
              if (state == State.BODY) {
                endMessage();
              } else {
                state = State.CHUNK_END;
              }
            }
            break;
          }
        case BODY_TO_CLOSE:
          listener.body(b, i, end - i);
          i = end;
          break;
        case FRAME_HEADER:
          frameHeader[frameHeaderLen++] = b[i++];
          if (frameHeaderLen == 4) {
            left = Bytes.u16(frameHeader, 2);
            state = left == 0 ? State.START : State.FRAME;
            listener.interleaved();
          }
          break;
        case FRAME:
          {
            int take = (int) Math.min(left, end - i);
            i += take;
            left -= take;
            if (left == 0) {
              state = State.START;
            }
            break;
          }
        default:
          if (state == State.START && lineLen == 0 && rtsp && b[i] == '$') {
            state = State.FRAME_HEADER;
            frameHeaderLen = 0;
            continue;
          }
          i = lineBytes(b, i, end);
      }
    }
  }

  private int lineBytes(byte[] b, int i, int end) {
    int nl = Bytes.indexOf(b, i, end, '\n');
    int stop = nl < 0 ? end : nl;
    if (stop - i > line.length - lineLen && line.length < MAX_LINE) {
      line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLen + stop - i)));
    }
    int take = Math.min(stop - i, line.length - lineLen);
    System.arraycopy(b, i, line, lineLen, take);
    lineLen += take;
    if (take < stop - i) {
      lineOverflow = true;
    }
    if (nl < 0) {
      return end;
    }
    int l = lineLen;
    if (l > 0 && line[l - 1] == '\r') {
      l--;
    }
    boolean overflow = lineOverflow;
    lineLen = 0;
    lineOverflow = false;
    onLine(l, overflow);
    return nl + 1;
  }

  private void onLine(int l, boolean overflow) {
    switch (state) {
      case START:
        if (l == 0) {
          return; // CRLF between messages
        }
        request = !Bytes.startsWith(line, 0, l, "HTTP/") && !Bytes.startsWith(line, 0, l, "RTSP/");
        status = request ? 0 : statusCode(l);
        contentLength = -1;
        chunked = false;
        if (!listener.startLine(line, 0, l, request)) {
          state = State.DEAD;
          return;
        }
        state = State.HEADERS;
        return;
      case HEADERS:
        if (l == 0) {
          headersDone();
        } else if (!overflow) {
          header(l);
        }
        return;
      case CHUNK_SIZE:
        {
          long size = 0;
          int digits = 0;
          for (int k = 0; k < l && digits < 15; k++, digits++) {
            int v = Character.digit(line[k], 16);
            if (v < 0) {
              break;
            }
            size = size * 16 + v;
          }
          if (digits == 0) {
            state = State.DEAD;
            return;
          }
          if (size == 0) {
            state = State.TRAILERS;
          } else {
            left = size;
            state = State.CHUNK_DATA;
          }
          return;
        }
      case CHUNK_END:
        state = State.CHUNK_SIZE;
        return;
      case TRAILERS:
        if (l == 0) {
          endMessage();
        }
        return;
      default:
        return;
    }
  }

  private int statusCode(int l) {
    int sp = Bytes.indexOf(line, 0, l, ' ');
    if (sp < 0 || sp + 4 > l) {
      return 0;
    }
    int code = 0;
    for (int k = sp + 1; k < sp + 4; k++) {
      if (!Bytes.isDigit(line[k])) {
        return 0;
      }
      code = code * 10 + (line[k] - '0');
    }
    return code;
  }

  private void header(int l) {
    int colon = Bytes.indexOf(line, 0, l, ':');
    if (colon <= 0) {
      return;
    }
    int nameEnd = colon;
    while (nameEnd > 0 && line[nameEnd - 1] == ' ') {
      nameEnd--;
    }
    int v = colon + 1;
    while (v < l && (line[v] == ' ' || line[v] == '\t')) {
      v++;
    }
    int vEnd = l;
    while (vEnd > v && (line[vEnd - 1] == ' ' || line[vEnd - 1] == '\t')) {
      vEnd--;
    }
    if (isName(nameEnd, "Content-Length")) {
      long n = 0;
      int k = v;
      for (; k < vEnd && Bytes.isDigit(line[k]) && k - v < 18; k++) {
        n = n * 10 + (line[k] - '0');
      }
      contentLength = k > v ? n : -1;
    } else if (isName(nameEnd, "Transfer-Encoding")
        && Bytes.indexOfIgnoreCase(line, v, vEnd, "chunked") >= 0) {
      chunked = true;
    }
    listener.header(line, 0, nameEnd, v, vEnd);
  }

  private boolean isName(int nameEnd, String name) {
    return nameEnd == name.length() && Bytes.matchAscii(line, 0, nameEnd, name, true) == 1;
  }

  private void headersDone() {
    if (!request && !listener.responseHasBody(status)) {
      listener.headersEnd(false);
      endMessage();
    } else if (chunked) {
      listener.headersEnd(true);
      state = State.CHUNK_SIZE;
    } else if (contentLength > 0) {
      listener.headersEnd(true);
      left = contentLength;
      state = State.BODY;
    } else if (datagram && contentLength < 0) {
      listener.headersEnd(true);
      state = State.BODY_TO_CLOSE;
    } else if (!request
        && !rtsp
        && contentLength < 0
        && status >= 200
        && status != 204
        && status != 304) {
      listener.headersEnd(true);
      state = State.BODY_TO_CLOSE;
    } else {
      listener.headersEnd(false);
      endMessage();
    }
  }

  private void endMessage() {
    state = State.START;
    listener.messageEnd();
  }
}
