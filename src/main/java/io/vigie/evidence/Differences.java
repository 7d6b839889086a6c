package io.vigie.evidence;

import java.nio.charset.StandardCharsets;

/** Says where two versions of a text file first differ, for a finding a person can act on. */
final class Differences {
  private Differences() {}

  /** Null when equal; else "line N: expected '...', found '...'" (or which one is empty). */
  static String first(byte[] expected, byte[] actual) {
    if (java.util.Arrays.equals(expected, actual)) {
      return null;
    }
    if (actual.length == 0) {
      return "it is empty";
    }
    String[] a = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
    String[] b = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : null;
      String y = i < b.length ? b[i] : null;
      if (x == null || !x.equals(y)) {
        int at = 0;
        while (x != null
            && y != null
            && at < Math.min(x.length(), y.length())
            && x.charAt(at) == y.charAt(at)) {
          at++;
        }
        return "line "
            + (i + 1)
            + ": the chain gives "
            + clip(x, at)
            + ", the file has "
            + clip(y, at);
      }
    }
    return "the bytes differ";
  }

  /** Up to 100 characters around {@code at}, where the two lines part. */
  private static String clip(String s, int at) {
    if (s == null) {
      return "nothing";
    }
    int from = Math.max(0, Math.min(at, s.length()) - 30);
    int to = Math.min(s.length(), from + 100);
    return "'"
        + (from > 0 ? "..." : "")
        + s.substring(from, to).strip()
        + (to < s.length() ? "..." : "")
        + "'";
  }
}
