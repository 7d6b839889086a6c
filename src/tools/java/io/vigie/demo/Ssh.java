package io.vigie.demo;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An interactive SSH session (RFC 4253) from a vendor workstation to a camera: version banners,
 * KEXINIT both ways, curve25519 key exchange, NEWKEYS, then encrypted-looking packets for an
 * interactive session, then FIN.
 *
 * <pre>{@code
 * List<Packet> p = Ssh.session(vendor, 51022, cam, start, 40, seed);
 * }</pre>
 */
public final class Ssh {
  private static final String[] CLIENT_LISTS = {
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256,ext-info-c",
    "ecdsa-sha2-nistp256,ssh-ed25519,rsa-sha2-512,rsa-sha2-256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256",
    "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256",
    "none,zlib@openssh.com",
    "none,zlib@openssh.com",
    "",
    "",
  };
  private static final String[] SERVER_LISTS = {
    "curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group14-sha256,kexguess2@matt.ucc.asn.au",
    "ecdsa-sha2-nistp256,ssh-ed25519,rsa-sha2-256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr",
    "hmac-sha2-256",
    "hmac-sha2-256",
    "none",
    "none",
    "",
    "",
  };

  private Ssh() {}

  /**
   * @param keystrokes round trips of the interactive part (a keystroke and its echo, then output)
   */
  public static List<Packet> session(
      Host client, int clientPort, Host server, long startNanos, int keystrokes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    TcpSession s = new TcpSession(client, clientPort, server, 22, startNanos, 24_000_000, seed);
    s.connect();
    s.send(false, Rtsp.ascii("SSH-2.0-dropbear_2020.81\r\n"));
    s.send(true, Rtsp.ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
    s.send(true, packet(kexinit(CLIENT_LISTS, r), r));
    s.send(false, packet(kexinit(SERVER_LISTS, r), r));
    ByteArrayOutputStream init = new ByteArrayOutputStream();
    init.write(30); // SSH_MSG_KEX_ECDH_INIT
    string(init, bytes(r, 32));
    s.send(true, packet(init.toByteArray(), r));
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    reply.write(31); // SSH_MSG_KEX_ECDH_REPLY
    ByteArrayOutputStream hostKey = new ByteArrayOutputStream();
    string(hostKey, Rtsp.ascii("ecdsa-sha2-nistp256"));
    string(hostKey, Rtsp.ascii("nistp256"));
    byte[] point = bytes(r, 65);
    point[0] = 0x04; // uncompressed point (SEC 1 2.3.3)
    string(hostKey, point);
    string(reply, hostKey.toByteArray());
    string(reply, bytes(r, 32));
    ByteArrayOutputStream sig = new ByteArrayOutputStream();
    string(sig, Rtsp.ascii("ecdsa-sha2-nistp256"));
    // RFC 5656 3.1.2: the blob is two mpints, r and s; positive, so no leading 0x80 bit.
    ByteArrayOutputStream rs = new ByteArrayOutputStream();
    byte[] sigR = bytes(r, 32);
    byte[] sigS = bytes(r, 32);
    sigR[0] &= 0x7f;
    sigS[0] &= 0x7f;
    string(rs, sigR);
    string(rs, sigS);
    string(sig, rs.toByteArray());
    string(reply, sig.toByteArray());
    byte[] newKeys = packet(new byte[] {21}, r);
    byte[] replyPacket = packet(reply.toByteArray(), r);
    byte[] both = new byte[replyPacket.length + newKeys.length];
    System.arraycopy(replyPacket, 0, both, 0, replyPacket.length);
    System.arraycopy(newKeys, 0, both, replyPacket.length, newKeys.length);
    s.send(false, both);
    s.send(true, packet(new byte[] {21}, r));
    // From here on everything is ciphertext: lengths as chacha20-poly1305 makes them.
    s.send(true, bytes(r, 4 + 32 + 16)); // service request
    s.send(false, bytes(r, 4 + 32 + 16));
    s.send(true, bytes(r, 4 + 64 + 16)); // userauth
    s.send(false, bytes(r, 4 + 16 + 16));
    s.send(true, bytes(r, 4 + 48 + 16)); // channel open, pty, shell
    s.send(false, bytes(r, 4 + 32 + 16));
    s.send(false, bytes(r, 4 + 480 + 16)); // motd and prompt
    for (int i = 0; i < keystrokes; i++) {
      s.idle(150_000_000L + r.nextInt(400_000) * 1_000L); // whole microseconds, as pcap stores them
      s.send(true, bytes(r, 4 + 16 + 16));
      s.send(false, bytes(r, 4 + 16 + 16));
      if (i % 6 == 5) {
        s.send(false, bytes(r, 4 + 64 + r.nextInt(1200) + 16)); // a command's output
      }
    }
    s.send(true, bytes(r, 4 + 32 + 16)); // exit, channel close
    s.send(false, bytes(r, 4 + 48 + 16));
    s.close(true);
    return s.packets();
  }

  private static byte[] kexinit(String[] lists, SplittableRandom r) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.write(20); // SSH_MSG_KEXINIT
    m.writeBytes(bytes(r, 16)); // cookie
    for (String l : lists) {
      string(m, Rtsp.ascii(l));
    }
    m.write(0); // first_kex_packet_follows
    m.writeBytes(new byte[4]); // reserved
    return m.toByteArray();
  }

  /** The binary packet of RFC 4253 section 6, unencrypted, block size 8. */
  private static byte[] packet(byte[] payload, SplittableRandom r) {
    int padding = 8 - ((5 + payload.length) % 8);
    if (padding < 4) {
      padding += 8;
    }
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    int len = 1 + payload.length + padding;
    m.write(len >>> 24);
    m.write((len >>> 16) & 0xff);
    m.write((len >>> 8) & 0xff);
    m.write(len & 0xff);
    m.write(padding);
    m.writeBytes(payload);
    m.writeBytes(bytes(r, padding));
    return m.toByteArray();
  }

  private static void string(ByteArrayOutputStream m, byte[] b) {
    m.write(b.length >>> 24);
    m.write((b.length >>> 16) & 0xff);
    m.write((b.length >>> 8) & 0xff);
    m.write(b.length & 0xff);
    m.writeBytes(b);
  }

  static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
