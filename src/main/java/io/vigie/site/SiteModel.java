package io.vigie.site;

import io.vigie.config.SiteConfig;
import io.vigie.flow.Direction;
import io.vigie.flow.FlowInterest;
import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.net.IpAddress;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.NameObserver;
import io.vigie.protocol.TlsDetails;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The site as vigie sees it: which addresses are the video networks, which are known devices, which
 * belong to the vendor (by address block, or by a name learnt from DNS answers or TLS SNI).
 *
 * <pre>{@code
 * SiteModel site = new SiteModel(config);
 * Session s = site.classify(session);   // direction, vendor flag, device names
 * }</pre>
 *
 * <p>Owned by the pipeline thread (names are learnt there); policy reads it on the same thread.
 */
public final class SiteModel implements SiteView, FlowInterest, NameObserver {
  static final int MAX_LEARNT_NAMES = 65_536;

  private final List<Cidr> videoNetworks;
  private final List<Cidr> vendorBlocks;
  private final DomainPatterns vendorDomains;
  private final List<SiteConfig.AllowedService> allowed;
  private final Map<String, DeviceRef> devices = new HashMap<>();
  private final String gateAddress;
  private final Map<String, String> learnt =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_LEARNT_NAMES;
        }
      };

  public SiteModel(SiteConfig config) {
    this.videoNetworks = config.networks().stream().map(SiteConfig.Network::cidr).toList();
    this.vendorBlocks = config.vendor().cidrs();
    this.vendorDomains = new DomainPatterns(config.vendor().domains());
    this.allowed = config.allowedServices();
    for (SiteConfig.Device d : config.devices()) {
      IpAddress.Parsed a = IpAddress.parse(d.address());
      String canonical = IpAddress.format(a.version(), a.hi(), a.lo());
      devices.put(canonical, new DeviceRef(d.name(), canonical, d.role()));
    }
    // The gate's outgoing address: its legs into the video network leave from there.
    this.gateAddress =
        config.gate() == null || config.gate().address() == null
            ? null
            : canonical(config.gate().address());
  }

  @Override
  public boolean isGateAddress(String address) {
    return gateAddress != null && gateAddress.equals(canonical(address));
  }

  /** Fills a session's direction, vendor flag and endpoint names. */
  public Session classify(Session s) {
    String sni = s.details().get(TlsDetails.KIND).sni();
    if (sni != null) {
      learnName(s.respH(), sni);
    }
    boolean origIn = inVideoNetwork(s.origH());
    boolean respIn = inVideoNetwork(s.respH());
    Direction d =
        origIn
            ? (respIn ? Direction.INTERNAL : Direction.OUTBOUND)
            : (respIn ? Direction.INBOUND : Direction.EXTERNAL);
    boolean vendor =
        isVendorEndpoint(s.origH())
            || isVendorEndpoint(s.respH())
            || vendorDomains.matches(sni)
            || vendorDomains.matches(host(s.details().get(HttpDetails.KIND).host()));
    return s.withSite(d, vendor, nameOf(s.origH()).orElse(null), nameOf(s.respH()).orElse(null));
  }

  @Override
  public boolean inVideoNetwork(String address) {
    IpAddress.Parsed a = IpAddress.parse(address);
    return inVideoNetwork(a.version(), a.hi(), a.lo());
  }

  boolean inVideoNetwork(int v, long hi, long lo) {
    for (Cidr c : videoNetworks) {
      if (c.contains(v, hi, lo)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<DeviceRef> device(String address) {
    return Optional.ofNullable(devices.get(canonical(address)));
  }

  @Override
  public boolean isVendorEndpoint(String address) {
    IpAddress.Parsed a = IpAddress.parse(address);
    return isVendor(a.version(), a.hi(), a.lo(), address);
  }

  private boolean isVendor(int v, long hi, long lo, String text) {
    for (Cidr c : vendorBlocks) {
      if (c.contains(v, hi, lo)) {
        return true;
      }
    }
    if (vendorDomains.isEmpty()) {
      return false;
    }
    String name = learnt.get(text != null ? canonical(text) : IpAddress.format(v, hi, lo));
    return vendorDomains.matches(name);
  }

  @Override
  public boolean isAllowedService(String address, int port) {
    IpAddress.Parsed a = IpAddress.parse(address);
    return allowedService(a.version(), a.hi(), a.lo(), port);
  }

  private boolean allowedService(int v, long hi, long lo, int port) {
    for (SiteConfig.AllowedService s : allowed) {
      if (s.cidr().contains(v, hi, lo) && (s.ports().isEmpty() || s.ports().contains(port))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<String> nameOf(String address) {
    String c = canonical(address);
    DeviceRef d = devices.get(c);
    if (d != null) {
      return Optional.of(d.name());
    }
    return Optional.ofNullable(learnt.get(c));
  }

  @Override
  public void learn(int ipVersion, long hi, long lo, String name, long tsNanos) {
    learnt.put(IpAddress.format(ipVersion, hi, lo), name.toLowerCase(Locale.ROOT));
  }

  private void learnName(String address, String name) {
    learnt.put(canonical(address), name.toLowerCase(Locale.ROOT));
  }

  /**
   * A flow deserves a pcap slice when it touches the vendor, crosses the video networks' edge
   * (egress, inbound access) other than to an allowed service, or speaks a maintenance or tunnel
   * protocol.
   */
  @Override
  public boolean isOfInterest(FlowContext f) {
    int v = f.ipVersion();
    if (isVendor(v, f.origHi(), f.origLo(), null) || isVendor(v, f.respHi(), f.respLo(), null)) {
      return true;
    }
    boolean origIn = inVideoNetwork(v, f.origHi(), f.origLo());
    boolean respIn = inVideoNetwork(v, f.respHi(), f.respLo());
    if (origIn != respIn) {
      boolean toAllowed =
          origIn
              ? allowedService(v, f.respHi(), f.respLo(), f.respPort())
              : allowedService(v, f.origHi(), f.origLo(), f.origPort());
      if (!toAllowed) {
        return true;
      }
    }
    App app = f.app();
    if (app != null && MaintenanceApps.isMaintenance(app)) {
      return true;
    }
    // A file carried in clear to or from a video device (a firmware image, a plug-in).
    return f.attrs().fileSha256 != null && (origIn || respIn);
  }

  private static String host(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    int colon = hostHeader.lastIndexOf(':');
    return colon > 0 && hostHeader.indexOf(']') < colon
        ? hostHeader.substring(0, colon)
        : hostHeader;
  }

  private static String canonical(String address) {
    IpAddress.Parsed a = IpAddress.parse(address);
    return IpAddress.format(a.version(), a.hi(), a.lo());
  }
}
