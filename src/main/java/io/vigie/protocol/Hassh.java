package io.vigie.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HASSH fingerprints of an SSH key exchange (Salesforce, as computed by Zeek's and Wireshark's
 * {@code ssh.kex.hassh}): the MD5 of {@code kex;ciphers;macs;compression} from an SSH_MSG_KEXINIT
 * (RFC 4253 section 7.1), the client-to-server lists for the client's HASSH and the
 * server-to-client lists for the server's.
 *
 * <pre>{@code
 * String h = Hassh.of(kexinitPayload, 0, len, true);   // null when the payload is no KEXINIT
 * }</pre>
 */
final class Hassh {
  static final int MSG_KEXINIT = 20;
  private static final int COOKIE = 16;
  private static final int NAME_LISTS = 10;

  private Hassh() {}

  /**
   * @param p the payload of one SSH binary packet (message code first)
   * @param client true for the client's HASSH, false for the server's (hasshServer)
   * @return 32 lowercase hex digits, or null when the payload is not a well-formed KEXINIT
   */
  static String of(byte[] p, int off, int len, boolean client) {
    String[] lists = nameLists(p, off, len);
    if (lists == null) {
      return null;
    }
    // Lists in RFC order: kex, host key, enc c2s, enc s2c, mac c2s, mac s2c, comp c2s, comp s2c.
    String text =
        client
            ? lists[0] + ';' + lists[2] + ';' + lists[4] + ';' + lists[6]
            : lists[0] + ';' + lists[3] + ';' + lists[5] + ';' + lists[7];
    return md5Hex(text);
  }

  /** The ten name-lists of a KEXINIT payload, or null. */
  static String[] nameLists(byte[] p, int off, int len) {
    int end = off + len;
    if (len < 1 + COOKIE + 4 * NAME_LISTS || (p[off] & 0xFF) != MSG_KEXINIT) {
      return null;
    }
    int i = off + 1 + COOKIE;
    String[] lists = new String[NAME_LISTS];
    for (int k = 0; k < NAME_LISTS; k++) {
      if (i + 4 > end) {
        return null;
      }
      long n = Bytes.u32(p, i);
      i += 4;
      if (n > end - i) {
        return null;
      }
      for (int c = i; c < i + n; c++) {
        if (!Bytes.isPrintable(p[c] & 0xFF)) {
          return null;
        }
      }
      lists[k] = new String(p, i, (int) n, StandardCharsets.US_ASCII);
      i += (int) n;
    }
    return lists;
  }

  static String md5Hex(String text) {
    try {
      return hex(
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII)), 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  static String hex(byte[] digest, int digits) {
    StringBuilder s = new StringBuilder(digits);
    for (int i = 0; s.length() < digits && i < digest.length; i++) {
      s.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(digest[i] & 0xF, 16));
    }
    s.setLength(Math.min(s.length(), digits));
    return s.toString();
  }
}
