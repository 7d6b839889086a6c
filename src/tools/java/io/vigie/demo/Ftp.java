package io.vigie.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * An FTP upload (RFC 959) in passive mode: login on the control connection, PASV, then STOR of a
 * file over a second connection to the port the camera announced.
 *
 * <pre>{@code
 * List<Packet> p = Ftp.passiveStore(vendor, 52000, 52001, cam, 50000, "admin", file, t, seed);
 * }</pre>
 */
public final class Ftp {
  private Ftp() {}

  public static List<Packet> passiveStore(
      Host client,
      int controlPort,
      int dataClientPort,
      Host server,
      int passivePort,
      String user,
      FirmwareImage file,
      long startNanos,
      long seed) {
    long rtt = 24_000_000;
    TcpSession c = new TcpSession(client, controlPort, server, 21, startNanos, rtt, seed);
    c.connect();
    c.send(false, Rtsp.ascii("220 Acme camera FTP server ready.\r\n"));
    c.send(true, Rtsp.ascii("USER " + user + "\r\n"));
    c.send(false, Rtsp.ascii("331 Password required for " + user + ".\r\n"));
    c.send(true, Rtsp.ascii("PASS support2026\r\n"));
    c.send(false, Rtsp.ascii("230 User " + user + " logged in.\r\n"));
    c.send(true, Rtsp.ascii("TYPE I\r\n"));
    c.send(false, Rtsp.ascii("200 Type set to I.\r\n"));
    c.send(true, Rtsp.ascii("PASV\r\n"));
    int a = server.ipv4();
    c.send(
        false,
        Rtsp.ascii(
            "227 Entering Passive Mode ("
                + (a >>> 24)
                + ","
                + ((a >>> 16) & 0xff)
                + ","
                + ((a >>> 8) & 0xff)
                + ","
                + (a & 0xff)
                + ","
                + (passivePort >>> 8)
                + ","
                + (passivePort & 0xff)
                + ").\r\n"));
    TcpSession d =
        new TcpSession(client, dataClientPort, server, passivePort, c.now(), rtt, seed + 1);
    d.connect();
    c.idleUntil(d.now());
    c.send(true, Rtsp.ascii("STOR " + file.fileName() + "\r\n"));
    c.send(
        false,
        Rtsp.ascii("150 Opening BINARY mode data connection for " + file.fileName() + ".\r\n"));
    d.idleUntil(c.now());
    d.send(true, file.bytes());
    d.close(true);
    c.idleUntil(d.now());
    c.send(false, Rtsp.ascii("226 Transfer complete.\r\n"));
    c.send(true, Rtsp.ascii("QUIT\r\n"));
    c.send(false, Rtsp.ascii("221 Goodbye.\r\n"));
    c.close(false);
    List<Packet> all = new ArrayList<>(c.packets());
    all.addAll(d.packets());
    return all;
  }
}
