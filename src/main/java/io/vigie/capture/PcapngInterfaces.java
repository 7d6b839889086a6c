package io.vigie.capture;

import java.util.Arrays;

/**
 * The interfaces of one pcapng section: link type and time stamp units of each, so that a packet
 * block's 64-bit time stamp becomes nanoseconds since the epoch without allocating.
 *
 * <pre>{@code
 * interfaces.clear();                                  // a new Section Header Block
 * interfaces.add(LinkType.ETHERNET, 9, 0);             // if_tsresol 10^-9, no if_tsoffset
 * long ns = interfaces.toNanos(0, ts);
 * }</pre>
 *
 * <p>Units follow the {@code if_tsresol} option: most significant bit clear, 10^-n seconds; set,
 * 2^-n seconds; absent, microseconds. {@code if_tsoffset} adds whole seconds.
 */
final class PcapngInterfaces {
  static final int MAX = 4096;

  /** {@code if_tsresol} when the option is absent: 10^-6. */
  static final int MICROSECONDS = 6;

  private int count;
  private int[] linkType = new int[4];

  /** When {@code pow2[i] < 0}, nanos = ts * mul / div; else the units are 2^-pow2 seconds. */
  private long[] mul = new long[4];

  private long[] div = new long[4];
  private int[] pow2 = new int[4];
  private long[] offsetNanos = new long[4];

  void clear() {
    count = 0;
  }

  int count() {
    return count;
  }

  int linkType(int i) {
    return linkType[i];
  }

  /** Adds the next interface; returns why it cannot be used, or null. */
  String add(int link, int tsresol, long offsetSeconds) {
    if (count == MAX) {
      return "more than " + MAX + " interfaces in one section";
    }
    if (count == linkType.length) {
      int n = count * 2;
      linkType = Arrays.copyOf(linkType, n);
      mul = Arrays.copyOf(mul, n);
      div = Arrays.copyOf(div, n);
      pow2 = Arrays.copyOf(pow2, n);
      offsetNanos = Arrays.copyOf(offsetNanos, n);
    }
    int i = count;
    linkType[i] = link;
    pow2[i] = -1;
    mul[i] = 1;
    div[i] = 1;
    if ((tsresol & 0x80) != 0) {
      int e = tsresol & 0x7f;
      if (e > 62) {
        return "if_tsresol 2^-" + e + " is not supported";
      }
      pow2[i] = e;
    } else if (tsresol <= 9) {
      mul[i] = pow10(9 - tsresol);
    } else if (tsresol <= 18) {
      div[i] = pow10(tsresol - 9);
    } else {
      return "if_tsresol 10^-" + tsresol + " is not supported";
    }
    offsetNanos[i] = offsetSeconds * 1_000_000_000L;
    count++;
    return null;
  }

  long toNanos(int i, long ts) {
    int e = pow2[i];
    long n;
    if (e < 0) {
      n = ts * mul[i] / div[i];
    } else {
      long whole = ts >>> e;
      long frac = ts & ((1L << e) - 1);
      // frac * 1e9 overflows past 2^33 units per second; the double keeps ~53 bits, plenty.
      n =
          whole * 1_000_000_000L
              + (e <= 33
                  ? (frac * 1_000_000_000L) >>> e
                  : (long) (frac * 1e9 / Math.scalb(1.0, e)));
    }
    return n + offsetNanos[i];
  }

  private static long pow10(int n) {
    long v = 1;
    for (int k = 0; k < n; k++) {
      v *= 10;
    }
    return v;
  }
}
