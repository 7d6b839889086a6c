package io.vigie.policy;

import io.vigie.net.App;
import io.vigie.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a maintenance window lets the vendor reach: video devices (inventory names or address
 * blocks), the vendor endpoints it may come from, and the applications it may speak.
 *
 * <pre>{@code
 * Scope s = new Scope(List.of("cam-001"), List.of(Cidr.parse("10.20.1.0/24")),
 *     List.of("203.0.113.10", "*.acme-cloud.example"), List.of(App.SSH, App.TLS));
 * }</pre>
 *
 * @param devices inventory device names
 * @param subnets address blocks of the video network; with {@code devices}, at least one entry
 * @param endpoints vendor endpoints: an address, an address block, or a DNS name ({@code *.suffix}
 *     wildcards allowed) matched against the name learnt for the address; empty means any
 *     configured vendor endpoint
 * @param apps applications allowed (at least one), as recognised by content
 */
public record Scope(
    List<String> devices, List<Cidr> subnets, List<String> endpoints, List<App> apps) {
  public Scope {
    devices = devices == null ? List.of() : List.copyOf(devices);
    subnets = subnets == null ? List.of() : List.copyOf(subnets);
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    apps = apps == null ? List.of() : List.copyOf(apps);
  }

  /**
   * Checks the scope as a request field; throws naming the sub-field ({@code scope.devices}...).
   */
  public void validate() throws PolicyException {
    if (devices.isEmpty() && subnets.isEmpty()) {
      throw PolicyException.invalid("scope.devices", "name at least one device or subnet");
    }
    for (String d : devices) {
      if (d == null || d.isBlank()) {
        throw PolicyException.invalid("scope.devices", "empty device name");
      }
    }
    for (String e : endpoints) {
      if (e == null || e.isBlank()) {
        throw PolicyException.invalid("scope.endpoints", "empty endpoint");
      }
      if (!isAddressLike(e) && !isNamePattern(e)) {
        throw PolicyException.invalid(
            "scope.endpoints",
            "'"
                + e
                + "' is neither an address, an address block nor a DNS name (*.suffix allowed)");
      }
      if (isAddressLike(e)) {
        try {
          Cidr.parse(e);
        } catch (IllegalArgumentException ex) {
          throw PolicyException.invalid("scope.endpoints", ex.getMessage());
        }
      }
    }
    if (apps.isEmpty()) {
      throw PolicyException.invalid("scope.apps", "name at least one application (e.g. ssh, tls)");
    }
  }

  /**
   * Parses application names as written in files and requests: App wire names, plus {@code https}
   * as a synonym of {@code tls}.
   */
  public static List<App> parseApps(List<String> names) throws PolicyException {
    List<App> out = new ArrayList<>();
    for (String n : names == null ? List.<String>of() : names) {
      String k = n == null ? "" : n.toLowerCase(Locale.ROOT);
      try {
        out.add("https".equals(k) ? App.TLS : App.fromWireName(k));
      } catch (IllegalArgumentException e) {
        throw PolicyException.invalid("scope.apps", e.getMessage());
      }
    }
    return out;
  }

  static boolean isAddressLike(String e) {
    return e.indexOf(':') >= 0
        || e.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '/');
  }

  static boolean isNamePattern(String e) {
    String body = e.startsWith("*.") ? e.substring(2) : e;
    return !body.isEmpty()
        && body.indexOf('*') < 0
        && body.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-');
  }
}
