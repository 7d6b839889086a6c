package io.vigie.evidence;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON spelling of a record's fields that gets hashed: keys sorted, no spaces, strings
 * escaped the same way every time, integers as integers, decimals in plain notation.
 *
 * <pre>{@code
 * String json = CanonicalJson.write(Map.of("b", 1, "a", "x"));   // {"a":"x","b":1}
 * }</pre>
 *
 * <p>The stored text is hashed as is; verification never re-serialises, so only determinism at
 * write time matters.
 */
final class CanonicalJson {
  /**
   * Keys whose values are never kept, whatever a caller passes: credentials must not reach the
   * evidence, the timeline or an export (FTP PASS, HTTP Authorization, telnet passwords).
   */
  private static final java.util.Set<String> CREDENTIAL_KEYS =
      java.util.Set.of(
          "pass",
          "passwd",
          "password",
          "authorization",
          "proxy_authorization",
          "secret",
          "credential",
          "credentials");

  static final String REDACTED = "[redacted]";

  private CanonicalJson() {}

  static String write(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder(256);
    writeValue(sb, fields);
    return sb.toString();
  }

  static void writeValue(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      sb.append(((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      sb.append(d.toPlainString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + d);
      }
      sb.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
    } else if (v instanceof Map<?, ?> m) {
      // Sorting an array of keys is cheaper than building a TreeMap per record.
      String[] keys = new String[m.size()];
      int n = 0;
      for (Object k : m.keySet()) {
        keys[n++] = String.valueOf(k);
      }
      Arrays.sort(keys);
      sb.append('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(sb, keys[i]);
        sb.append(':');
        if (CREDENTIAL_KEYS.contains(keys[i].toLowerCase(Locale.ROOT))) {
          string(sb, REDACTED);
        } else {
          Object value = m.get(keys[i]);
          writeValue(
              sb, value == null && !m.containsKey(keys[i]) ? lookupByString(m, keys[i]) : value);
        }
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeValue(sb, o);
      }
      sb.append(']');
    } else if (v instanceof Enum<?> || v instanceof Character) {
      string(sb, v.toString());
    } else {
      throw new IllegalArgumentException(
          "cannot keep a "
              + v.getClass().getSimpleName()
              + " as evidence (strings, numbers, booleans, lists and maps only)");
    }
  }

  /** A map whose keys are not strings: find the entry whose key prints as {@code key}. */
  private static Object lookupByString(Map<?, ?> m, String key) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (String.valueOf(e.getKey()).equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
        break;
      }
      i++;
    }
    if (i == s.length()) {
      sb.append(s).append('"'); // the common case: nothing to escape
      return;
    }
    sb.append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
