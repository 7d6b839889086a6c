package io.vigie.config;

import io.vigie.net.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The site: video networks, devices, the vendor and what else is allowed. Loaded from YAML by
 * {@link YamlLoader}, validated whole, immutable. Each section is a record of its own; sections
 * added by later features are optional so that a minimal site file stays minimal.
 *
 * <pre>
 * site: { name: Ville-de-Démo }
 * networks:
 *   - { name: cameras, cidr: 10.20.0.0/16 }
 * devices:
 *   - { name: cam-001, address: 10.20.1.1, role: camera }
 * vendor:
 *   name: Acme Vision
 *   cidrs: [203.0.113.0/24]
 *   domains: ["*.acme-cloud.example"]
 * allowed_services:
 *   - { name: city-ntp, cidr: 10.0.0.5/32, ports: [123] }
 * platforms:
 *   - { name: city-vms, cidrs: [10.30.0.10/32], gb28181_ids: ["34020000002000000001"] }
 * advisories: { csaf_dir: advisories/ }
 * </pre>
 */
public record SiteConfig(
    SiteInfo site,
    List<Network> networks,
    List<Device> devices,
    VendorConfig vendor,
    List<AllowedService> allowedServices,
    FlowConfig flows,
    MetricsConfig metrics,
    NtpConfig ntp,
    ApprovalConfig approval,
    List<CameraConfig> cameras,
    String baseline,
    OnvifConfig onvif,
    List<PrivacyClassRule> privacyClasses,
    ApiConfig api,
    EvidenceConfig evidence,
    GateConfig gate,
    List<CertifiedImage> certifiedImages,
    CaptureConfig capture,
    String stateDir,
    List<PlatformConfig> platforms,
    AdvisoriesConfig advisories,
    OutputsConfig outputs,
    WindowsConfig windows) {

  public SiteConfig {
    windows = windows == null ? WindowsConfig.LOCAL : windows;
    site = site == null ? new SiteInfo(null, null) : site;
    outputs = outputs == null ? OutputsConfig.NONE : outputs;
    networks = networks == null ? List.of() : List.copyOf(networks);
    devices = devices == null ? List.of() : List.copyOf(devices);
    vendor = vendor == null ? VendorConfig.NONE : vendor;
    allowedServices = allowedServices == null ? List.of() : List.copyOf(allowedServices);
    flows = flows == null ? FlowConfig.DEFAULTS : flows;
    metrics = metrics == null ? MetricsConfig.DEFAULTS : metrics;
    ntp = ntp == null ? NtpConfig.DISABLED : ntp;
    approval = approval == null ? ApprovalConfig.DEFAULTS : approval;
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
    onvif = onvif == null ? OnvifConfig.DEFAULTS : onvif;
    privacyClasses = privacyClasses == null ? List.of() : List.copyOf(privacyClasses);
    if (stateDir != null && stateDir.isBlank()) {
      throw new IllegalArgumentException("'state_dir' is empty");
    }
    if (baseline != null && baseline.isBlank()) {
      throw new IllegalArgumentException("'baseline' is empty");
    }
    Set<String> cameraNames = new HashSet<>();
    for (CameraConfig c : cameras) {
      if (!cameraNames.add(c.name())) {
        throw new IllegalArgumentException("camera name '" + c.name() + "' is used twice");
      }
    }
    if (api != null) {
      api.checkRoles(approval);
    }
    evidence = evidence == null ? EvidenceConfig.DEFAULTS : evidence;
    certifiedImages = certifiedImages == null ? List.of() : List.copyOf(certifiedImages);
    Set<String> digests = new HashSet<>();
    for (CertifiedImage i : certifiedImages) {
      if (!digests.add(i.sha256())) {
        throw new IllegalArgumentException(
            "certified image sha256 " + i.sha256() + " is listed twice");
      }
    }
    Set<String> names = new HashSet<>();
    for (Device d : devices) {
      if (!names.add(d.name())) {
        throw new IllegalArgumentException("device name '" + d.name() + "' is used twice");
      }
    }
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    checkPlatforms(platforms, names, networks);
    advisories = advisories == null ? AdvisoriesConfig.NONE : advisories;
  }

  /** A platform's name is unique and names only devices and networks this file defines. */
  private static void checkPlatforms(
      List<PlatformConfig> platforms, Set<String> deviceNames, List<Network> networks) {
    Set<String> networkNames = new HashSet<>();
    networks.forEach(n -> networkNames.add(n.name()));
    Set<String> seen = new HashSet<>();
    for (PlatformConfig p : platforms) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("platform name '" + p.name() + "' is used twice");
      }
      for (String d : p.devices()) {
        if (!deviceNames.contains(d)) {
          throw new IllegalArgumentException(
              "platform '"
                  + p.name()
                  + "' names device '"
                  + d
                  + "', which 'devices' does not list");
        }
      }
      for (String n : p.networks()) {
        if (!networkNames.contains(n)) {
          throw new IllegalArgumentException(
              "platform '"
                  + p.name()
                  + "' names network '"
                  + n
                  + "', which 'networks' does not list");
        }
      }
    }
  }

  /** A name, or {@code *.} followed by a name. */
  static void checkDomainPattern(String d) {
    if (d == null
        || d.isBlank()
        || d.indexOf('*', 1) >= 0
        || (d.startsWith("*") && !d.startsWith("*."))) {
      throw new IllegalArgumentException(
          "bad domain pattern '" + d + "' (a name, or *. followed by a name)");
    }
  }

  /** A site with no networks: every session is external, replay still works. */
  public static SiteConfig empty() {
    return new SiteConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /**
   * Who this vigie is, for whoever reads its records away from it (a SIEM, a city's Kafka): every
   * record that leaves it carries {@code "site": name} and, when set, {@code "site_tags"}.
   *
   * <pre>
   * site: { name: nice-est, tags: { city: Nice, zone: est } }
   * </pre>
   */
  public record SiteInfo(String name, java.util.Map<String, String> tags) {
    public SiteInfo {
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("'name' is empty");
      }
      tags =
          tags == null
              ? java.util.Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
      if (!tags.isEmpty() && name == null) {
        throw new IllegalArgumentException("'tags' needs a 'name' for the site");
      }
      for (var e : tags.entrySet()) {
        if (e.getKey().isBlank() || e.getValue() == null) {
          throw new IllegalArgumentException("tag '" + e.getKey() + "' has no value");
        }
      }
    }
  }

  /** A video network. */
  public record Network(String name, Cidr cidr) {
    public Network {
      if (cidr == null) {
        throw new IllegalArgumentException("missing 'cidr'");
      }
      name = name == null ? cidr.toString() : name;
    }
  }

  /** A known device of the video network. */
  public record Device(String name, String address, DeviceRole role) {
    public Device {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("missing 'name'");
      }
      if (address == null) {
        throw new IllegalArgumentException("missing 'address'");
      }
      io.vigie.net.IpAddress.parse(address);
      role = role == null ? DeviceRole.OTHER : role;
    }
  }

  /**
   * The camera vendor: its addresses and domains (wildcards such as {@code *.cloud.example}), and
   * the client fingerprints its tools are known by.
   */
  public record VendorConfig(
      String name, List<Cidr> cidrs, List<String> domains, FingerprintAllowList fingerprints) {
    static final VendorConfig NONE = new VendorConfig(null, null, null, null);

    public VendorConfig {
      cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
      domains = domains == null ? List.of() : List.copyOf(domains);
      domains.forEach(SiteConfig::checkDomainPattern);
      fingerprints = fingerprints == null ? FingerprintAllowList.NONE : fingerprints;
    }
  }

  /** A service the video devices may use without it being egress (NTP, DNS, the VMS...). */
  public record AllowedService(String name, Cidr cidr, List<Integer> ports) {
    public AllowedService {
      if (cidr == null) {
        throw new IllegalArgumentException("missing 'cidr'");
      }
      ports = ports == null ? List.of() : List.copyOf(ports);
      for (int p : ports) {
        if (p < 1 || p > 65535) {
          throw new IllegalArgumentException("port " + p + " is not in 1..65535");
        }
      }
    }
  }

  /**
   * Flow table limits.
   *
   * @param maxFlows flows tracked at once; beyond it the least recently seen flow is evicted
   * @param tcpIdleSeconds TCP idle timeout
   * @param udpIdleSeconds UDP and ICMP idle timeout
   * @param activeSeconds a flow older than this is reported and started again
   */
  public record FlowConfig(
      Integer maxFlows, Integer tcpIdleSeconds, Integer udpIdleSeconds, Integer activeSeconds) {
    public static final FlowConfig DEFAULTS = new FlowConfig(null, null, null, null);

    public FlowConfig {
      maxFlows = positive("max_flows", maxFlows, 1_000_000);
      tcpIdleSeconds = positive("tcp_idle_seconds", tcpIdleSeconds, 300);
      udpIdleSeconds = positive("udp_idle_seconds", udpIdleSeconds, 60);
      activeSeconds = positive("active_seconds", activeSeconds, 3600);
    }

    private static Integer positive(String key, Integer v, int dflt) {
      if (v == null) {
        return dflt;
      }
      if (v <= 0) {
        throw new IllegalArgumentException(key + " must be positive, was " + v);
      }
      return v;
    }
  }
}
