package io.vigie.site;

import io.vigie.config.PlatformConfig;
import io.vigie.config.SiteConfig;
import io.vigie.net.Cidr;
import io.vigie.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approved video platforms of the site config's {@code platforms} section, and which devices
 * may register to each: the baseline of registrations. vigie learns none of it from the traffic.
 *
 * <pre>{@code
 * Platforms platforms = Platforms.of(config);
 * Optional<Platform> p = platforms.find(peer, site.nameOf(peer), gbPlatformId);
 * boolean ok = p.isPresent() && platforms.approvedFor(p.get(), "cam-001", "10.20.1.1");
 * }</pre>
 *
 * <p>A platform is found by where it is (its address blocks, or a name learnt for the address that
 * its domains match) and, when it lists GB/T 28181 ids and the registration carries one, by that id
 * too: a foreign platform reusing the city's id is still foreign, and the city's address answering
 * to another id is another platform. Immutable.
 */
public final class Platforms {
  /** No platform approved: every registration is to a platform not approved. */
  public static final Platforms NONE = new Platforms(List.of(), Map.of());

  /** One approved platform, resolved. */
  public record Platform(
      String name,
      List<Cidr> cidrs,
      List<String> domains,
      Set<String> gb28181Ids,
      List<Cidr> networks,
      Set<String> devices) {}

  private final List<Platform> all;
  private final Map<String, DomainPatterns> domains;

  private Platforms(List<Platform> all, Map<String, DomainPatterns> domains) {
    this.all = all;
    this.domains = domains;
  }

  public static Platforms of(SiteConfig config) {
    Map<String, Cidr> networks = new HashMap<>();
    config.networks().forEach(n -> networks.put(n.name(), n.cidr()));
    List<Platform> all = new ArrayList<>();
    Map<String, DomainPatterns> domains = new HashMap<>();
    for (PlatformConfig p : config.platforms()) {
      all.add(
          new Platform(
              p.name(),
              p.cidrs(),
              p.domains(),
              Set.copyOf(p.gb28181Ids()),
              p.networks().stream().map(networks::get).toList(),
              Set.copyOf(p.devices())));
      domains.put(p.name(), new DomainPatterns(p.domains()));
    }
    return new Platforms(List.copyOf(all), Map.copyOf(domains));
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  /**
   * The approved platform at {@code address}, or empty.
   *
   * @param name the name learnt for the address (DNS, SNI), if any
   * @param gb28181Id the platform id the registration carried, or null
   */
  public Optional<Platform> find(String address, Optional<String> name, String gb28181Id) {
    for (Platform p : all) {
      boolean there =
          in(p.cidrs(), address) || name.isPresent() && domains.get(p.name()).matches(name.get());
      if (there
          && (gb28181Id == null
              || p.gb28181Ids().isEmpty()
              || p.gb28181Ids().contains(gb28181Id))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the device (inventory name, or null when not in the inventory) may register to {@code
   * p}.
   */
  public boolean approvedFor(Platform p, String deviceName, String deviceAddress) {
    if (p.networks().isEmpty() && p.devices().isEmpty()) {
      return true;
    }
    return deviceName != null && p.devices().contains(deviceName)
        || in(p.networks(), deviceAddress);
  }

  private static boolean in(List<Cidr> blocks, String address) {
    IpAddress.Parsed a = IpAddress.parse(address);
    for (Cidr c : blocks) {
      if (c.contains(a.version(), a.hi(), a.lo())) {
        return true;
      }
    }
    return false;
  }
}
