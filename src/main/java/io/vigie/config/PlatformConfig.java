package io.vigie.config;

import io.vigie.net.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An approved video platform: where the city's cameras may register (GB/T 28181 {@code REGISTER},
 * Hikvision ISUP), and which devices may register to it. A registration anywhere else is a {@code
 * platform_registration} notice; see docs/VENDOR-CHANNELS.md.
 *
 * <pre>
 * platforms:
 *   - name: city-vms
 *     cidrs: [10.30.0.10/32]
 *     domains: [vms.ville.example]
 *     gb28181_ids: ["34020000002000000001"]
 *     networks: [cameras]        # every device of these video networks may register to it
 *     devices: [cam-900]         # and these devices (by inventory name)
 * </pre>
 *
 * @param name the platform's name, used in notices
 * @param cidrs its addresses; with {@code domains}, at least one is required: a platform is known
 *     by where it is, never by the id it claims
 * @param domains names (or {@code *.} patterns) learnt from DNS answers or TLS SNI for its address
 * @param gb28181Ids its 20-digit GB/T 28181 ids; when listed, a registration carrying another id is
 *     not to this platform
 * @param networks video networks (by name) whose devices may register to it
 * @param devices inventory devices (by name) that may register to it; with no {@code networks} and
 *     no {@code devices}, every device of the video networks may
 */
public record PlatformConfig(
    String name,
    List<Cidr> cidrs,
    List<String> domains,
    List<String> gb28181Ids,
    List<String> networks,
    List<String> devices) {

  public PlatformConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("missing 'name'");
    }
    cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
    domains = domains == null ? List.of() : List.copyOf(domains);
    gb28181Ids = gb28181Ids == null ? List.of() : List.copyOf(gb28181Ids);
    networks = networks == null ? List.of() : List.copyOf(networks);
    devices = devices == null ? List.of() : List.copyOf(devices);
    if (cidrs.isEmpty() && domains.isEmpty()) {
      throw new IllegalArgumentException("platform '" + name + "' needs 'cidrs' or 'domains'");
    }
    domains.forEach(SiteConfig::checkDomainPattern);
    Set<String> ids = new HashSet<>();
    for (String id : gb28181Ids) {
      if (id == null || !id.matches("[0-9]{20}")) {
        throw new IllegalArgumentException("gb28181 id '" + id + "' is not 20 digits");
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException("gb28181 id '" + id + "' is listed twice");
      }
    }
  }
}
