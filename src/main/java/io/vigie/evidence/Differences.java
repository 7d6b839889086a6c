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
        return "line " + (i + 1) + ": the chain gives " + clip(x) + ", the file has " + clip(y);
      }
    }
    return "the bytes differ";
  }

  private static String clip(String s) {
    if (s == null) {
      return "nothing";
    }
    String t = s.strip();
    return "'" + (t.length() > 120 ? t.substring(0, 120) + "..." : t) + "'";
  }
}
