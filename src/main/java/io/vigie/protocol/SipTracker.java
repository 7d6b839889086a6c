package io.vigie.protocol;

import io.vigie.net.App;
import io.vigie.net.IpAddress;

/**
 * Follows SIP signalling (RFC 3261) and its GB/T 28181 use by video platforms: the first request's
 * method, URI and User-Agent, the last final status, and for GB/T 28181 the device and platform ids
 * and the MANSCDP command types ({@code <CmdType>}) carried in MESSAGE bodies. SDP offers and
 * answers (RFC 4566 {@code c=} and {@code m=} lines) announce the media flows, which then carry
 * this session as their parent, as RTSP does. Authorization headers and digest responses are never
 * kept.
 */
final class SipTracker implements Tracker {
  private static final long EXPECT_NANOS = 300_000_000_000L;
  private static final int MAX_BODY = 8192;
  private static final int MAX_CMDS = 20;

  /** Signalling is a few messages a minute; past this the session has said what it will. */
  private static final int MAX_PACKETS = 4096;

  /**
   * GB/T 28181 ids: 20 digits, the 11th to 13th give the type (200 a platform, 111-199 devices).
   */
  static final int GB_ID_LENGTH = 20;

  private final Expectations expectations;
  private final boolean udp;
  private final Side orig;
  private final Side resp;
  private FlowContext flow;
  private long now;

  /** The media address and port of the last SDP offer, waiting for its answer. */
  private IpAddress.Parsed offerAddress;

  private int offerPort = -1;
  private int offerProto;
  private boolean offerFromOrig;

  SipTracker(Expectations expectations, boolean udp) {
    this.expectations = expectations;
    this.udp = udp;
    this.orig = new Side(true);
    this.resp = new Side(false);
  }

  @Override
  public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
    flow = f;
    now = ts;
    Side s = fromOrig ? orig : resp;
    s.parser.feed(b, off, len);
    if (udp) {
      s.parser.endDatagram();
    }
    return !(orig.parser.dead() && resp.parser.dead()) && f.origPkts() + f.respPkts() < MAX_PACKETS;
  }

  @Override
  public void onGap(FlowContext f, boolean fromOrig, long lostBytes) {
    (fromOrig ? orig : resp).parser.kill();
  }

  @Override
  public void onEnd(FlowContext f, long ts) {
    flow = f;
    now = ts;
    if (offerPort > 0) {
      // An offer without an answer seen: the media may still come, from any port of the peer.
      announce(offerFromOrig, offerAddress, offerPort, null, 0, offerProto);
      offerPort = -1;
    }
  }

  private void gb28181() {
    if (flow.app() == App.SIP) {
      flow.app(App.GB28181);
    }
  }

  /** Type digits of a GB/T 28181 id, or -1 when the text is not one. */
  static int gbType(String id) {
    if (id == null || id.length() != GB_ID_LENGTH) {
      return -1;
    }
    for (int i = 0; i < GB_ID_LENGTH; i++) {
      if (!Bytes.isDigit(id.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(id.substring(10, 13));
  }

  /**
   * A SIP URI without the password that RFC 3261 19.1.1 still allows ({@code sip:user:pass@host},
   * "NOT RECOMMENDED"): the user stays, it names the account.
   */
  static String withoutPassword(String uri) {
    if (uri == null) {
      return null;
    }
    int at = uri.indexOf('@');
    int scheme = uri.indexOf(':');
    if (at < 0 || scheme < 0) {
      return uri;
    }
    int colon = uri.indexOf(':', scheme + 1);
    return colon > 0 && colon < at ? uri.substring(0, colon) + uri.substring(at) : uri;
  }

  /** The user part of a SIP URI ({@code sip:user@host;params}) in a header or request line. */
  static String uriUser(String text) {
    if (text == null) {
      return null;
    }
    int s = text.indexOf("sip:");
    if (s < 0) {
      s = text.indexOf("sips:");
      if (s < 0) {
        return null;
      }
      s++;
    }
    s += 4;
    int at = text.indexOf('@', s);
    if (at < 0) {
      return null;
    }
    return text.substring(s, at);
  }

  private void ids(String requestUriUser, String fromUser, String toUser, boolean register) {
    SessionAttrs a = flow.attrs();
    for (String id : new String[] {fromUser, toUser, requestUriUser}) {
      int type = gbType(id);
      if (type < 0) {
        continue;
      }
      gb28181();
      if (type >= 200 && type < 300) {
        if (a.gbPlatformId == null) {
          a.gbPlatformId = id;
        }
      } else if (a.gbDeviceId == null) {
        a.gbDeviceId = id;
      }
    }
    // A REGISTER goes from the device to its platform, whatever the type digits say.
    if (register && gbType(fromUser) >= 0 && a.gbDeviceId == null) {
      a.gbDeviceId = fromUser;
    }
    if (register
        && gbType(requestUriUser) >= 0
        && a.gbPlatformId == null
        && !requestUriUser.equals(a.gbDeviceId)) {
      a.gbPlatformId = requestUriUser;
    }
  }

  private void manscdp(byte[] b, int off, int len) {
    String cmd = XmlText.element(b, off, len, "CmdType");
    SessionAttrs a = flow.attrs();
    if (cmd != null && !a.gbCmds.contains(cmd) && a.gbCmds.size() < MAX_CMDS) {
      a.gbCmds.add(cmd);
    }
    String device = XmlText.element(b, off, len, "DeviceID");
    if (device != null
        && gbType(device) >= 0
        && a.gbDeviceId == null
        && (gbType(device) < 200 || gbType(device) >= 300)) {
      a.gbDeviceId = device;
    }
  }

  /**
   * Reads the session-level or first media-level {@code c=} address and the first {@code m=} port.
   */
  private void sdp(byte[] b, int off, int len, boolean fromOrig, boolean answer) {
    int end = off + len;
    IpAddress.Parsed address = null;
    int port = -1;
    int proto = 17;
    for (int i = off; i < end; ) {
      int nl = Bytes.indexOf(b, i, end, '\n');
      int lineEnd = nl < 0 ? end : nl;
      String line = Bytes.trimmed(b, i, lineEnd);
      i = lineEnd + 1;
      if (line == null) {
        continue;
      }
      if (line.startsWith("c=IN IP") && line.length() > 9 && address == null) {
        String addr = line.substring(9).trim();
        int slash = addr.indexOf('/');
        try {
          address = IpAddress.parse(slash < 0 ? addr : addr.substring(0, slash));
        } catch (IllegalArgumentException e) {
          address = null;
        }
      } else if (line.startsWith("m=") && port < 0) {
        String[] f = line.substring(2).split(" ");
        if (f.length >= 3) {
          try {
            port = Integer.parseInt(f[1]);
          } catch (NumberFormatException e) {
            port = -1;
          }
          proto = f[2].toUpperCase(java.util.Locale.ROOT).startsWith("TCP") ? 6 : 17;
        }
      }
    }
    if (address == null || port <= 0 || port > 65535) {
      return;
    }
    if (!answer) {
      offerAddress = address;
      offerPort = port;
      offerProto = proto;
      offerFromOrig = fromOrig;
    } else if (offerPort > 0) {
      announce(offerFromOrig, offerAddress, offerPort, address, port, offerProto);
      offerPort = -1;
    }
  }

  private void announce(
      boolean offerFromOrig,
      IpAddress.Parsed offer,
      int offerPort,
      IpAddress.Parsed answer,
      int answerPort,
      int proto) {
    if (offer.version() != flow.ipVersion()
        || (answer != null && answer.version() != flow.ipVersion())) {
      return;
    }
    long peerHi;
    long peerLo;
    if (answer != null) {
      peerHi = answer.hi();
      peerLo = answer.lo();
    } else {
      peerHi = offerFromOrig ? flow.respHi() : flow.origHi();
      peerLo = offerFromOrig ? flow.respLo() : flow.origLo();
    }
    expectations.expect(
        new Expectation(
            proto,
            flow.ipVersion(),
            offer.hi(),
            offer.lo(),
            offerPort,
            peerHi,
            peerLo,
            answerPort,
            App.RTP,
            flow.communityId(),
            null,
            now + EXPECT_NANOS));
    if (proto == 17 && offerPort < 65535 && answerPort < 65535) {
      // RTCP on the next port up (RFC 3550 11), as RTSP's client_port pairs say outright.
      expectations.expect(
          new Expectation(
              proto,
              flow.ipVersion(),
              offer.hi(),
              offer.lo(),
              offerPort + 1,
              peerHi,
              peerLo,
              answerPort == 0 ? 0 : answerPort + 1,
              App.RTP,
              flow.communityId(),
              null,
              now + EXPECT_NANOS));
    }
  }

  private final class Side implements TextMessageParser.Listener {
    final TextMessageParser parser;
    private final boolean fromOrig;
    private final byte[] body = new byte[MAX_BODY];
    private int bodyLen;
    private boolean request;
    private boolean register;
    private boolean invite;
    private int status;
    private String requestUriUser;
    private String fromUser;
    private String toUser;
    private boolean manscdp;
    private boolean sdp;

    Side(boolean fromOrig) {
      this.fromOrig = fromOrig;
      this.parser = new TextMessageParser(this, false, udp);
    }

    @Override
    public boolean startLine(byte[] b, int off, int len, boolean isRequest) {
      if (!SipRecogniser.isStartLine(b, off, len)) {
        return false;
      }
      SessionAttrs a = flow.attrs();
      request = !Bytes.startsWith(b, off, len, "SIP/2.0 ");
      bodyLen = 0;
      manscdp = false;
      sdp = false;
      fromUser = null;
      toUser = null;
      requestUriUser = null;
      if (request) {
        int sp = Bytes.indexOf(b, off, off + len, ' ');
        int sp2 = Bytes.indexOf(b, sp + 1, off + len, ' ');
        String method = Bytes.ascii(b, off, sp - off);
        String uri = sp2 > sp ? Bytes.ascii(b, sp + 1, sp2 - sp - 1) : null;
        register = "REGISTER".equals(method);
        invite = "INVITE".equals(method);
        requestUriUser = uriUser(uri);
        if (a.sipMethod == null) {
          a.sipMethod = method;
          a.sipUri = withoutPassword(uri);
        }
        status = 0;
      } else {
        status = (b[off + 8] - '0') * 100 + (b[off + 9] - '0') * 10 + (b[off + 10] - '0');
        if (status >= 200) {
          a.sipStatus = status;
        }
      }
      return true;
    }

    @Override
    public void header(byte[] b, int nameOff, int nameEnd, int v, int vEnd) {
      int n = nameEnd - nameOff;
      if (is(b, nameOff, n, "User-Agent")) {
        if (flow.attrs().sipUserAgent == null && request) {
          flow.attrs().sipUserAgent = Bytes.trimmed(b, v, Math.min(vEnd, v + 255));
        }
      } else if (is(b, nameOff, n, "From") || is(b, nameOff, n, "f")) {
        fromUser = uriUser(Bytes.ascii(b, v, Math.min(vEnd - v, 512)));
      } else if (is(b, nameOff, n, "To") || is(b, nameOff, n, "t")) {
        toUser = uriUser(Bytes.ascii(b, v, Math.min(vEnd - v, 512)));
      } else if (is(b, nameOff, n, "Content-Type") || is(b, nameOff, n, "c")) {
        manscdp = Bytes.indexOfIgnoreCase(b, v, vEnd, "MANSCDP") >= 0;
        sdp = Bytes.indexOfIgnoreCase(b, v, vEnd, "application/sdp") >= 0;
      }
    }

    private boolean is(byte[] b, int off, int n, String name) {
      return n == name.length() && Bytes.matchAscii(b, off, n, name, true) == 1;
    }

    @Override
    public void headersEnd(boolean hasBody) {
      ids(requestUriUser, fromUser, toUser, register && request);
      if (manscdp) {
        gb28181();
      }
    }

    @Override
    public void body(byte[] b, int off, int len) {
      int take = Math.min(len, body.length - bodyLen);
      System.arraycopy(b, off, body, bodyLen, take);
      bodyLen += take;
    }

    @Override
    public void messageEnd() {
      if (bodyLen == 0) {
        return;
      }
      if (manscdp) {
        manscdp(body, 0, bodyLen);
      } else if (sdp && (request ? invite : status > 100 && status < 300)) {
        // An answer may come early, in a 183 Session Progress (RFC 3262, RFC 3960).
        sdp(body, 0, bodyLen, fromOrig, !request);
      } else if (!sdp && Bytes.indexOfIgnoreCase(body, 0, bodyLen, "<CmdType>") >= 0) {
        // Some devices label MANSCDP bodies Application/xml.
        gb28181();
        manscdp(body, 0, bodyLen);
      }
      bodyLen = 0;
    }
  }
}
