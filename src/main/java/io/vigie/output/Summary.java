package io.vigie.output;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import io.vigie.notice.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The closing line of the replay's table, in words a person who decides can read: "2 vendor
 * sessions without a window, 1 uncertified firmware transfer, 1 remote_access".
 *
 * <p>Vendor sessions are counted by what their verdict means; notices that restate a vendor verdict
 * ({@code vendor_access_*}) are not counted twice; a {@code firmware_transfer} of high severity is
 * an image that is not certified (or pushed outside any window); other notices are counted by type,
 * warnings and above. Verdicts are matched by their wire names (the contract of {@code replay
 * --json}), as this package does not depend on policy.
 */
final class Summary {
  private static final Map<String, String> VENDOR_PHRASES = new LinkedHashMap<>();

  static {
    VENDOR_PHRASES.put("no_window", "without a window");
    VENDOR_PHRASES.put("hours", "outside their window's hours or before its approval");
    VENDOR_PHRASES.put("scope", "outside their window's scope");
    VENDOR_PHRASES.put("session_outlived_window", "that outlived their window");
    VENDOR_PHRASES.put("authorised", "inside an approved window");
  }

  private final Map<String, Integer> vendor = new LinkedHashMap<>();
  private final Map<String, Integer> others = new TreeMap<>();
  private int uncertified;

  void session(Session s) {
    if (!s.vendor() || s.verdict() == null) {
      return;
    }
    String key =
        switch (s.verdict()) {
          case "outside_window_hours",
              "window_not_approved",
              "window_rejected",
              "window_revoked",
              "window_lapsed" ->
              "hours";
          case "device_out_of_scope", "endpoint_out_of_scope", "app_not_allowed" -> "scope";
          default -> s.verdict();
        };
    if (VENDOR_PHRASES.containsKey(key)) {
      vendor.merge(key, 1, Integer::sum);
    }
  }

  void notice(Notice n) {
    if (n.note().startsWith("vendor_access_") || n.note().equals("session_outlived_window")) {
      return; // the vendor sessions' verdicts say it
    }
    if (n.note().equals("firmware_transfer")) {
      if (n.severity().compareTo(Severity.HIGH) >= 0) {
        uncertified++;
      }
      return;
    }
    if (n.severity().compareTo(Severity.WARNING) >= 0) {
      others.merge(n.note(), 1, Integer::sum);
    }
  }

  /** The summary in words, without a final full stop. */
  String words() {
    List<String> parts = new ArrayList<>();
    VENDOR_PHRASES.forEach(
        (key, phrase) -> {
          int n = vendor.getOrDefault(key, 0);
          if (n > 0) {
            parts.add(n + " vendor session" + (n == 1 ? " " : "s ") + phrase);
          }
        });
    if (uncertified > 0) {
      parts.add(uncertified + " uncertified firmware transfer" + (uncertified == 1 ? "" : "s"));
    }
    others.forEach((note, n) -> parts.add(n + " " + note));
    return parts.isEmpty() ? "no vendor session, no notice of concern" : String.join(", ", parts);
  }
}
