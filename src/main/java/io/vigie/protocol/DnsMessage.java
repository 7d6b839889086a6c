package io.vigie.protocol;

/**
 * Reads DNS messages (RFC 1035 section 4) in place: header checks, names with compression pointers
 * (loops bounded), and a walk over the resource records.
 */
final class DnsMessage {
  static final int HEADER = 12;
  static final int TYPE_A = 1;
  static final int TYPE_CNAME = 5;
  static final int TYPE_AAAA = 28;
  private static final int MAX_NAME = 255;
  private static final int MAX_POINTERS = 16;
  private static final int MAX_RECORDS = 64;

  private DnsMessage() {}

  /** True when the bytes hold one plausible DNS message, question and records parsing exactly. */
  static boolean plausible(byte[] b, int off, int len) {
    if (len < HEADER + 5) {
      return false;
    }
    int flags = Bytes.u16(b, off + 2);
    int opcode = (flags >> 11) & 0xF;
    boolean response = (flags & 0x8000) != 0;
    int qd = Bytes.u16(b, off + 4);
    int an = Bytes.u16(b, off + 6);
    int ns = Bytes.u16(b, off + 8);
    int ar = Bytes.u16(b, off + 10);
    if (qd != 1 || opcode > 5 || opcode == 3 || (flags & 0x0040) != 0) {
      return false; // Z bit must be zero (RFC 1035 4.1.1)
    }
    if (!response && (an != 0 || ns > 1 || ar > 2)) {
      return false;
    }
    if (an + ns + ar > MAX_RECORDS) {
      return false;
    }
    int end = off + len;
    int i = skipName(b, off + HEADER, off, end);
    if (i < 0 || i + 4 > end) {
      return false;
    }
    int qclass = Bytes.u16(b, i + 2) & 0x7FFF;
    if (qclass != 1 && qclass != 3 && qclass != 4 && qclass != 255) {
      return false;
    }
    i += 4;
    for (int r = 0; r < an + ns + ar; r++) {
      i = skipName(b, i, off, end);
      if (i < 0 || i + 10 > end) {
        // A truncated answer (fragment lost, snap length) is still DNS when the question parsed.
        return response && r > 0;
      }
      i += 10 + Bytes.u16(b, i + 8);
      if (i > end) {
        return response;
      }
    }
    return i == end;
  }

  /** Skips a name; returns the index after it, or -1 when malformed. */
  static int skipName(byte[] b, int i, int msgOff, int end) {
    int total = 0;
    while (i < end) {
      int l = b[i] & 0xFF;
      if (l == 0) {
        return i + 1;
      }
      if ((l & 0xC0) == 0xC0) {
        return i + 2 <= end && ((l & 0x3F) << 8 | (b[i + 1] & 0xFF)) < end - msgOff ? i + 2 : -1;
      }
      if ((l & 0xC0) != 0) {
        return -1;
      }
      total += l + 1;
      if (total > MAX_NAME) {
        return -1;
      }
      i += l + 1;
    }
    return -1;
  }

  /**
   * Decodes a name into {@code out} (lower case, no trailing dot).
   *
   * @return false when malformed
   */
  static boolean readName(byte[] b, int i, int msgOff, int end, StringBuilder out) {
    out.setLength(0);
    int pointers = 0;
    while (i < end) {
      int l = b[i] & 0xFF;
      if (l == 0) {
        return true;
      }
      if ((l & 0xC0) == 0xC0) {
        if (i + 1 >= end || ++pointers > MAX_POINTERS) {
          return false;
        }
        i = msgOff + (((l & 0x3F) << 8) | (b[i + 1] & 0xFF));
        continue;
      }
      if ((l & 0xC0) != 0 || i + 1 + l > end || out.length() + l + 1 > MAX_NAME) {
        return false;
      }
      if (out.length() > 0) {
        out.append('.');
      }
      for (int k = i + 1; k <= i + l; k++) {
        out.append((char) Bytes.lower(b[k] & 0xFF));
      }
      i += l + 1;
    }
    return false;
  }
}
