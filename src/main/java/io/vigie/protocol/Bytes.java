package io.vigie.protocol;

import java.nio.charset.StandardCharsets;

/** Reading helpers for wire formats (big-endian unless named otherwise). */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int u24(byte[] b, int i) {
    return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  static long u64(byte[] b, int i) {
    return (u32(b, i) << 32) | u32(b, i + 4);
  }

  /**
   * Compares the bytes at {@code off} with an ASCII text over the bytes available.
   *
   * @return 1 when the text is fully there, 0 when the available bytes are a prefix of it, -1 when
   *     they differ
   */
  static int matchAscii(byte[] b, int off, int len, String text, boolean ignoreCase) {
    int n = Math.min(len, text.length());
    for (int i = 0; i < n; i++) {
      int c = b[off + i] & 0xFF;
      int t = text.charAt(i);
      if (c != t && !(ignoreCase && lower(c) == lower(t))) {
        return -1;
      }
    }
    return len >= text.length() ? 1 : 0;
  }

  static boolean startsWith(byte[] b, int off, int len, String text) {
    return matchAscii(b, off, len, text, false) == 1;
  }

  static boolean startsWithIgnoreCase(byte[] b, int off, int len, String text) {
    return matchAscii(b, off, len, text, true) == 1;
  }

  static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** Index of the first {@code c} in {@code [from, end)}, or -1. */
  static int indexOf(byte[] b, int from, int end, int c) {
    for (int i = from; i < end; i++) {
      if ((b[i] & 0xFF) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Index of an ASCII text in {@code [from, end)} ignoring case, or -1. */
  static int indexOfIgnoreCase(byte[] b, int from, int end, String text) {
    for (int i = from; i + text.length() <= end; i++) {
      if (matchAscii(b, i, text.length(), text, true) == 1) {
        return i;
      }
    }
    return -1;
  }

  static boolean isPrintable(int c) {
    return c >= 0x20 && c < 0x7F;
  }

  static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  /** The text of {@code [off, end)} with surrounding blanks removed, or null when empty. */
  static String trimmed(byte[] b, int off, int end) {
    while (off < end && (b[off] == ' ' || b[off] == '\t')) {
      off++;
    }
    while (end > off && (b[end - 1] == ' ' || b[end - 1] == '\t' || b[end - 1] == '\r')) {
      end--;
    }
    return end > off ? ascii(b, off, end - off) : null;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
