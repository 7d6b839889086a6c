package io.vigie.firmware.vendor;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraDriver;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.VendorTypes;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dahua HTTP API (and OEMs such as Amcrest, Lorex): {@code key=value} CGI answers. System info is
 * required; an endpoint or config name the model lacks answers 404 or an {@code Error} body and is
 * skipped.
 *
 * <pre>
 * GET /cgi-bin/magicBox.cgi?action=getSystemInfo                     model, serial, hardware
 * GET /cgi-bin/magicBox.cgi?action=getSoftwareVersion                firmware version and build
 * GET /cgi-bin/configManager.cgi?action=getConfig&amp;name=VideoAnalyseRule   rules: name, type, enabled
 * GET /cgi-bin/faceRecognitionServer.cgi?action=findGroup            face libraries: name, size
 * GET /cgi-bin/userManager.cgi?action=getUserInfoAll                 accounts and groups
 * GET /cgi-bin/configManager.cgi?action=getConfig&amp;name=SSHD|Telnet|UPnP|T2UServer   remote services, P2P
 * GET /cgi-bin/configManager.cgi?action=getConfig&amp;name=VSP_GAYS      GB28181 registrations
 * GET /cgi-bin/configManager.cgi?action=getConfig&amp;name=NTP           NTP server, zone
 * </pre>
 */
public final class DahuaDriver implements CameraDriver {
  private static final String CONFIG = "/cgi-bin/configManager.cgi?action=getConfig&name=";
  private static final Pattern RULE =
      Pattern.compile("^table\\.VideoAnalyseRule\\[(\\d+)\\]\\[(\\d+)\\]\\.(\\w+)$");
  private static final Pattern INDEXED = Pattern.compile("^[\\w.]*?\\w+\\[(\\d+)\\]\\.(\\w+)$");

  private final VendorHttp http;

  public DahuaDriver(VendorHttp http) {
    this.http = http;
  }

  @Override
  public String api() {
    return "dahua";
  }

  @Override
  public CameraState read(URI base, Credentials credentials) throws PollException {
    VendorHttp.Session s = http.session(base, credentials);
    Map<String, String> sys =
        Bodies.keyValues(
            "getSystemInfo", http.get(s, "/cgi-bin/magicBox.cgi?action=getSystemInfo"));
    Map<String, String> sw = optional(s, "/cgi-bin/magicBox.cgi?action=getSoftwareVersion");
    DeviceIdentity id = identity(sys, sw == null ? Map.of() : sw);
    List<AnalyticsItem> analytics = new ArrayList<>();
    Map<String, String> rules = optional(s, CONFIG + "VideoAnalyseRule");
    if (rules != null) {
      analytics.addAll(rules(rules));
    }
    List<String> libraries = new ArrayList<>();
    Map<String, String> groups = optional(s, "/cgi-bin/faceRecognitionServer.cgi?action=findGroup");
    if (groups != null) {
      libraries.addAll(faceGroups(groups));
    }
    Map<String, String> u = optional(s, "/cgi-bin/userManager.cgi?action=getUserInfoAll");
    List<String> users = u == null ? List.of(CameraState.UNSUPPORTED) : users(u);
    Map<String, String> services = new TreeMap<>();
    service(s, services, "ssh", "SSHD");
    service(s, services, "telnet", "Telnet");
    service(s, services, "upnp", "UPnP");
    service(s, services, "dahua-p2p", "T2UServer");
    List<String> platforms = new ArrayList<>();
    Map<String, String> gb = optional(s, CONFIG + "VSP_GAYS");
    if (gb != null) {
      platforms.addAll(gb28181(gb));
    }
    Map<String, String> time = new TreeMap<>();
    Map<String, String> ntp = optional(s, CONFIG + "NTP");
    if (ntp != null) {
      time.putAll(ntp(ntp));
    }
    return new CameraState(
        id, analytics, Map.of(), users, "", List.of(), "", libraries, services, platforms, time);
  }

  /** The pairs, or null when the camera lacks the endpoint or the config name. */
  private Map<String, String> optional(VendorHttp.Session s, String path) throws PollException {
    byte[] b = http.getOptional(s, path);
    if (b == null) {
      return null;
    }
    try {
      return Bodies.keyValues(path, b);
    } catch (PollException e) {
      if (e.type() == PollErrorType.FAULT) {
        return null;
      }
      throw e;
    }
  }

  private void service(
      VendorHttp.Session s, Map<String, String> out, String name, String configName)
      throws PollException {
    Map<String, String> kv = optional(s, CONFIG + configName);
    if (kv != null) {
      out.put(name, VendorTypes.onOff(kv.get("table." + configName + ".Enable")));
    }
  }

  /**
   * {@code deviceType}, {@code serialNumber} of getSystemInfo; firmware as getSoftwareVersion says
   * it ({@code 2.800.0000016.0.R,build:2020-06-05}).
   */
  public static DeviceIdentity identity(Map<String, String> sys, Map<String, String> sw)
      throws PollException {
    String model = sys.getOrDefault("deviceType", "");
    if (model.isEmpty() && !sys.containsKey("serialNumber")) {
      throw new PollException(
          PollErrorType.MALFORMED, "getSystemInfo: neither deviceType nor serialNumber");
    }
    return new DeviceIdentity(
        "Dahua",
        model,
        sw.getOrDefault("version", ""),
        sys.getOrDefault("serialNumber", ""),
        sys.getOrDefault("hardwareVersion", ""));
  }

  /** {@code table.VideoAnalyseRule[ch][n].Type=FaceRecognition} and friends, one rule each. */
  public static List<AnalyticsItem> rules(Map<String, String> kv) {
    Map<String, Map<String, String>> byRule = new TreeMap<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      Matcher m = RULE.matcher(e.getKey());
      if (m.matches()) {
        byRule
            .computeIfAbsent(m.group(1) + "|" + m.group(2), k -> new TreeMap<>())
            .put(m.group(3), e.getValue());
      }
    }
    List<AnalyticsItem> out = new ArrayList<>();
    byRule.forEach(
        (k, f) -> {
          String type = f.getOrDefault("Type", "");
          if (type.isEmpty() || type.equals("None")) {
            return;
          }
          Map<String, String> p = new LinkedHashMap<>();
          p.put("enabled", VendorTypes.onOff(f.get("Enable")));
          if (f.containsKey("Class")) {
            p.put("class", f.get("Class"));
          }
          out.add(
              new AnalyticsItem(
                  AnalyticsItem.Kind.RULE,
                  "channel-" + k.substring(0, k.indexOf('|')),
                  f.getOrDefault("Name", "rule-" + k.substring(k.indexOf('|') + 1)),
                  VendorTypes.clark(VendorTypes.DAHUA_RULE, type),
                  p));
        });
    return out;
  }

  /**
   * The analytics types a recording index names ({@code items[0].Summary.TrafficCar.PlateColor}
   * gives {@code TrafficCar}): evidence of what ran when the clip was recorded.
   */
  public static TreeSet<String> summaryTypes(Map<String, String> kv) {
    TreeSet<String> out = new TreeSet<>();
    Pattern p = Pattern.compile("\\.Summary\\.(\\w+)\\.");
    for (String k : kv.keySet()) {
      Matcher m = p.matcher(k);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** {@code face|<GroupName>|<GroupSize>} per face group. */
  public static List<String> faceGroups(Map<String, String> kv) {
    Map<String, Map<String, String>> byIndex = indexed(kv, "GroupList");
    List<String> out = new ArrayList<>();
    byIndex.forEach(
        (i, f) -> {
          String name = f.getOrDefault("GroupName", f.getOrDefault("GroupID", i));
          out.add("face|" + name + "|" + f.getOrDefault("GroupSize", "?"));
        });
    return out;
  }

  public static List<String> users(Map<String, String> kv) {
    List<String> out = new ArrayList<>();
    indexed(kv, "users")
        .forEach(
            (i, f) -> {
              if (f.containsKey("Name")) {
                out.add(f.get("Name") + ":" + f.getOrDefault("Group", ""));
              }
            });
    return out;
  }

  /** {@code gb28181|<n>|<server:port>|<server id>|<device id>|<on/off>} per platform. */
  public static List<String> gb28181(Map<String, String> kv) {
    List<String> out = new ArrayList<>();
    indexed(kv, "VSP_GAYS")
        .forEach(
            (i, f) ->
                out.add(
                    String.join(
                        "|",
                        "gb28181",
                        i,
                        f.getOrDefault("SipServerIp", "")
                            + ":"
                            + f.getOrDefault("SipServerPort", ""),
                        f.getOrDefault("SipServerID", ""),
                        f.getOrDefault("DeviceID", ""),
                        VendorTypes.onOff(f.get("Enable")))));
    return out;
  }

  public static Map<String, String> ntp(Map<String, String> kv) {
    Map<String, String> m = new TreeMap<>();
    m.put("mode", VendorTypes.onOff(kv.get("table.NTP.Enable")).equals("on") ? "NTP" : "manual");
    String addr = kv.getOrDefault("table.NTP.Address", "");
    if (!addr.isEmpty()) {
      m.put(
          "ntp_server",
          addr + (kv.containsKey("table.NTP.Port") ? ":" + kv.get("table.NTP.Port") : ""));
    }
    if (kv.containsKey("table.NTP.TimeZone")) {
      m.put("timezone", kv.get("table.NTP.TimeZone"));
    }
    return m;
  }

  /** {@code <prefix>[i].Field=value} (any {@code table.} before it) grouped by index. */
  static Map<String, Map<String, String>> indexed(Map<String, String> kv, String list) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      String k = e.getKey();
      int at = k.indexOf(list + "[");
      if (at < 0 || (at > 0 && k.charAt(at - 1) != '.')) {
        continue;
      }
      Matcher m = INDEXED.matcher(k.substring(at));
      if (m.matches()) {
        out.computeIfAbsent(m.group(1), x -> new TreeMap<>()).put(m.group(2), e.getValue());
      }
    }
    return out;
  }
}
