package io.vigie.firmware;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything vigie fingerprints about one camera, canonicalised: lists sorted, no passwords.
 *
 * @param users {@code name:level} of each account
 * @param remoteUser the remote user name, "" when none, {@code unsupported} when the camera has no
 *     such operation, {@code refused} when it does not let the audit account ask (same for the
 *     lists)
 * @param analyticsCapabilities attributes of the analytics service's capabilities (ONVIF) or the
 *     vendor's capability flags ({@code isapi.isSupportFaceDetect=true})
 * @param libraries face and plate libraries a native API shows: {@code face|<name>|<count>} or
 *     {@code plate|<name>|<count>} (names and counts only, never the pictures)
 * @param remoteServices remote access and cloud services by name ({@code ssh}, {@code telnet},
 *     {@code upnp}, {@code hik-connect}, {@code ezviz}, {@code dahua-p2p}, {@code o3c}, {@code
 *     mqtt}...): {@code on} or {@code off}, optionally followed by a space and where it goes
 * @param platforms remote platform registrations: {@code gb28181|<id>|<server>|<server id>|<device
 *     id>|<on/off>} and {@code isup|<id>|<server>|<device id>|<on/off>}
 * @param time time settings: {@code mode}, {@code ntp_server}, {@code timezone}
 */
public record CameraState(
    DeviceIdentity identity,
    List<AnalyticsItem> analytics,
    Map<String, String> analyticsCapabilities,
    List<String> users,
    String remoteUser,
    List<String> dpAddresses,
    String discoveryMode,
    List<String> libraries,
    Map<String, String> remoteServices,
    List<String> platforms,
    Map<String, String> time) {

  public static final String UNSUPPORTED = "unsupported";

  /** The camera answered NotAuthorized to the audit account for this operation. */
  public static final String REFUSED = "refused";

  public CameraState {
    List<AnalyticsItem> a = new ArrayList<>(analytics == null ? List.of() : analytics);
    a.sort(Comparator.comparing(AnalyticsItem::key).thenComparing(i -> i.params().toString()));
    analytics = List.copyOf(a);
    analyticsCapabilities = sortedMap(analyticsCapabilities);
    users = sorted(users);
    dpAddresses = sorted(dpAddresses);
    remoteUser = remoteUser == null ? "" : remoteUser;
    discoveryMode = discoveryMode == null ? "" : discoveryMode;
    libraries = sorted(libraries);
    remoteServices = sortedMap(remoteServices);
    platforms = sorted(platforms);
    time = sortedMap(time);
  }

  /** An ONVIF state: no native-API findings. */
  public CameraState(
      DeviceIdentity identity,
      List<AnalyticsItem> analytics,
      Map<String, String> analyticsCapabilities,
      List<String> users,
      String remoteUser,
      List<String> dpAddresses,
      String discoveryMode) {
    this(
        identity,
        analytics,
        analyticsCapabilities,
        users,
        remoteUser,
        dpAddresses,
        discoveryMode,
        null,
        null,
        null,
        null);
  }

  /** True when a remote service is switched on. */
  public static boolean isOn(String serviceValue) {
    return serviceValue != null && (serviceValue.equals("on") || serviceValue.startsWith("on "));
  }

  /**
   * The states several drivers read from one camera as one: identity fields from the first driver
   * that has them, lists united, a remote service on when any driver sees it on. A placeholder
   * ({@code unsupported}, {@code refused}) gives way to what another driver could read.
   */
  public static CameraState merge(List<CameraState> states) {
    if (states.size() == 1) {
      return states.get(0);
    }
    String[] id = new String[5];
    Set<AnalyticsItem> analytics = new LinkedHashSet<>();
    Map<String, String> caps = new LinkedHashMap<>();
    List<List<String>> users = new ArrayList<>();
    List<List<String>> dp = new ArrayList<>();
    String remote = "";
    String discovery = "";
    Set<String> libraries = new LinkedHashSet<>();
    Map<String, String> services = new LinkedHashMap<>();
    Set<String> platforms = new LinkedHashSet<>();
    Map<String, String> time = new LinkedHashMap<>();
    for (CameraState s : states) {
      DeviceIdentity d = s.identity();
      String[] f = {d.manufacturer(), d.model(), d.firmware(), d.serial(), d.hardwareId()};
      for (int i = 0; i < f.length; i++) {
        if (id[i] == null || id[i].isEmpty()) {
          id[i] = f[i];
        }
      }
      analytics.addAll(s.analytics());
      s.analyticsCapabilities().forEach(caps::putIfAbsent);
      users.add(s.users());
      dp.add(s.dpAddresses());
      remote = better(remote, s.remoteUser());
      discovery = better(discovery, s.discoveryMode());
      libraries.addAll(s.libraries());
      s.remoteServices().forEach((k, v) -> services.merge(k, v, (a, b) -> isOn(a) ? a : b));
      platforms.addAll(s.platforms());
      s.time().forEach(time::putIfAbsent);
    }
    return new CameraState(
        new DeviceIdentity(id[0], id[1], id[2], id[3], id[4]),
        new ArrayList<>(analytics),
        caps,
        unite(users),
        remote,
        unite(dp),
        discovery,
        new ArrayList<>(libraries),
        services,
        new ArrayList<>(platforms),
        time);
  }

  private static String better(String have, String next) {
    if (have.isEmpty() || isPlaceholder(have)) {
      return next.isEmpty() && !have.isEmpty() ? have : next;
    }
    return have;
  }

  private static boolean isPlaceholder(String s) {
    return s.equals(UNSUPPORTED) || s.equals(REFUSED);
  }

  /** The union of the lists, without placeholders when any list has real entries. */
  private static List<String> unite(Collection<List<String>> lists) {
    Set<String> all = new LinkedHashSet<>();
    lists.forEach(all::addAll);
    if (all.stream().anyMatch(x -> !isPlaceholder(x))) {
      all.removeIf(CameraState::isPlaceholder);
    }
    return new ArrayList<>(all);
  }

  private static List<String> sorted(List<String> in) {
    List<String> l = new ArrayList<>(in == null ? List.of() : in);
    l.sort(null);
    return List.copyOf(l);
  }

  private static Map<String, String> sortedMap(Map<String, String> in) {
    return in == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(in));
  }
}
