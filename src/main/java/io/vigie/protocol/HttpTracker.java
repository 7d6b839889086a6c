package io.vigie.protocol;

import io.vigie.net.App;
import java.util.Locale;

/**
 * Follows both directions of an HTTP connection: reports the first request (method, URI, Host,
 * Content-Type, User-Agent; never Authorization or Cookie), hashes the body of an upload (POST/PUT,
 * raw or the first file part of multipart/form-data) anywhere in the connection, and the body of a
 * binary response as a download when no upload was seen.
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
  static final int MAX_ISAPI = 20;

  /** SOAP bodies of UPnP control requests are a few hundred bytes. */
  private static final int MAX_SOAP = 4096;

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

    /**
     * The body is text (SOAP, XML, JSON...): an ONVIF call, not a file; never hashed as a firmware.
     */
    private boolean textual;

    private boolean first = true;
    private boolean firstMessage;
    private String boundary;
    boolean hashing;
    private boolean viaMultipart;

    /** A UPnP control request's body, kept to read its arguments; null for every other message. */
    private byte[] soap;

    private int soapLen;
    private boolean upnp;

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
      upnp = false;
      if (request) {
        int sp1 = Bytes.indexOf(b, off, off + len, ' ');
        isapi(b, off, len, sp1);
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
      } else if (request
          && firstMessage
          && is(b, nameOff, nameEnd, "User-Agent")
          && a.httpUserAgent == null) {
        a.httpUserAgent = Bytes.ascii(b, v, vEnd - v);
      }
      if (request && is(b, nameOff, nameEnd, "SOAPAction")) {
        upnpAction(a, Bytes.ascii(b, v, vEnd - v));
      } else if (request && is(b, nameOff, nameEnd, "Authorization")) {
        basicUser(a, b, v, vEnd);
      }
      // Cookie and every other header are deliberately not kept, nor any part of a password.
    }

    /**
     * {@code "urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping"}: the IGD's actions.
     */
    private void upnpAction(SessionAttrs a, String value) {
      int hash = value.lastIndexOf('#');
      if (hash < 0 || (!value.contains("WANIPConnection") && !value.contains("WANPPPConnection"))) {
        return;
      }
      String action = value.substring(hash + 1).replace("\"", "").trim();
      if (action.isEmpty() || action.length() > 64) {
        return;
      }
      // A port mapping outweighs the queries around it (GetExternalIPAddress...).
      if (a.upnpAction == null || action.endsWith("PortMapping")) {
        a.upnpAction = action;
        upnp = action.endsWith("PortMapping");
      }
    }

    /** HTTP Basic: the user name is evidence of a login in clear; the password is never decoded. */
    private void basicUser(SessionAttrs a, byte[] b, int v, int vEnd) {
      if (Bytes.matchAscii(b, v, vEnd - v, "Basic ", true) != 1) {
        return;
      }
      String token = Bytes.trimmed(b, v + 6, vEnd);
      if (token == null || token.length() > 1024) {
        return;
      }
      byte[] decoded;
      try {
        decoded = java.util.Base64.getDecoder().decode(token);
      } catch (IllegalArgumentException e) {
        return;
      }
      int colon = Bytes.indexOf(decoded, 0, decoded.length, ':');
      a.clearLoginProtocol = "http";
      a.clearPassword = true;
      if (colon > 0) {
        a.loginUser = new String(decoded, 0, colon, java.nio.charset.StandardCharsets.UTF_8);
      }
      java.util.Arrays.fill(decoded, (byte) 0);
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
      if (upnp) {
        if (soap == null) {
          soap = new byte[MAX_SOAP];
        }
        int take = Math.min(len, soap.length - soapLen);
        System.arraycopy(b, off, soap, soapLen, take);
        soapLen += take;
      }
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
      if (upnp && soapLen > 0) {
        portMapping(flow.attrs(), soap, soapLen);
        soapLen = 0;
      }
      upnp = false;
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

  /** Hikvision's ISAPI: {@code METHOD /ISAPI/...} of each request, without its query string. */
  private void isapi(byte[] b, int off, int len, int sp1) {
    int p = sp1 + 1;
    int end = off + len;
    // Absolute-form requests (through a proxy) carry scheme and host first.
    int isapi = Bytes.indexOfIgnoreCase(b, p, Math.min(end, p + 300), "/ISAPI/");
    if (sp1 <= off || isapi < 0 || flow.attrs().isapiPaths.size() >= MAX_ISAPI) {
      return;
    }
    int stop = isapi;
    while (stop < end && b[stop] != ' ' && b[stop] != '?' && b[stop] != '#' && stop - isapi < 200) {
      stop++;
    }
    String entry = Bytes.ascii(b, off, sp1 - off) + " " + Bytes.ascii(b, isapi, stop - isapi);
    if (!flow.attrs().isapiPaths.contains(entry)) {
      flow.attrs().isapiPaths.add(entry);
    }
  }

  private static void portMapping(SessionAttrs a, byte[] b, int len) {
    a.upnpExternalPort = port(XmlText.element(b, 0, len, "NewExternalPort"), a.upnpExternalPort);
    a.upnpInternalPort = port(XmlText.element(b, 0, len, "NewInternalPort"), a.upnpInternalPort);
    String client = XmlText.element(b, 0, len, "NewInternalClient");
    if (client != null) {
      a.upnpInternalClient = client;
    }
  }

  private static int port(String text, int otherwise) {
    if (text == null || text.isEmpty() || text.length() > 5) {
      return otherwise;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Bytes.isDigit(text.charAt(i))) {
        return otherwise;
      }
    }
    int p = Integer.parseInt(text);
    return p <= 65535 ? p : otherwise;
  }

  private static boolean is(byte[] b, int off, int end, String name) {
    return end - off == name.length() && Bytes.matchAscii(b, off, end - off, name, true) == 1;
  }

  private static boolean textualType(String ct) {
    return ct.startsWith("text/")
        || ct.contains("xml")
        || ct.contains("json")
        || ct.startsWith("application/soap");
  }

  private static boolean binaryType(String ct) {
    return ct.startsWith("application/octet-stream")
        || ct.startsWith("application/zip")
        || ct.startsWith("application/gzip")
        || ct.startsWith("application/x-gzip")
        || ct.startsWith("application/x-tar")
        || ct.startsWith("application/x-binary")
        || ct.startsWith("application/x-msdownload")
        || ct.startsWith("application/x-firmware")
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
