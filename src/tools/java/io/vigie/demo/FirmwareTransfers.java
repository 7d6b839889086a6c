package io.vigie.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Ways a firmware image reaches a camera: an HTTP POST to the camera's upgrade CGI ({@code
 * application/octet-stream}), and a TFTP write (RFC 1350: WRQ to port 69, then DATA and ACK on the
 * port the camera picks for the transfer).
 *
 * <pre>{@code
 * List<Packet> post = FirmwareTransfers.httpPost(vendor, 50110, cam, image, t, seed);
 * List<Packet> tftp = FirmwareTransfers.tftpWrite(udp, vendor, 49200, cam, 50123, image, t);
 * }</pre>
 */
public final class FirmwareTransfers {
  private static final int BLOCK = 512;

  private FirmwareTransfers() {}

  public static List<Packet> httpPost(
      Host client, int clientPort, Host cam, FirmwareImage image, long startNanos, long seed) {
    TcpSession s = new TcpSession(client, clientPort, cam, 80, startNanos, 24_000_000, seed);
    s.connect();
    byte[] head =
        Rtsp.ascii(
            "POST /cgi-bin/firmware_upgrade.cgi HTTP/1.1\r\nHost: "
                + cam.address()
                + "\r\n"
                + "User-Agent: AcmeDeviceTool/4.2\r\nAuthorization: Basic YWRtaW46YWRtaW4xMjM0\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=\""
                + image.fileName()
                + "\"\r\n"
                + "Content-Length: "
                + image.bytes().length
                + "\r\n\r\n");
    byte[] request = new byte[head.length + image.bytes().length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(image.bytes(), 0, request, head.length, image.bytes().length);
    s.send(true, request);
    s.idle(1_500_000_000L); // the camera checks the image before answering
    String text = "{\"status\":\"ok\",\"message\":\"upgrade accepted, rebooting\"}";
    s.send(
        false,
        Rtsp.ascii(
            "HTTP/1.1 200 OK\r\nServer: Acme-httpd/1.0\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + text.length()
                + "\r\nConnection: close\r\n\r\n"
                + text));
    s.close(false);
    return s.packets();
  }

  /**
   * @param transferPort the port the camera answers from (its transfer identifier)
   */
  public static List<Packet> tftpWrite(
      Datagrams udp,
      Host client,
      int clientPort,
      Host cam,
      int transferPort,
      FirmwareImage image,
      long startNanos) {
    List<Packet> out = new ArrayList<>();
    long t = startNanos;
    long rtt = 24_000_000;
    byte[] name = Rtsp.ascii(image.fileName());
    byte[] wrq = new byte[2 + name.length + 1 + 6];
    wrq[1] = 2; // WRQ
    System.arraycopy(name, 0, wrq, 2, name.length);
    System.arraycopy(Rtsp.ascii("octet"), 0, wrq, 3 + name.length, 5);
    out.add(udp.udp(t, client, clientPort, cam, 69, wrq));
    t += rtt / 2;
    out.add(udp.udp(t, cam, transferPort, client, clientPort, ack(0)));
    byte[] data = image.bytes();
    // A final block shorter than 512 bytes ends the transfer; an empty one when the size divides.
    int blocks = data.length / BLOCK + 1;
    for (int b = 1; b <= blocks; b++) {
      t += rtt / 2;
      int off = (b - 1) * BLOCK;
      int len = Math.min(BLOCK, data.length - off);
      byte[] d = new byte[4 + len];
      d[1] = 3; // DATA
      Frames.put16(d, 2, b);
      System.arraycopy(data, off, d, 4, len);
      out.add(udp.udp(t, client, clientPort, cam, transferPort, d));
      t += rtt / 2;
      out.add(udp.udp(t, cam, transferPort, client, clientPort, ack(b)));
    }
    return out;
  }

  private static byte[] ack(int block) {
    byte[] a = new byte[4];
    a[1] = 4; // ACK
    Frames.put16(a, 2, block);
    return a;
  }
}
