package io.vigie.config;

import java.util.List;
import java.util.Locale;

/**
 * The vendor's known client fingerprints: a vendor session whose HASSH or JA4 is not listed gets a
 * {@code new_client_fingerprint} notice. A list left out checks nothing (an empty list makes every
 * fingerprint new).
 *
 * <pre>
 * vendor:
 *   fingerprints:
 *     hassh: [ec7378c1a92f5a8dde7e8b7a1ddf33d1]
 *     ja4: [t13d1516h2_8daaf6152771_b186095e22b6]
 * </pre>
 *
 * @param hassh SSH client HASSH values (32 hex digits, MD5), or null when not checked
 * @param ja4 TLS client JA4 values ({@code a_b_c}: 10 characters, then two 12-hex-digit hashes), or
 *     null when not checked
 */
public record FingerprintAllowList(List<String> hassh, List<String> ja4) {
  static final FingerprintAllowList NONE = new FingerprintAllowList(null, null);

  public FingerprintAllowList {
    hassh =
        hassh == null
            ? null
            : hassh.stream()
                .map(h -> checked(h, "[0-9a-f]{32}", "hassh", "32 hex digits"))
                .toList();
    ja4 =
        ja4 == null
            ? null
            : ja4.stream()
                .map(
                    j ->
                        checked(
                            j,
                            "[0-9a-z]{10}_[0-9a-f]{12}_[0-9a-f]{12}",
                            "ja4",
                            "a JA4 value such as t13d1516h2_8daaf6152771_b186095e22b6"))
                .toList();
  }

  private static String checked(String v, String pattern, String key, String what) {
    String s = v == null ? "" : v.toLowerCase(Locale.ROOT);
    if (!s.matches(pattern)) {
      throw new IllegalArgumentException(key + " '" + v + "' is not " + what);
    }
    return s;
  }
}
