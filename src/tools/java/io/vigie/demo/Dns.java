package io.vigie.demo;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A DNS A lookup (RFC 1035) and its answer, the answer's name a compression pointer to the
 * question.
 *
 * <pre>{@code
 * List<Packet> p = Dns.lookup(udp, cam, 41234, resolver, "telemetry.acme-cloud.example", vendorHost, t, 0x1a2b);
 * }</pre>
 */
public final class Dns {
  private Dns() {}

  public static List<Packet> lookup(
      Datagrams udp,
      Host client,
      int clientPort,
      Host resolver,
      String name,
      Host answer,
      long tsNanos,
      int id) {
    byte[] query = message(id, false, name, answer);
    byte[] response = message(id, true, name, answer);
    return List.of(
        udp.udp(tsNanos, client, clientPort, resolver, 53, query),
        udp.udp(tsNanos + 1_200_000, resolver, 53, client, clientPort, response));
  }

  private static byte[] message(int id, boolean response, String name, Host answer) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    write16(m, id);
    write16(m, response ? 0x8180 : 0x0100); // RD, and RA with no error in the answer
    write16(m, 1);
    write16(m, response ? 1 : 0);
    write16(m, 0);
    write16(m, 0);
    for (String label : name.split("\\.")) {
      m.write(label.length());
      m.writeBytes(Rtsp.ascii(label));
    }
    m.write(0);
    write16(m, 1); // A
    write16(m, 1); // IN
    if (response) {
      write16(m, 0xc00c);
      write16(m, 1);
      write16(m, 1);
      write16(m, 0);
      write16(m, 300);
      write16(m, 4);
      int a = answer.ipv4();
      m.write(a >>> 24);
      m.write((a >>> 16) & 0xff);
      m.write((a >>> 8) & 0xff);
      m.write(a & 0xff);
    }
    return m.toByteArray();
  }

  private static void write16(ByteArrayOutputStream m, int v) {
    m.write((v >>> 8) & 0xff);
    m.write(v & 0xff);
  }
}
