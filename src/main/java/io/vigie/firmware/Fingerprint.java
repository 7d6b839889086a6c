package io.vigie.firmware;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 fingerprints of a {@link CameraState}, whole and by part, over a canonical text (sorted
 * keys, sorted lists, prefix-free types), so that the same state always gives the same value.
 *
 * <pre>{@code
 * Fingerprint f = Fingerprint.of(state);
 * f.full();   // "sha256:3f1c..."
 * }</pre>
 *
 * @param identity manufacturer, model, serial, hardware ID
 * @param firmware the firmware version
 * @param analytics supported and configured modules and rules with their parameters, capabilities
 * @param accounts users, remote user, DP addresses, discovery mode
 * @param services what native APIs show besides analytics: face and plate libraries, remote
 *     services, platform registrations, time settings
 */
public record Fingerprint(
    String full,
    String identity,
    String firmware,
    String analytics,
    String accounts,
    String services) {

  public static Fingerprint of(CameraState s) {
    DeviceIdentity d = s.identity();
    String identity =
        hash(canonical(List.of(d.manufacturer(), d.model(), d.serial(), d.hardwareId())));
    String firmware = hash(canonical(List.of(d.firmware())));
    List<Object> items = new ArrayList<>();
    for (AnalyticsItem i : s.analytics()) {
      items.add(
          List.of(i.kind().wireName(), i.config(), i.name(), i.type(), new TreeMap<>(i.params())));
    }
    String analytics = hash(canonical(List.of(items, new TreeMap<>(s.analyticsCapabilities()))));
    String accounts =
        hash(canonical(List.of(s.users(), s.remoteUser(), s.dpAddresses(), s.discoveryMode())));
    String services =
        hash(canonical(List.of(s.libraries(), s.remoteServices(), s.platforms(), s.time())));
    // A state without native findings keeps the value it had before drivers existed, so that a
    // baseline approved then still verifies.
    boolean nativeFindings =
        !s.libraries().isEmpty()
            || !s.remoteServices().isEmpty()
            || !s.platforms().isEmpty()
            || !s.time().isEmpty();
    String full =
        hash(
            canonical(
                nativeFindings
                    ? List.of(identity, firmware, analytics, accounts, services)
                    : List.of(identity, firmware, analytics, accounts)));
    return new Fingerprint(full, identity, firmware, analytics, accounts, services);
  }

  /** The parts by name, for JSON output. */
  public Map<String, String> parts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("identity", identity);
    m.put("firmware", firmware);
    m.put("analytics", analytics);
    m.put("accounts", accounts);
    m.put("services", services);
    return m;
  }

  /** JSON-like canonical text: strings escaped, lists in order, maps by sorted key. */
  static String canonical(Object o) {
    StringBuilder sb = new StringBuilder();
    write(o, sb);
    return sb.toString();
  }

  private static void write(Object o, StringBuilder sb) {
    if (o instanceof String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (o instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(l.get(i), sb);
      }
      sb.append(']');
    } else if (o instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(String.valueOf(e.getKey()), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("cannot canonicalise " + o);
    }
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
