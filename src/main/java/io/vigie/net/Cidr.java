package io.vigie.net;

/**
 * An address block such as {@code 10.20.0.0/16} or {@code 2001:db8::/32}; a bare address is a /32
 * or /128. Host bits set below the prefix are refused, as they are usually a typo.
 */
public record Cidr(int version, long hi, long lo, int prefix) {

  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing address block");
    }
    int slash = text.indexOf('/');
    IpAddress.Parsed a = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
    int max = a.version() == 4 ? 32 : 128;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "bad prefix length in '" + text + "' (0 to " + max + ")");
      }
    }
    Cidr c = new Cidr(a.version(), a.hi(), a.lo(), prefix);
    if (!c.contains(a.version(), a.hi() & c.maskHi(), a.lo() & c.maskLo())
        || (a.hi() & ~c.maskHi()) != 0
        || (a.lo() & ~c.maskLo()) != 0) {
      throw new IllegalArgumentException("'" + text + "' has host bits set below /" + prefix);
    }
    return c;
  }

  public boolean contains(int ipVersion, long addrHi, long addrLo) {
    if (ipVersion != version) {
      return false;
    }
    return (addrHi & maskHi()) == hi && (addrLo & maskLo()) == lo;
  }

  private long maskHi() {
    int bits = version == 4 ? 0 : Math.min(prefix, 64);
    return bits == 0 ? 0 : -1L << (64 - bits);
  }

  private long maskLo() {
    int bits = version == 4 ? prefix + 32 : Math.max(prefix - 64, 0);
    if (version == 4) {
      // IPv4 lives in the low 32 bits; the upper 32 are always zero.
      return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }
    return bits == 0 ? 0 : -1L << (64 - bits);
  }

  @Override
  public String toString() {
    return IpAddress.format(version, hi, lo) + "/" + prefix;
  }
}
