package io.vigie.net;

/**
 * Parses and formats addresses held as two longs (see {@code decode.DecodedPacket}). Formatting
 * follows RFC 5952 for IPv6, as Zeek and tshark print them. Parsing accepts literals only and never
 * touches DNS.
 */
public final class IpAddress {
  private IpAddress() {}

  /** A parsed literal: version 4 or 6, address in hi/lo. */
  public record Parsed(int version, long hi, long lo) {}

  public static String format(int version, long hi, long lo) {
    if (version == 4) {
      return ((lo >>> 24) & 0xff)
          + "."
          + ((lo >>> 16) & 0xff)
          + "."
          + ((lo >>> 8) & 0xff)
          + "."
          + (lo & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
      g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** Parses an IPv4 or IPv6 literal; throws IllegalArgumentException for anything else. */
  public static Parsed parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (text.indexOf(':') < 0) {
      return new Parsed(4, 0, parseV4(text));
    }
    return parseV6(text);
  }

  private static long parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
      }
      int b = Integer.parseInt(p);
      if (b > 255) {
        throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
      }
      v = (v << 8) | b;
    }
    return v;
  }

  private static Parsed parseV6(String text) {
    String s = text;
    int[] groups = new int[8];
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int[] h = groupsOf(head, text);
    int[] t = groupsOf(tail, text);
    if (dbl < 0 && h.length != 8 || dbl >= 0 && h.length + t.length > 7) {
      throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
    }
    System.arraycopy(h, 0, groups, 0, h.length);
    System.arraycopy(t, 0, groups, 8 - t.length, t.length);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = (hi << 16) | groups[i];
      lo = (lo << 16) | groups[i + 4];
    }
    return new Parsed(6, hi, lo);
  }

  private static int[] groupsOf(String part, String whole) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] p = part.split(":", -1);
    // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
    boolean v4Tail = p[p.length - 1].indexOf('.') >= 0;
    int[] out = new int[p.length + (v4Tail ? 1 : 0)];
    for (int i = 0; i < p.length; i++) {
      if (v4Tail && i == p.length - 1) {
        long v4 = parseV4(p[i]);
        out[i] = (int) (v4 >>> 16);
        out[i + 1] = (int) (v4 & 0xffff);
        break;
      }
      if (p[i].isEmpty() || p[i].length() > 4) {
        throw new IllegalArgumentException("not an IPv6 address: '" + whole + "'");
      }
      try {
        out[i] = Integer.parseInt(p[i], 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv6 address: '" + whole + "'");
      }
    }
    return out;
  }
}
