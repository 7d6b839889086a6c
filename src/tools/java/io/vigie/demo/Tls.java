package io.vigie.demo;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A TLS 1.3 connection (RFC 8446) as a camera phoning home makes it: a ClientHello with SNI, the
 * server's hello and change-cipher-spec, then application-data records whose content is ciphertext.
 *
 * <pre>{@code
 * List<Packet> p = Tls.session(cam, 45678, cloud, "telemetry.acme-cloud.example", t, 3, seed);
 * }</pre>
 */
public final class Tls {
  private static final int[] SUITES = {
    0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
    0x009d, 0x002f, 0x0035,
  };

  private Tls() {}

  /**
   * @param exchanges application-data round trips after the handshake (telemetry uploads)
   */
  public static List<Packet> session(
      Host client,
      int clientPort,
      Host server,
      String sni,
      long startNanos,
      int exchanges,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TcpSession s = new TcpSession(client, clientPort, server, 443, startNanos, 18_000_000, seed);
    s.connect();
    byte[] sessionId = Ssh.bytes(r, 32);
    s.send(true, clientHello(sni, sessionId, r));
    ByteArrayOutputStream flight = new ByteArrayOutputStream();
    flight.writeBytes(serverHello(sessionId, r));
    flight.writeBytes(new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01});
    flight.writeBytes(
        appData(r, 2_800 + r.nextInt(600))); // encrypted extensions, certificate, verify, finished
    s.send(false, flight.toByteArray());
    ByteArrayOutputStream fin = new ByteArrayOutputStream();
    fin.writeBytes(new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01});
    fin.writeBytes(appData(r, 53));
    s.send(true, fin.toByteArray());
    for (int i = 0; i < exchanges; i++) {
      s.send(true, appData(r, 400 + r.nextInt(1800)));
      s.send(false, appData(r, 90 + r.nextInt(200)));
      s.idle(200_000_000);
    }
    s.send(true, appData(r, 19)); // close_notify
    s.close(true);
    return s.packets();
  }

  private static byte[] clientHello(String sni, byte[] sessionId, SplittableRandom r) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    byte[] name = Rtsp.ascii(sni);
    extension(ext, 0x0000, concat(u16(name.length + 3), new byte[] {0}, u16(name.length), name));
    extension(ext, 0x000b, new byte[] {0x01, 0x00});
    extension(ext, 0x000a, concat(u16(6), u16(0x001d), u16(0x0017), u16(0x0018)));
    extension(ext, 0x0010, concat(u16(9), new byte[] {8}, Rtsp.ascii("http/1.1")));
    extension(ext, 0x0016, new byte[0]);
    extension(ext, 0x0017, new byte[0]);
    extension(
        ext,
        0x000d,
        concat(
            u16(16),
            u16(0x0403),
            u16(0x0804),
            u16(0x0401),
            u16(0x0503),
            u16(0x0805),
            u16(0x0501),
            u16(0x0806),
            u16(0x0601)));
    extension(ext, 0x002b, new byte[] {0x04, 0x03, 0x04, 0x03, 0x03});
    extension(ext, 0x002d, new byte[] {0x01, 0x01});
    extension(ext, 0x0033, concat(u16(36), u16(0x001d), u16(32), Ssh.bytes(r, 32)));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(u16(0x0303));
    body.writeBytes(Ssh.bytes(r, 32));
    body.write(sessionId.length);
    body.writeBytes(sessionId);
    body.writeBytes(u16(SUITES.length * 2));
    for (int suite : SUITES) {
      body.writeBytes(u16(suite));
    }
    body.write(1);
    body.write(0);
    body.writeBytes(u16(ext.size()));
    body.writeBytes(ext.toByteArray());
    return record(0x16, 0x0301, handshake(1, body.toByteArray()));
  }

  private static byte[] serverHello(byte[] sessionId, SplittableRandom r) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    extension(ext, 0x002b, u16(0x0304));
    extension(ext, 0x0033, concat(u16(0x001d), u16(32), Ssh.bytes(r, 32)));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(u16(0x0303));
    body.writeBytes(Ssh.bytes(r, 32));
    body.write(sessionId.length);
    body.writeBytes(sessionId);
    body.writeBytes(u16(0x1301));
    body.write(0);
    body.writeBytes(u16(ext.size()));
    body.writeBytes(ext.toByteArray());
    return record(0x16, 0x0303, handshake(2, body.toByteArray()));
  }

  private static byte[] appData(SplittableRandom r, int len) {
    return record(0x17, 0x0303, Ssh.bytes(r, len));
  }

  private static byte[] handshake(int type, byte[] body) {
    return concat(
        new byte[] {
          (byte) type, (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length
        },
        body);
  }

  private static byte[] record(int type, int version, byte[] fragment) {
    return concat(new byte[] {(byte) type}, u16(version), u16(fragment.length), fragment);
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    out.writeBytes(u16(type));
    out.writeBytes(u16(data.length));
    out.writeBytes(data);
  }

  private static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
