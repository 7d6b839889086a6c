package io.vigie.firmware.onvif;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the Body element of each ONVIF response vigie asks for into values. Matches on local names,
 * never on prefixes, and accepts the element in either the service or the {@code tt:} namespace,
 * because cameras differ there (e.g. {@code Username} in {@code GetUsers}).
 */
public final class OnvifResponses {
  private OnvifResponses() {}

  static void expect(XmlNode body, String responseLocal) throws PollException {
    if (!body.local().equals(responseLocal)) {
      throw new PollException(
          PollErrorType.MALFORMED, "expected " + responseLocal + ", got " + body.local());
    }
  }

  public static DeviceIdentity deviceInformation(XmlNode body) throws PollException {
    expect(body, "GetDeviceInformationResponse");
    return new DeviceIdentity(
        body.childText("Manufacturer"),
        body.childText("Model"),
        body.childText("FirmwareVersion"),
        body.childText("SerialNumber"),
        body.childText("HardwareId"));
  }

  /** The camera's UTC clock, when it gives one. */
  public static Optional<Instant> systemUtc(XmlNode body) throws PollException {
    expect(body, "GetSystemDateAndTimeResponse");
    Optional<XmlNode> utc = body.child("SystemDateAndTime").flatMap(s -> s.child("UTCDateTime"));
    if (utc.isEmpty()) {
      return Optional.empty();
    }
    try {
      XmlNode t = utc.get().child("Time").orElseThrow();
      XmlNode d = utc.get().child("Date").orElseThrow();
      LocalDateTime ldt =
          LocalDateTime.of(
              Integer.parseInt(d.childText("Year")),
              Integer.parseInt(d.childText("Month")),
              Integer.parseInt(d.childText("Day")),
              Integer.parseInt(t.childText("Hour")),
              Integer.parseInt(t.childText("Minute")),
              Integer.parseInt(t.childText("Second")));
      return Optional.of(ldt.toInstant(ZoneOffset.UTC));
    } catch (RuntimeException e) {
      throw new PollException(PollErrorType.MALFORMED, "unreadable UTCDateTime");
    }
  }

  /** Service namespace to XAddr. */
  public static Map<String, String> services(XmlNode body) throws PollException {
    expect(body, "GetServicesResponse");
    Map<String, String> out = new LinkedHashMap<>();
    for (XmlNode s : body.all("Service")) {
      out.putIfAbsent(s.childText("Namespace"), s.childText("XAddr"));
    }
    return out;
  }

  /** {@code name:level} of each user; passwords, which some cameras send, are dropped. */
  public static List<String> users(XmlNode body) throws PollException {
    expect(body, "GetUsersResponse");
    List<String> out = new ArrayList<>();
    for (XmlNode u : body.all("User")) {
      out.add(u.childText("Username") + ":" + u.childText("UserLevel"));
    }
    return out;
  }

  /** The remote user name and whether it uses a derived password, "" when none is set. */
  public static String remoteUser(XmlNode body) throws PollException {
    expect(body, "GetRemoteUserResponse");
    return body.child("RemoteUser")
        .map(
            r ->
                r.childText("Username")
                    + (r.childText("UseDerivedPassword").isEmpty()
                        ? ""
                        : ";derived=" + r.childText("UseDerivedPassword")))
        .orElse("");
  }

  public static List<String> dpAddresses(XmlNode body) throws PollException {
    expect(body, "GetDPAddressesResponse");
    List<String> out = new ArrayList<>();
    for (XmlNode a : body.all("DPAddress")) {
      String v =
          firstNonEmpty(
              a.childText("IPv4Address"), a.childText("IPv6Address"), a.childText("DNSname"));
      out.add(a.childText("Type") + ":" + v);
    }
    return out;
  }

  public static String discoveryMode(XmlNode body, String responseLocal) throws PollException {
    expect(body, responseLocal);
    return body.childText(
        responseLocal.startsWith("GetRemote") ? "RemoteDiscoveryMode" : "DiscoveryMode");
  }

  /** Attributes of the analytics service capabilities. */
  public static Map<String, String> analyticsCapabilities(XmlNode body) throws PollException {
    expect(body, "GetServiceCapabilitiesResponse");
    return body.child("Capabilities")
        .map(c -> (Map<String, String>) new TreeMap<>(c.attrs()))
        .orElse(Map.of());
  }

  public static List<AnalyticsItem> supportedModules(XmlNode body) throws PollException {
    expect(body, "GetSupportedAnalyticsModulesResponse");
    return descriptions(body, "AnalyticsModuleDescription", AnalyticsItem.Kind.SUPPORTED_MODULE);
  }

  public static List<AnalyticsItem> supportedRules(XmlNode body) throws PollException {
    expect(body, "GetSupportedRulesResponse");
    return descriptions(body, "RuleDescription", AnalyticsItem.Kind.SUPPORTED_RULE);
  }

  private static List<AnalyticsItem> descriptions(
      XmlNode body, String local, AnalyticsItem.Kind kind) {
    List<AnalyticsItem> out = new ArrayList<>();
    for (XmlNode d : body.descendants(local)) {
      if (!d.attr("Name").isEmpty()) {
        out.add(new AnalyticsItem(kind, "", "", d.resolveQName(d.attr("Name")), Map.of()));
      }
    }
    return out;
  }

  public static List<AnalyticsItem> analyticsModules(XmlNode body, String config)
      throws PollException {
    expect(body, "GetAnalyticsModulesResponse");
    return configured(body.all("AnalyticsModule"), config, AnalyticsItem.Kind.MODULE);
  }

  public static List<AnalyticsItem> rules(XmlNode body, String config) throws PollException {
    expect(body, "GetRulesResponse");
    return configured(body.all("Rule"), config, AnalyticsItem.Kind.RULE);
  }

  /**
   * Analytics configurations embedded in media profiles: modules and rules of each {@code
   * VideoAnalyticsConfiguration}, by configuration token (a token shared by several profiles counts
   * once).
   */
  public static Map<String, List<AnalyticsItem>> profileAnalytics(XmlNode body)
      throws PollException {
    expect(body, "GetProfilesResponse");
    Map<String, List<AnalyticsItem>> out = new TreeMap<>();
    for (XmlNode p : body.all("Profiles")) {
      Optional<XmlNode> vac = p.child("VideoAnalyticsConfiguration");
      if (vac.isEmpty()) {
        continue;
      }
      String token = vac.get().attr("token");
      if (out.containsKey(token)) {
        continue;
      }
      List<AnalyticsItem> items = new ArrayList<>();
      vac.get()
          .child("AnalyticsEngineConfiguration")
          .ifPresent(
              e ->
                  items.addAll(
                      configured(e.all("AnalyticsModule"), token, AnalyticsItem.Kind.MODULE)));
      vac.get()
          .child("RuleEngineConfiguration")
          .ifPresent(e -> items.addAll(configured(e.all("Rule"), token, AnalyticsItem.Kind.RULE)));
      out.put(token, items);
    }
    return out;
  }

  private static List<AnalyticsItem> configured(
      List<XmlNode> nodes, String config, AnalyticsItem.Kind kind) {
    List<AnalyticsItem> out = new ArrayList<>();
    for (XmlNode m : nodes) {
      Map<String, String> params = new TreeMap<>();
      m.child("Parameters")
          .ifPresent(
              ps -> {
                for (XmlNode c : ps.children()) {
                  if (c.local().equals("SimpleItem")) {
                    params.put(c.attr("Name"), c.attr("Value"));
                  } else if (c.local().equals("ElementItem")) {
                    StringBuilder sb = new StringBuilder();
                    for (XmlNode e : c.children()) {
                      canonical(e, sb);
                    }
                    params.put(c.attr("Name"), sb.toString());
                  }
                }
              });
      out.add(
          new AnalyticsItem(kind, config, m.attr("Name"), m.resolveQName(m.attr("Type")), params));
    }
    return out;
  }

  /** Prefix-free canonical text of an element: local name, sorted attributes, children. */
  static void canonical(XmlNode n, StringBuilder sb) {
    sb.append('<').append(n.local());
    new TreeMap<>(n.attrs())
        .forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(v).append('"'));
    sb.append('>').append(n.text());
    for (XmlNode c : n.children()) {
      canonical(c, sb);
    }
    sb.append("</").append(n.local()).append('>');
  }

  private static String firstNonEmpty(String... s) {
    for (String x : s) {
      if (!x.isEmpty()) {
        return x;
      }
    }
    return "";
  }
}
