package io.vigie.report;

import io.vigie.config.DeviceRole;
import io.vigie.config.PlatformConfig;
import io.vigie.config.SiteConfig;
import io.vigie.net.Cidr;
import io.vigie.net.IpAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who an address is, from the site model: a device by its name and role, the vendor by its name, an
 * allowed service or an approved platform by theirs. A story says "camera cam-05" and "the vendor
 * Acme Vision (203.0.113.51)", not an address or a Community ID.
 *
 * <pre>{@code
 * SiteNames names = SiteNames.of(site, ZoneId.of("Europe/Paris"));
 * Party p = names.party("10.20.1.5", null, false, true);   // camera cam-05
 * }</pre>
 */
public final class SiteNames {
  /** The zone a story shows local times in when the site names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

  /** No site model: names come from the records only (their {@code *_name} fields). */
  public static final SiteNames NONE =
      new SiteNames(null, DEFAULT_ZONE, Map.of(), null, List.of(), List.of());

  /** What a party to a session is. */
  public enum Kind {
    CAMERA,
    VIDEO_SERVER,
    DEVICE,
    VENDOR,
    SERVICE,
    PLATFORM,
    OTHER
  }

  /**
   * One side of a session as a person names it.
   *
   * @param name the site's name for it (device, vendor, service), or the name the record learnt
   *     (DNS, SNI), or null
   * @param address its address, or null
   */
  public record Party(Kind kind, String name, String address) {}

  private record Block(Cidr cidr, Kind kind, String name) {}

  private final String siteName;
  private final ZoneId zone;
  private final Map<String, Party> devices;
  private final String vendorName;
  private final List<Cidr> vendorCidrs;
  private final List<Block> blocks;

  private SiteNames(
      String siteName,
      ZoneId zone,
      Map<String, Party> devices,
      String vendorName,
      List<Cidr> vendorCidrs,
      List<Block> blocks) {
    this.siteName = siteName;
    this.zone = zone;
    this.devices = devices;
    this.vendorName = vendorName;
    this.vendorCidrs = vendorCidrs;
    this.blocks = blocks;
  }

  /** The names of {@code site}; local times in {@code zone}. */
  public static SiteNames of(SiteConfig site, ZoneId zone) {
    Map<String, Party> devices = new HashMap<>();
    for (SiteConfig.Device d : site.devices()) {
      Kind k =
          d.role() == DeviceRole.CAMERA
              ? Kind.CAMERA
              : d.role() == DeviceRole.VIDEO_SERVER ? Kind.VIDEO_SERVER : Kind.DEVICE;
      devices.put(canonical(d.address()), new Party(k, d.name(), d.address()));
    }
    List<Block> blocks = new ArrayList<>();
    for (SiteConfig.AllowedService s : site.allowedServices()) {
      blocks.add(new Block(s.cidr(), Kind.SERVICE, s.name()));
    }
    for (PlatformConfig p : site.platforms()) {
      for (Cidr c : p.cidrs()) {
        blocks.add(new Block(c, Kind.PLATFORM, p.name()));
      }
    }
    SiteConfig.VendorConfig v = site.vendor();
    return new SiteNames(
        site.site().name(),
        zone,
        Map.copyOf(devices),
        v.name(),
        v.cidrs() == null ? List.of() : List.copyOf(v.cidrs()),
        List.copyOf(blocks));
  }

  /** The same names, local times in another zone. */
  public SiteNames withZone(ZoneId other) {
    return new SiteNames(siteName, other, devices, vendorName, vendorCidrs, blocks);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The site's name, or null. */
  public String siteName() {
    return siteName;
  }

  /**
   * Who {@code address} is.
   *
   * @param learnt the name the record holds for it ({@code orig_name}/{@code resp_name}), or null
   * @param vendorSide whether the record says this side is the vendor's (when the site names no
   *     vendor blocks)
   * @param insideSide whether the record's direction puts this side inside the video networks
   */
  public Party party(String address, String learnt, boolean vendorSide, boolean insideSide) {
    String key = address == null ? null : canonical(address);
    Party device = key == null ? null : devices.get(key);
    if (device != null) {
      return device;
    }
    IpAddress.Parsed ip = parse(address);
    if (ip != null) {
      for (Cidr c : vendorCidrs) {
        if (c.contains(ip.version(), ip.hi(), ip.lo())) {
          return new Party(Kind.VENDOR, vendorName != null ? vendorName : learnt, address);
        }
      }
      for (Block b : blocks) {
        if (b.cidr().contains(ip.version(), ip.hi(), ip.lo())) {
          return new Party(b.kind(), b.name(), address);
        }
      }
    }
    if (vendorSide) {
      return new Party(Kind.VENDOR, vendorName != null ? vendorName : learnt, address);
    }
    if (learnt != null && insideSide) {
      // Not in the site model (or none given): a name on the inner side is one of the site's.
      return new Party(Kind.DEVICE, learnt, address);
    }
    return new Party(Kind.OTHER, learnt, address);
  }

  private static IpAddress.Parsed parse(String address) {
    if (address == null) {
      return null;
    }
    try {
      return IpAddress.parse(address);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One spelling per address, so that {@code fd00::1} and {@code fd00:0::1} meet. */
  private static String canonical(String address) {
    IpAddress.Parsed p = parse(address);
    return p == null ? address : IpAddress.format(p.version(), p.hi(), p.lo());
  }
}
