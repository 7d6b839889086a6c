package io.vigie.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Streams a multipart/form-data body (RFC 7578) and hashes the content of its first file part (a
 * part whose Content-Disposition names a {@code filename}). The delimiter is searched with
 * Knuth-Morris-Pratt so that a delimiter split across segments is found without buffering data.
 */
final class MultipartScanner {
  private static final int MAX_PART_HEADERS = 2048;

  private enum State {
    SEEK,
    PART_HEADERS,
    FILE_DATA,
    DONE
  }

  private final FileHasher hasher;
  private final byte[] headers = new byte[MAX_PART_HEADERS];
  private byte[] delim;
  private int[] fail;
  private int matched;
  private int headersLen;
  private State state = State.DONE;
  private boolean found;

  MultipartScanner(FileHasher hasher) {
    this.hasher = hasher;
  }

  /** Starts a body; the first delimiter may come without its leading CRLF. */
  void start(String boundary) {
    delim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    fail = new int[delim.length + 1];
    for (int k = 2; k <= delim.length; k++) {
      int f = fail[k - 1];
      while (f > 0 && delim[f] != delim[k - 1]) {
        f = fail[f];
      }
      fail[k] = delim[f] == delim[k - 1] ? f + 1 : 0;
    }
    state = State.SEEK;
    matched = 2; // as if the CRLF before the first delimiter had been seen
    found = false;
  }

  /** True once a file part was hashed to its end. */
  boolean foundFile() {
    return found;
  }

  void feed(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && state != State.DONE) {
      if (state == State.PART_HEADERS) {
        i = partHeaders(b, i, end);
      } else {
        i = scan(b, i, end);
      }
    }
  }

  /** Matches the delimiter; in FILE_DATA, hashes what is proved not to be part of it. */
  private int scan(byte[] b, int i, int end) {
    boolean hashing = state == State.FILE_DATA;
    int runStart = matched == 0 ? i : -1;
    for (; i < end; i++) {
      byte c = b[i];
      while (matched > 0 && delim[matched] != c) {
        int f = fail[matched];
        if (hashing) {
          hasher.update(delim, 0, matched - f);
        }
        matched = f;
      }
      if (delim[matched] == c) {
        if (matched == 0 && hashing && runStart >= 0) {
          hasher.update(b, runStart, i - runStart);
        }
        runStart = -1;
        matched++;
        if (matched == delim.length) {
          matched = 0;
          if (hashing) {
            found = true;
            state = State.DONE;
          } else {
            state = State.PART_HEADERS;
            headersLen = 0;
          }
          return i + 1;
        }
      } else if (runStart < 0) {
        runStart = i;
      }
    }
    if (hashing && runStart >= 0) {
      hasher.update(b, runStart, end - runStart);
    }
    return end;
  }

  private int partHeaders(byte[] b, int i, int end) {
    for (; i < end; i++) {
      if (headersLen < headers.length) {
        headers[headersLen++] = b[i];
      }
      if (headersLen >= 2 && headers[0] == '-' && headers[1] == '-') {
        state = State.DONE; // closing delimiter: no file part
        return i + 1;
      }
      if (headersLen >= 4
              && headers[headersLen - 1] == '\n'
              && headers[headersLen - 2] == '\r'
              && headers[headersLen - 3] == '\n'
              && headers[headersLen - 4] == '\r'
          || headersLen == 4 && headers[2] == '\r' && headers[3] == '\n') {
        boolean file = Bytes.indexOfIgnoreCase(headers, 0, headersLen, "filename=") >= 0;
        state = file ? State.FILE_DATA : State.SEEK;
        if (file) {
          hasher.reset();
        }
        return i + 1;
      }
    }
    return end;
  }
}
