package io.vigie.firmware;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code vigie cameras inventory}: what a camera runs, as far as vigie knows, and the
 * advisories that affect it.
 *
 * <p>Today's ONVIF state gives the analytics modules and rules (listed as apps) and the remote
 * features ONVIF exposes (a remote user, WS-Discovery, discovery proxies). Drivers that read more
 * (vendor apps, ssh, UPnP, P2P) add to {@link #apps} and {@link #remoteServices} here, in one
 * place.
 *
 * @param source where the state comes from: {@code last_poll} (the newest camera snapshot in the
 *     evidence store), {@code baseline} (never polled: the certified state), {@code none}
 * @param tsNanos when that state was seen, 0 when unknown
 */
public record InventoryEntry(
    String camera,
    String source,
    long tsNanos,
    String vendor,
    String model,
    String firmware,
    List<String> apps,
    List<String> remoteServices,
    List<KnownVulnerabilities.Match> vulnerabilities) {
  public static final String LAST_POLL = "last_poll";
  public static final String BASELINE = "baseline";
  public static final String NONE = "none";

  public InventoryEntry {
    apps = List.copyOf(apps);
    remoteServices = List.copyOf(remoteServices);
    vulnerabilities = List.copyOf(vulnerabilities);
  }

  /** A camera vigie has no state for. */
  public static InventoryEntry unknown(String camera) {
    return new InventoryEntry(camera, NONE, 0, "", "", "", List.of(), List.of(), List.of());
  }

  public static InventoryEntry of(
      String camera, String source, long tsNanos, CameraState s, KnownVulnerabilities kv) {
    DeviceIdentity d = s.identity();
    return new InventoryEntry(
        camera,
        source,
        tsNanos,
        d.manufacturer(),
        d.model(),
        d.firmware(),
        apps(s),
        remoteServices(s),
        kv.match(d.manufacturer(), d.model(), d.firmware()));
  }

  /** Configured analytics (modules and rules), not what the camera merely could run. */
  static List<String> apps(CameraState s) {
    List<String> out = new ArrayList<>();
    for (AnalyticsItem i : s.analytics()) {
      if (i.kind() == AnalyticsItem.Kind.MODULE || i.kind() == AnalyticsItem.Kind.RULE) {
        out.add(
            i.kind().wireName()
                + " "
                + AnalyticsItem.shortType(i.type())
                + (i.name().isEmpty() ? "" : " " + i.name()));
      }
    }
    return out;
  }

  /** The remote features ONVIF shows as switched on. */
  static List<String> remoteServices(CameraState s) {
    List<String> out = new ArrayList<>();
    if (known(s.remoteUser())) {
      out.add("onvif_remote_user " + s.remoteUser());
    }
    if ("Discoverable".equalsIgnoreCase(s.discoveryMode())) {
      out.add("ws_discovery");
    }
    for (String dp : s.dpAddresses()) {
      if (known(dp)) {
        out.add("discovery_proxy " + dp);
      }
    }
    return out;
  }

  private static boolean known(String v) {
    return !v.isEmpty() && !CameraState.UNSUPPORTED.equals(v) && !CameraState.REFUSED.equals(v);
  }
}
