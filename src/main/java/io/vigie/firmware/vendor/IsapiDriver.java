package io.vigie.firmware.vendor;

import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraDriver;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.PollException;
import io.vigie.firmware.VendorTypes;
import io.vigie.firmware.onvif.XmlNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hikvision ISAPI (and its OEMs). Only {@code deviceInfo} is required; every other endpoint is read
 * when the camera offers it (a 404 or 403 means "not on this model").
 *
 * <pre>
 * GET /ISAPI/System/deviceInfo                         model, serial, firmware version + build
 * GET /ISAPI/Custom/OpenPlatform/App                   installed apps: name, version, vendor, state
 * GET /ISAPI/System/Video/inputs/channels/1/VCAResource  the algorithm the channel runs
 * GET /ISAPI/Smart/capabilities                        isSupport* flags
 * GET /ISAPI/Intelligent/FDLib                         face libraries: name, count (no picture)
 * GET /ISAPI/Security/users                            accounts and levels
 * GET /ISAPI/System/Network/ssh, /telnetd, /UPnP, /EZVIZ   remote services, Hik-Connect
 * GET /ISAPI/System/Network/SIP                        GB28181 registrations
 * GET /ISAPI/System/Network/Ehome                      ISUP registration
 * GET /ISAPI/System/time, /ISAPI/System/time/ntpServers   time mode, zone, NTP server
 * </pre>
 */
public final class IsapiDriver implements CameraDriver {
  private final VendorHttp http;

  public IsapiDriver(VendorHttp http) {
    this.http = http;
  }

  @Override
  public String api() {
    return "isapi";
  }

  @Override
  public CameraState read(URI base, Credentials credentials) throws PollException {
    VendorHttp.Session s = http.session(base, credentials);
    DeviceIdentity id =
        deviceInfo(Bodies.xml("deviceInfo", http.get(s, "/ISAPI/System/deviceInfo")));
    List<AnalyticsItem> analytics = new ArrayList<>();
    XmlNode apps = optional(s, "/ISAPI/Custom/OpenPlatform/App");
    if (apps != null) {
      analytics.addAll(apps(apps));
    }
    XmlNode vca = optional(s, "/ISAPI/System/Video/inputs/channels/1/VCAResource");
    if (vca != null) {
      analytics.addAll(vcaResource(vca, "1"));
    }
    Map<String, String> caps = new TreeMap<>();
    XmlNode smart = optional(s, "/ISAPI/Smart/capabilities");
    if (smart != null) {
      caps.putAll(capabilities(smart));
    }
    List<String> libraries = new ArrayList<>();
    XmlNode fd = optional(s, "/ISAPI/Intelligent/FDLib");
    if (fd != null) {
      libraries.addAll(faceLibraries(fd));
    }
    XmlNode u = optional(s, "/ISAPI/Security/users");
    List<String> users = u == null ? List.of(CameraState.UNSUPPORTED) : users(u);
    Map<String, String> services = new TreeMap<>();
    service(s, services, "ssh", "/ISAPI/System/Network/ssh");
    service(s, services, "telnet", "/ISAPI/System/Network/telnetd");
    service(s, services, "upnp", "/ISAPI/System/Network/UPnP");
    service(s, services, "hik-connect", "/ISAPI/System/Network/EZVIZ");
    List<String> platforms = new ArrayList<>();
    XmlNode sip = optional(s, "/ISAPI/System/Network/SIP");
    if (sip != null) {
      platforms.addAll(gb28181(sip));
    }
    XmlNode ehome = optional(s, "/ISAPI/System/Network/Ehome");
    if (ehome != null) {
      platforms.addAll(isup(ehome));
    }
    Map<String, String> time = new TreeMap<>();
    XmlNode t = optional(s, "/ISAPI/System/time");
    if (t != null) {
      time.putAll(time(t));
    }
    XmlNode ntp = optional(s, "/ISAPI/System/time/ntpServers");
    if (ntp != null) {
      time.putAll(ntpServers(ntp));
    }
    return new CameraState(
        id, analytics, caps, users, "", List.of(), "", libraries, services, platforms, time);
  }

  private XmlNode optional(VendorHttp.Session s, String path) throws PollException {
    byte[] b = http.getOptional(s, path);
    return b == null ? null : Bodies.xml(path, b);
  }

  private void service(VendorHttp.Session s, Map<String, String> out, String name, String path)
      throws PollException {
    XmlNode n = optional(s, path);
    if (n != null) {
      out.put(name, VendorTypes.onOff(Bodies.text(n, "enabled", "enable")));
    }
  }

  /** {@code <DeviceInfo>}: firmware is "V5.5.0 build 170725", as Hikvision's ONVIF reports it. */
  public static DeviceIdentity deviceInfo(XmlNode n) throws PollException {
    if (!n.local().equals("DeviceInfo")) {
      throw new PollException(
          io.vigie.firmware.PollErrorType.MALFORMED,
          "deviceInfo: root element is " + n.local() + ", not DeviceInfo");
    }
    String fw = n.childText("firmwareVersion");
    String build = n.childText("firmwareReleasedDate");
    return new DeviceIdentity(
        "Hikvision",
        n.childText("model"),
        build.isEmpty() ? fw : fw + " " + build,
        n.childText("serialNumber"),
        n.childText("hardwareVersion"));
  }

  /**
   * {@code <DeviceStatus>}: the camera's clock and uptime (not fingerprinted: they always move).
   */
  public static Map<String, String> status(XmlNode n) throws PollException {
    if (!n.local().equals("DeviceStatus")) {
      throw new PollException(
          io.vigie.firmware.PollErrorType.MALFORMED,
          "status: root element is " + n.local() + ", not DeviceStatus");
    }
    Map<String, String> m = new TreeMap<>();
    m.put("device_time", n.childText("currentDeviceTime"));
    m.put("uptime_seconds", n.childText("deviceUpTime"));
    return m;
  }

  /** Open-platform apps; the element names vary between firmware lines, so several are read. */
  public static List<AnalyticsItem> apps(XmlNode n) {
    List<AnalyticsItem> out = new ArrayList<>();
    List<XmlNode> list = new ArrayList<>(n.descendants("App"));
    list.addAll(n.descendants("APP"));
    list.addAll(n.descendants("AppInfo"));
    for (XmlNode a : list) {
      String name = Bodies.text(a, "name", "appName", "packageName");
      if (name.isEmpty()) {
        continue;
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put("version", Bodies.text(a, "version", "appVersion"));
      p.put("vendor", Bodies.text(a, "vendor", "company", "developer"));
      p.put(
          "state",
          Bodies.text(a, "status", "state", "runStatus").toLowerCase(java.util.Locale.ROOT));
      String enabled = Bodies.text(a, "enabled", "enable");
      if (!enabled.isEmpty()) {
        p.put("enabled", VendorTypes.onOff(enabled));
      }
      String nice = Bodies.text(a, "displayName", "description");
      if (!nice.isEmpty()) {
        p.put(VendorTypes.NICE_NAME, nice);
      }
      out.add(
          new AnalyticsItem(
              AnalyticsItem.Kind.APP, "", name, VendorTypes.clark(VendorTypes.ISAPI_APP, name), p));
    }
    return out;
  }

  /** {@code <VCAResource><type>faceSnap</type>}: the algorithm a channel runs, as a rule. */
  public static List<AnalyticsItem> vcaResource(XmlNode n, String channel) {
    String type = Bodies.text(n, "type");
    if (type.isEmpty()) {
      return List.of();
    }
    return List.of(
        new AnalyticsItem(
            AnalyticsItem.Kind.RULE,
            "channel-" + channel,
            "VCAResource",
            VendorTypes.clark(VendorTypes.ISAPI_SMART, type),
            Map.of()));
  }

  /** {@code isSupportFaceDetect=true} and the like, prefixed {@code isapi.}. */
  public static Map<String, String> capabilities(XmlNode n) {
    Map<String, String> m = new TreeMap<>();
    for (XmlNode c : n.children()) {
      if (c.local().startsWith("isSupport") && !c.text().isEmpty()) {
        m.put("isapi." + c.local(), c.text());
      }
    }
    return m;
  }

  /** {@code face|<name>|<count>}: names and sizes, never a picture. */
  public static List<String> faceLibraries(XmlNode n) {
    List<String> out = new ArrayList<>();
    for (XmlNode l : n.descendants("FDLibBaseCfg")) {
      String name = Bodies.text(l, "name");
      if (name.isEmpty()) {
        name = Bodies.text(l, "FDID", "id");
      }
      String count = Bodies.text(l, "faceCount", "recordDataNumber", "pictureNum");
      out.add("face|" + name + "|" + (count.isEmpty() ? "?" : count));
    }
    return out;
  }

  public static List<String> users(XmlNode n) {
    List<String> out = new ArrayList<>();
    for (XmlNode u : n.descendants("User")) {
      String name = u.childText("userName");
      if (!name.isEmpty()) {
        out.add(name + ":" + u.childText("userLevel"));
      }
    }
    return out;
  }

  /** {@code gb28181|<id>|<server:port>|<server id>|<device id>|<on/off>} per SIP server. */
  public static List<String> gb28181(XmlNode n) {
    List<String> out = new ArrayList<>();
    for (XmlNode sv : n.descendants("SIPServer")) {
      String server =
          Bodies.text(sv, "registrar", "proxy", "serverAddress", "ipAddress", "address");
      String port = Bodies.text(sv, "registrarPort", "proxyPort", "serverPort", "portNo");
      out.add(
          String.join(
              "|",
              "gb28181",
              sv.childText("id"),
              port.isEmpty() ? server : server + ":" + port,
              Bodies.text(sv, "serverId", "serverID", "registrarId"),
              Bodies.text(sv, "userName", "deviceId", "deviceID", "authID"),
              VendorTypes.onOff(Bodies.text(sv, "enabled", "enable"))));
    }
    return out;
  }

  /** {@code isup|<id>|<server:port>|<device id>|<on/off>}. */
  public static List<String> isup(XmlNode n) {
    String server = Bodies.text(n, "hostName", "ipAddress", "address");
    String port = Bodies.text(n, "portNo", "port");
    return List.of(
        String.join(
            "|",
            "isup",
            Bodies.text(n, "id"),
            port.isEmpty() ? server : server + ":" + port,
            Bodies.text(n, "deviceID", "deviceId"),
            VendorTypes.onOff(Bodies.text(n, "enabled", "enable"))));
  }

  public static Map<String, String> time(XmlNode n) {
    Map<String, String> m = new TreeMap<>();
    String mode = Bodies.text(n, "timeMode");
    if (!mode.isEmpty()) {
      m.put("mode", mode);
    }
    String zone = Bodies.text(n, "timeZone");
    if (!zone.isEmpty()) {
      m.put("timezone", zone);
    }
    return m;
  }

  public static Map<String, String> ntpServers(XmlNode n) {
    List<String> servers = new ArrayList<>();
    for (XmlNode sv : n.descendants("NTPServer")) {
      String host = Bodies.text(sv, "hostName", "ipAddress", "ipv6Address");
      if (!host.isEmpty()) {
        String port = sv.childText("portNo");
        servers.add(port.isEmpty() ? host : host + ":" + port);
      }
    }
    return servers.isEmpty() ? Map.of() : Map.of("ntp_server", String.join(",", servers));
  }
}
