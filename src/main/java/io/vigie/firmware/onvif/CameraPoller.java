package io.vigie.firmware.onvif;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraPoll;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.PollError;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Polls one camera: clock first (the UsernameToken must carry camera time), then identity,
 * services, accounts, media profiles and the analytics service.
 *
 * <pre>
 * GetSystemDateAndTime (no token) -> offset
 * GetDeviceInformation, GetServices            (device service, required)
 * GetUsers, GetRemoteUser, GetDPAddresses, GetRemoteDiscoveryMode   (a "not supported" fault is a value)
 * GetProfiles (media) -> analytics configuration tokens
 * GetServiceCapabilities, GetSupportedAnalyticsModules, GetAnalyticsModules,
 * GetSupportedRules, GetRules                    (analytics service, per configuration token)
 * </pre>
 */
public final class CameraPoller implements io.vigie.firmware.CameraDriver {
  private final OnvifClient client;

  public CameraPoller(OnvifClient client) {
    this.client = client;
  }

  @Override
  public String api() {
    return "onvif";
  }

  @Override
  public CameraState read(URI deviceUrl, Credentials credentials) throws PollException {
    return state(client.session(deviceUrl, credentials));
  }

  public java.time.Clock clock() {
    return client.clock();
  }

  /** The injected clock's now, in nanoseconds since the epoch. */
  long startTs() {
    Instant now = client.clock().instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Never throws: any failure is a typed {@link PollError}. */
  public CameraPoll poll(String camera, URI deviceUrl, Credentials credentials) {
    long ts = startTs();
    try {
      return CameraPoll.ok(camera, ts, state(client.session(deviceUrl, credentials)));
    } catch (PollException e) {
      return CameraPoll.failed(camera, ts, new PollError(e.type(), e.getMessage()));
    } catch (RuntimeException e) {
      // A camera must never crash the poller; what it sent is the error.
      return CameraPoll.failed(
          camera,
          ts,
          new PollError(
              PollErrorType.MALFORMED, "unexpected answer: " + e.getClass().getSimpleName()));
    }
  }

  private CameraState state(OnvifClient.Session s) throws PollException {
    URI dev = s.deviceUrl;
    Instant before = client.clock().instant();
    Optional<Instant> cameraUtc =
        OnvifResponses.systemUtc(
            client.call(s, dev, SoapRequest.device("GetSystemDateAndTime"), false));
    s.clockOffset = cameraUtc.map(t -> Duration.between(before, t)).orElse(Duration.ZERO);

    DeviceIdentity identity =
        OnvifResponses.deviceInformation(
            client.call(s, dev, SoapRequest.device("GetDeviceInformation"), true));
    Map<String, String> services = Map.of();
    XmlNode svc =
        optional(
            s,
            dev,
            new SoapRequest(
                Onvif.DEVICE,
                "GetServices",
                "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>"));
    if (svc != null) {
      services = OnvifResponses.services(svc);
    }
    // Account operations need more rights than some audit accounts have: "refused" is a value too.
    Map<String, String> missing = new java.util.HashMap<>();
    XmlNode n = account(s, dev, "GetUsers", missing);
    List<String> users = n == null ? List.of(missing.get("GetUsers")) : OnvifResponses.users(n);
    n = account(s, dev, "GetRemoteUser", missing);
    String remote = n == null ? missing.get("GetRemoteUser") : OnvifResponses.remoteUser(n);
    n = account(s, dev, "GetDPAddresses", missing);
    List<String> dp =
        n == null ? List.of(missing.get("GetDPAddresses")) : OnvifResponses.dpAddresses(n);
    n = account(s, dev, "GetRemoteDiscoveryMode", missing);
    String discovery =
        n == null
            ? missing.get("GetRemoteDiscoveryMode")
            : OnvifResponses.discoveryMode(n, "GetRemoteDiscoveryModeResponse");

    Set<AnalyticsItem> analytics = new LinkedHashSet<>();
    URI media = xaddr(services, Onvif.MEDIA, dev);
    XmlNode profiles =
        client.call(
            s, media, new SoapRequest(Onvif.MEDIA, "GetProfiles", "<trt:GetProfiles/>"), true);
    Map<String, List<AnalyticsItem>> byToken = OnvifResponses.profileAnalytics(profiles);
    byToken.values().forEach(analytics::addAll);

    Map<String, String> caps = Map.of();
    if (services.containsKey(Onvif.ANALYTICS)) {
      URI an = xaddr(services, Onvif.ANALYTICS, dev);
      XmlNode c = optional(s, an, SoapRequest.analytics("GetServiceCapabilities", null));
      if (c != null) {
        caps = OnvifResponses.analyticsCapabilities(c);
      }
      for (String token : byToken.keySet()) {
        // The analytics service is the authority on what is configured; each of its answers
        // replaces the profile's copy of that kind. Rules are optional in ONVIF: a camera without
        // a rule engine must not lose its modules for it.
        XmlNode m = optional(s, an, SoapRequest.analytics("GetAnalyticsModules", token));
        XmlNode r = optional(s, an, SoapRequest.analytics("GetRules", token));
        if (m != null) {
          byToken.get(token).stream()
              .filter(i -> i.kind() == AnalyticsItem.Kind.MODULE)
              .forEach(analytics::remove);
          analytics.addAll(OnvifResponses.analyticsModules(m, token));
        }
        if (r != null) {
          byToken.get(token).stream()
              .filter(i -> i.kind() == AnalyticsItem.Kind.RULE)
              .forEach(analytics::remove);
          analytics.addAll(OnvifResponses.rules(r, token));
        }
        XmlNode sm = optional(s, an, SoapRequest.analytics("GetSupportedAnalyticsModules", token));
        if (sm != null) {
          analytics.addAll(OnvifResponses.supportedModules(sm));
        }
        XmlNode sr = optional(s, an, SoapRequest.analytics("GetSupportedRules", token));
        if (sr != null) {
          analytics.addAll(OnvifResponses.supportedRules(sr));
        }
      }
    }
    return new CameraState(
        identity, new ArrayList<>(analytics), caps, users, remote, dp, discovery);
  }

  /**
   * The answer, or null with the reason ({@code unsupported}, {@code refused}) in {@code missing}
   * when the camera does not implement the operation or does not let this account use it.
   */
  private XmlNode account(OnvifClient.Session s, URI url, String op, Map<String, String> missing)
      throws PollException {
    try {
      XmlNode n = optional(s, url, SoapRequest.device(op));
      if (n == null) {
        missing.put(op, CameraState.UNSUPPORTED);
      }
      return n;
    } catch (PollException e) {
      if (e.type() == PollErrorType.AUTH && e.fault() != null) {
        missing.put(op, CameraState.REFUSED);
        return null;
      }
      throw e;
    }
  }

  /** The answer, or null when the camera says it does not support the operation. */
  private XmlNode optional(OnvifClient.Session s, URI url, SoapRequest req) throws PollException {
    try {
      return client.call(s, url, req, true);
    } catch (PollException e) {
      if (e.type() == PollErrorType.FAULT && e.fault() != null && e.fault().notSupported()) {
        return null;
      }
      throw e;
    }
  }

  /** The service's XAddr, keeping the configured host (cameras often advertise another address). */
  private static URI xaddr(Map<String, String> services, String ns, URI device) {
    String x = services.get(ns);
    if (x == null || x.isBlank()) {
      return device;
    }
    try {
      URI u = URI.create(x.trim());
      String path =
          u.getRawPath() == null || u.getRawPath().isEmpty() ? device.getRawPath() : u.getRawPath();
      return new URI(device.getScheme(), device.getRawAuthority(), path, null, null);
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return device;
    }
  }
}
