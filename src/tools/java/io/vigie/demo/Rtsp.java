package io.vigie.demo;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.List;

/**
 * An RTSP pull (RFC 2326) by a video server from a camera: OPTIONS, DESCRIBE (SDP answer), SETUP
 * with {@code client_port}/{@code server_port}, PLAY, GET_PARAMETER keepalives, TEARDOWN. The video
 * itself is the {@link RtpStream} announced here.
 *
 * <pre>{@code
 * List<Packet> control = Rtsp.pull(vms, 41000, cam, rtp, 50000, 6970, start, end, seed);
 * }</pre>
 */
public final class Rtsp {
  private static final long KEEPALIVE = 30_000_000_000L;

  private Rtsp() {}

  /**
   * @param playNanos when PLAY is answered; the RTP stream should start right after
   * @return the control connection's packets; it starts a few milliseconds before {@code playNanos}
   */
  public static List<Packet> pull(
      Host vms,
      int vmsTcpPort,
      Host cam,
      RtpStream rtp,
      int clientRtpPort,
      int serverRtpPort,
      long playNanos,
      long endNanos,
      long seed) {
    long rtt = 400_000;
    TcpSession s =
        new TcpSession(vms, vmsTcpPort, cam, 554, playNanos - 12 * rtt - 1_000_000, rtt, seed);
    String url = "rtsp://" + cam.address() + ":554/Streaming/Channels/101";
    String session = String.format("%08X", (int) TcpSession.mix(seed ^ 0x5e55));
    String ua = "User-Agent: VigieDemo-VMS/2.3 (LIVE555 Streaming Media v2020.08.19)\r\n";
    String server = "Server: Acme RTSP Server/1.4\r\n";
    s.connect();
    int cseq = 1;
    s.send(true, ascii("OPTIONS " + url + " RTSP/1.0\r\nCSeq: " + cseq + "\r\n" + ua + "\r\n"));
    s.send(
        false,
        ascii(
            "RTSP/1.0 200 OK\r\nCSeq: "
                + cseq++
                + "\r\n"
                + server
                + "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER\r\n\r\n"));
    s.send(
        true,
        ascii(
            "DESCRIBE "
                + url
                + " RTSP/1.0\r\nCSeq: "
                + cseq
                + "\r\n"
                + ua
                + "Accept: application/sdp\r\n\r\n"));
    String sdp =
        "v=0\r\n"
            + "o=- 1105203781 1 IN IP4 "
            + cam.address()
            + "\r\n"
            + "s=Media Presentation\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "t=0 0\r\n"
            + "a=control:*\r\n"
            + "a=range:npt=now-\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "b=AS:2048\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;profile-level-id=640028\r\n"
            + "a=control:trackID=1\r\n";
    s.send(
        false,
        ascii(
            "RTSP/1.0 200 OK\r\nCSeq: "
                + cseq++
                + "\r\n"
                + server
                + "Content-Base: "
                + url
                + "/\r\nContent-Type: application/sdp\r\nContent-Length: "
                + sdp.length()
                + "\r\n\r\n"
                + sdp));
    String ports = "client_port=" + clientRtpPort + "-" + (clientRtpPort + 1);
    s.send(
        true,
        ascii(
            "SETUP "
                + url
                + "/trackID=1 RTSP/1.0\r\nCSeq: "
                + cseq
                + "\r\n"
                + ua
                + "Transport: RTP/AVP;unicast;"
                + ports
                + "\r\n\r\n"));
    s.send(
        false,
        ascii(
            "RTSP/1.0 200 OK\r\nCSeq: "
                + cseq++
                + "\r\n"
                + server
                + "Session: "
                + session
                + ";timeout=60\r\n"
                + "Transport: RTP/AVP;unicast;"
                + ports
                + ";server_port="
                + serverRtpPort
                + "-"
                + (serverRtpPort + 1)
                + ";ssrc="
                + String.format("%08X", rtp.ssrc())
                + ";mode=\"play\"\r\n\r\n"));
    s.send(
        true,
        ascii(
            "PLAY "
                + url
                + "/ RTSP/1.0\r\nCSeq: "
                + cseq
                + "\r\n"
                + ua
                + "Session: "
                + session
                + "\r\nRange: npt=0.000-\r\n\r\n"));
    s.idleUntil(playNanos - rtt / 2);
    s.send(
        false,
        ascii(
            "RTSP/1.0 200 OK\r\nCSeq: "
                + cseq++
                + "\r\n"
                + server
                + "Session: "
                + session
                + "\r\nRange: npt=0.000-\r\n"
                + "RTP-Info: url="
                + url
                + "/trackID=1;seq="
                + rtp.firstSeq()
                + ";rtptime="
                + Integer.toUnsignedString(rtp.firstTimestamp())
                + "\r\n\r\n"));
    // Keepalives every 30 s, half the announced session timeout, as LIVE555 clients do.
    for (long t = playNanos + KEEPALIVE; t < endNanos - KEEPALIVE / 6; t += KEEPALIVE) {
      s.idleUntil(t);
      s.send(
          true,
          ascii(
              "GET_PARAMETER "
                  + url
                  + "/ RTSP/1.0\r\nCSeq: "
                  + cseq
                  + "\r\n"
                  + ua
                  + "Session: "
                  + session
                  + "\r\n\r\n"));
      s.send(
          false,
          ascii(
              "RTSP/1.0 200 OK\r\nCSeq: "
                  + cseq++
                  + "\r\n"
                  + server
                  + "Session: "
                  + session
                  + "\r\n\r\n"));
    }
    s.idleUntil(endNanos);
    s.send(
        true,
        ascii(
            "TEARDOWN "
                + url
                + "/ RTSP/1.0\r\nCSeq: "
                + cseq
                + "\r\n"
                + ua
                + "Session: "
                + session
                + "\r\n\r\n"));
    s.send(false, ascii("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + server + "\r\n"));
    s.close(true);
    return s.packets();
  }

  static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }
}
