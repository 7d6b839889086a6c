package io.vigie.protocol;

import java.util.Locale;

/**
 * Follows both directions of an HTTP connection: reports the first request (method, URI, Host,
 * Content-Type, User-Agent; never Authorization or Cookie), hashes the body of an upload
 * (POST/PUT, raw or the first file part of multipart/form-data) anywhere in the connection, and
 * the body of a binary response as a download when no upload was seen.
 */
final class HttpTracker implements Tracker {
  private final Side orig = new Side(true);
  private final Side resp = new Side(false);
  private final FileSink sink;
  private FileHasher hasher;
  private MultipartScanner multipart;
  private boolean uploadRecorded;
  private boolean downloadRecorded;
  private FlowContext flow;
  /** For each request not yet answered, whether it was HEAD (RFC 9110 9.3.2: no body). */
  private final java.util.ArrayDeque<Boolean> pendingHead = new java.util.ArrayDeque<>();
  private static final int MAX_PENDING = 64;

  HttpTracker(FileSink sink) {
    this.sink = sink;
  }

  @Override
  public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
    flow = f;
    Side s = fromOrig ? orig : resp;
    s.parser.feed(b, off, len);
    return !(orig.parser.dead() && resp.parser.dead());
  }

  @Override
  public void onGap(FlowContext f, boolean fromOrig, long lostBytes) {
    Side s = fromOrig ? orig : resp;
    if (s.hashing && hasher != null) {
      hasher.gap();
    }
    s.parser.kill();
  }

  @Override
  public void onEnd(FlowContext f, long ts) {
    flow = f;
    orig.parser.close();
    resp.parser.close();
    discard();
  }

  @Override
  public void discard() {
    if (hasher != null) {
      hasher.close(); // a body cut short by the end of the flow is not kept
    }
  }

  private FileHasher hasher() {
    if (hasher == null) {
      hasher = new FileHasher(sink);
    }
    return hasher;
  }

  /** One direction: requests or responses, found from its first line. */
  private final class Side implements TextMessageParser.Listener {
    final TextMessageParser parser = new TextMessageParser(this, false);
    private final boolean fromOrig;
    private boolean request;
    private boolean upload;
    private boolean binary;
    /** The body is text (SOAP, XML, JSON...): an ONVIF call, not a file; never hashed as a firmware. */
    private boolean textual;
    private boolean first = true;
    private boolean firstMessage;
    private String boundary;
    boolean hashing;
    private boolean viaMultipart;

    Side(boolean fromOrig) {
      this.fromOrig = fromOrig;
    }

    @Override
    public boolean startLine(byte[] b, int off, int len, boolean isRequest) {
      if (!(isRequest ? lineIsRequest(b, off, len) : Bytes.startsWith(b, off, len, "HTTP/"))) {
        if (!fromOrig && first && Bytes.startsWith(b, off, len, "SSH-")) {
          // A request sent to an SSH server: keep the server's identification too.
          flow.attrs().sshServer = Bytes.ascii(b, off, len);
          flow.attrs().otherApps.add(App.SSH);
        }
        return false;
      }
      request = isRequest;
      firstMessage = first;
      first = false;
      upload = false;
      binary = false;
      textual = false;
      boundary = null;
      if (request) {
        int sp1 = Bytes.indexOf(b, off, off + len, ' ');
        upload = Bytes.startsWith(b, off, len, "POST ") || Bytes.startsWith(b, off, len, "PUT ");
        if (pendingHead.size() < MAX_PENDING) {
          pendingHead.addLast(Bytes.startsWith(b, off, len, "HEAD "));
        }
        SessionAttrs a = flow.attrs();
        if (a.httpMethod == null) {
          int sp2 = len;
          while (sp2 > sp1 - off && b[off + sp2 - 1] != ' ') {
            sp2--;
          }
          a.httpMethod = Bytes.ascii(b, off, sp1 - off);
          int uriEnd = sp2 - 1 > sp1 - off ? off + sp2 - 1 : off + len;
          a.httpUri = Bytes.ascii(b, sp1 + 1, uriEnd - sp1 - 1);
        }
      }
      return true;
    }

    @Override
    public boolean responseHasBody(int status) {
      if (status >= 100 && status < 200) {
        return false; // interim: the final response to the same request follows
      }
      Boolean head = pendingHead.pollFirst();
      return head == null || !head;
    }

    /** Any method token followed by a URI and an HTTP version keeps the parser going. */
    private boolean lineIsRequest(byte[] b, int off, int len) {
      int sp = Bytes.indexOf(b, off, off + len, ' ');
      return sp > off && Bytes.indexOfIgnoreCase(b, sp, off + len, " HTTP/") > sp;
    }

    @Override
    public void header(byte[] b, int nameOff, int nameEnd, int v, int vEnd) {
      SessionAttrs a = flow.attrs();
      if (is(b, nameOff, nameEnd, "Content-Type")) {
        String ct = Bytes.ascii(b, v, vEnd - v);
        if (request && firstMessage && a.httpContentType == null) {
          a.httpContentType = ct;
        }
        String lower = ct.toLowerCase(Locale.ROOT);
        binary = binaryType(lower);
        textual = textualType(lower);
        if (lower.startsWith("multipart/form-data")) {
          boundary = boundary(ct, lower);
        }
      } else if (request && firstMessage && is(b, nameOff, nameEnd, "Host") && a.httpHost == null) {
        a.httpHost = Bytes.ascii(b, v, vEnd - v);
      } else if (request && firstMessage && is(b, nameOff, nameEnd, "User-Agent")
          && a.httpUserAgent == null) {
        a.httpUserAgent = Bytes.ascii(b, v, vEnd - v);
      }
      // Authorization, Cookie and every other header are deliberately not kept.
    }

    @Override
    public void headersEnd(boolean hasBody) {
      hashing = false;
      if (!hasBody) {
        return;
      }
      if (request && upload && !uploadRecorded && (boundary != null || !textual)) {
        hashing = true;
      } else if (!request && binary && !uploadRecorded && !downloadRecorded) {
        hashing = true;
      }
      if (hashing) {
        hasher().reset();
        viaMultipart = request && boundary != null;
        if (viaMultipart) {
          if (multipart == null) {
            multipart = new MultipartScanner(hasher);
          }
          multipart.start(boundary);
        }
      }
    }

    @Override
    public void body(byte[] b, int off, int len) {
      if (!hashing) {
        return;
      }
      if (viaMultipart) {
        multipart.feed(b, off, len);
      } else {
        hasher.update(b, off, len);
      }
    }

    @Override
    public void messageEnd() {
      if (!hashing) {
        return;
      }
      hashing = false;
      if (viaMultipart && !multipart.foundFile() || hasher.size() == 0) {
        hasher.close();
        return;
      }
      if (hasher.finishInto(flow.attrs(), request)) {
        if (request) {
          uploadRecorded = true;
        } else {
          downloadRecorded = true;
        }
      }
    }
  }

  private static boolean is(byte[] b, int off, int end, String name) {
    return end - off == name.length() && Bytes.matchAscii(b, off, end - off, name, true) == 1;
  }

  private static boolean textualType(String ct) {
    return ct.startsWith("text/") || ct.contains("xml") || ct.contains("json")
        || ct.startsWith("application/soap");
  }

  private static boolean binaryType(String ct) {
    return ct.startsWith("application/octet-stream") || ct.startsWith("application/zip")
        || ct.startsWith("application/gzip") || ct.startsWith("application/x-gzip")
        || ct.startsWith("application/x-tar") || ct.startsWith("application/x-binary")
        || ct.startsWith("application/x-msdownload") || ct.startsWith("application/x-firmware")
        || ct.startsWith("application/x-compressed");
  }

  private static String boundary(String ct, String lower) {
    int at = lower.indexOf("boundary=");
    if (at < 0) {
      return null;
    }
    int s = at + "boundary=".length();
    int e = ct.indexOf(';', s);
    String v = (e < 0 ? ct.substring(s) : ct.substring(s, e)).trim();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    return v.isEmpty() || v.length() > 70 ? null : v;
  }
}
