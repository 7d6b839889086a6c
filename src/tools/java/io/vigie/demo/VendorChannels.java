package io.vigie.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A camera's own channels to the outside, as the GB/T 28181-2016 standard (9.1 registration, A.2
 * MANSCDP keepalive) and UPnP IGD 1.0 (WANIPConnection:1 AddPortMapping) describe them: a camera
 * registering itself to a video platform, and a camera asking the router to open a port to it.
 *
 * <pre>{@code
 * List<Packet> reg = VendorChannels.gb28181Register(udp, cam, foreign, deviceId, platformId, t);
 * List<Packet> map = VendorChannels.upnpAddPortMapping(cam, 43000, router, 8554, 554, t, seed);
 * }</pre>
 */
public final class VendorChannels {
  private VendorChannels() {}

  /**
   * REGISTER, 401 with a digest challenge, REGISTER with the digest answer, 200, then a MANSCDP
   * Keepalive and its 200: all on one UDP flow from the camera's port 5060 to the platform's.
   */
  public static List<Packet> gb28181Register(
      Datagrams udp, Host cam, Host platform, String deviceId, String platformId, long tsNanos) {
    String domain = platformId.substring(0, 10);
    String via =
        "Via: SIP/2.0/UDP "
            + cam.address()
            + ":5060;rport;branch=z9hG4bK"
            + deviceId.substring(14)
            + "\r\n";
    String from = "From: <sip:" + deviceId + "@" + domain + ">;tag=1\r\n";
    String register =
        "REGISTER sip:"
            + platformId
            + "@"
            + domain
            + " SIP/2.0\r\n"
            + via
            + from
            + "To: <sip:"
            + deviceId
            + "@"
            + domain
            + ">\r\nCall-ID: 1@"
            + cam.address()
            + "\r\n";
    String tail =
        "Contact: <sip:"
            + deviceId
            + "@"
            + cam.address()
            + ":5060>\r\nMax-Forwards: 70\r\n"
            + "User-Agent: IP Camera\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n";
    String keepalive =
        "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n"
            + "<SN>1</SN>\r\n<DeviceID>"
            + deviceId
            + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
    List<String[]> exchange =
        List.of(
            new String[] {"c", register + "CSeq: 1 REGISTER\r\n" + tail},
            new String[] {
              "p",
              "SIP/2.0 401 Unauthorized\r\n"
                  + via
                  + "CSeq: 1 REGISTER\r\nWWW-Authenticate: Digest realm=\""
                  + domain
                  + "\", nonce=\"5d1c2e7a9b3f4a6c\", algorithm=MD5\r\nContent-Length: 0\r\n\r\n"
            },
            // The digest response is made up: the demo carries no real secret, and vigie keeps
            // none.
            new String[] {
              "c",
              register
                  + "CSeq: 2 REGISTER\r\nAuthorization: Digest username=\""
                  + deviceId
                  + "\", realm=\""
                  + domain
                  + "\", nonce=\"5d1c2e7a9b3f4a6c\", uri=\"sip:"
                  + platformId
                  + "@"
                  + domain
                  + "\", response=\"00112233445566778899aabbccddeeff\", algorithm=MD5\r\n"
                  + tail
            },
            new String[] {
              "p", "SIP/2.0 200 OK\r\n" + via + "CSeq: 2 REGISTER\r\nContent-Length: 0\r\n\r\n"
            },
            new String[] {
              "c",
              "MESSAGE sip:"
                  + platformId
                  + "@"
                  + domain
                  + " SIP/2.0\r\n"
                  + via
                  + from
                  + "To: <sip:"
                  + platformId
                  + "@"
                  + domain
                  + ">\r\nCall-ID: 2@"
                  + cam.address()
                  + "\r\nCSeq: 3 MESSAGE\r\n"
                  + "Max-Forwards: 70\r\nContent-Type: Application/MANSCDP+xml\r\nContent-Length: "
                  + keepalive.length()
                  + "\r\n\r\n"
                  + keepalive
            },
            new String[] {
              "p", "SIP/2.0 200 OK\r\n" + via + "CSeq: 3 MESSAGE\r\nContent-Length: 0\r\n\r\n"
            });
    List<Packet> packets = new ArrayList<>();
    long t = tsNanos;
    for (String[] m : exchange) {
      boolean fromCam = m[0].equals("c");
      packets.add(
          fromCam
              ? udp.udp(t, cam, 5060, platform, 5060, Rtsp.ascii(m[1]))
              : udp.udp(t, platform, 5060, cam, 5060, Rtsp.ascii(m[1])));
      t += fromCam ? 40_000_000L : 2_000_000L;
    }
    return packets;
  }

  /** The SOAP call {@code upnpc -a} makes to the router's control URL, and the router's 200. */
  public static List<Packet> upnpAddPortMapping(
      Host cam,
      int camPort,
      Host router,
      int externalPort,
      int internalPort,
      long tsNanos,
      long seed) {
    TcpSession s = new TcpSession(cam, camPort, router, 5000, tsNanos, 600_000, seed);
    s.connect();
    String body =
        "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:AddPortMapping "
            + "xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"><NewRemoteHost></NewRemoteHost><NewExternalPort>"
            + externalPort
            + "</NewExternalPort><NewProtocol>TCP</NewProtocol><NewInternalPort>"
            + internalPort
            + "</NewInternalPort><NewInternalClient>"
            + cam.address()
            + "</NewInternalClient><NewEnabled>1</NewEnabled>"
            + "<NewPortMappingDescription>AV-D200</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration>"
            + "</u:AddPortMapping></s:Body></s:Envelope>\r\n";
    s.send(
        true,
        Rtsp.ascii(
            "POST /ctl/IPConn HTTP/1.1\r\nHost: "
                + router.address()
                + ":5000\r\n"
                + "User-Agent: Linux/4.9 UPnP/1.0 AcmeCam/5.7\r\nContent-Length: "
                + body.length()
                + "\r\n"
                + "Content-Type: text/xml\r\nSOAPAction: \"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"\r\n"
                + "Connection: Close\r\n\r\n"
                + body));
    s.send(
        false,
        Rtsp.ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nContent-Length: 0\r\n\r\n"));
    s.close(false);
    return s.packets();
  }
}
