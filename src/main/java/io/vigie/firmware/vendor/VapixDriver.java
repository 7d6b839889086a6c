package io.vigie.firmware.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.firmware.AnalyticsItem;
import io.vigie.firmware.CameraDriver;
import io.vigie.firmware.CameraState;
import io.vigie.firmware.Credentials;
import io.vigie.firmware.DeviceIdentity;
import io.vigie.firmware.PollErrorType;
import io.vigie.firmware.PollException;
import io.vigie.firmware.VendorTypes;
import io.vigie.firmware.onvif.XmlNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Axis VAPIX. The application list is required (it is what this driver is for); the rest is read
 * when offered.
 *
 * <pre>
 * POST /axis-cgi/basicdeviceinfo.cgi {getAllProperties}   model, serial, firmware, hardware ID
 *   (else GET /axis-cgi/param.cgi?action=list&amp;group=root.Brand,root.Properties)
 * GET  /axis-cgi/applications/list.cgi                     ACAP apps: name, version, vendor, status
 * POST /local/&lt;app&gt;/control.cgi {getConfiguration}          profiles/scenarios of running analytics apps
 * GET  /axis-cgi/pwdgrp.cgi?action=get                     accounts and groups
 * GET  /axis-cgi/param.cgi?action=list&amp;group=root.Network.SSH,root.Network.UPnP,root.RemoteService,root.Time,root.Properties
 *                                                          ssh, UPnP, O3C cloud, NTP and zone, ACAP/motion properties
 * POST /axis-cgi/mqtt/client.cgi {getClientStatus}         MQTT client (an outbound channel)
 * </pre>
 */
public final class VapixDriver implements CameraDriver {
  /** ACAP apps whose {@code control.cgi} lists profiles or scenarios. */
  static final Set<String> CONFIGURABLE =
      Set.of("objectanalytics", "vmd", "fenceguard", "motionguard", "loiteringguard");

  private static final String GET_CONFIGURATION =
      "{\"apiVersion\":\"1.0\",\"context\":\"vigie\",\"method\":\"getConfiguration\"}";

  private final VendorHttp http;

  public VapixDriver(VendorHttp http) {
    this.http = http;
  }

  @Override
  public String api() {
    return "vapix";
  }

  @Override
  public CameraState read(URI base, Credentials credentials) throws PollException {
    VendorHttp.Session s = http.session(base, credentials);
    DeviceIdentity id;
    byte[] bdi =
        http.postJsonOptional(
            s,
            "/axis-cgi/basicdeviceinfo.cgi",
            "{\"apiVersion\":\"1.0\",\"context\":\"vigie\",\"method\":\"getAllProperties\"}");
    if (bdi != null) {
      id = basicDeviceInfo(Bodies.json("basicdeviceinfo", bdi));
    } else {
      id =
          identityFromParams(
              Bodies.keyValues(
                  "param.cgi",
                  http.get(s, "/axis-cgi/param.cgi?action=list&group=root.Brand,root.Properties")));
    }
    List<AnalyticsItem> analytics =
        new ArrayList<>(
            applications(
                Bodies.xml("applications", http.get(s, "/axis-cgi/applications/list.cgi"))));
    for (AnalyticsItem app : List.copyOf(analytics)) {
      if (CONFIGURABLE.contains(app.name()) && "running".equals(app.params().get("status"))) {
        byte[] c =
            http.postJsonOptional(s, "/local/" + app.name() + "/control.cgi", GET_CONFIGURATION);
        if (c != null) {
          analytics.addAll(appConfiguration(app.name(), Bodies.json(app.name(), c)));
        }
      }
    }
    byte[] pw = http.getOptional(s, "/axis-cgi/pwdgrp.cgi?action=get");
    List<String> users =
        pw == null ? List.of(CameraState.UNSUPPORTED) : users(Bodies.keyValues("pwdgrp", pw));
    Map<String, String> services = new TreeMap<>();
    Map<String, String> time = new TreeMap<>();
    Map<String, String> caps = new TreeMap<>();
    byte[] net =
        http.getOptional(
            s,
            "/axis-cgi/param.cgi?action=list&group=root.Network.SSH,root.Network.UPnP,root.RemoteService,root.Time,root.Properties");
    if (net != null) {
      Map<String, String> p = Bodies.keyValues("param.cgi", net);
      services.putAll(services(p));
      time.putAll(time(p));
      caps.putAll(capabilities(p));
    }
    byte[] mqtt =
        http.postJsonOptional(
            s,
            "/axis-cgi/mqtt/client.cgi",
            "{\"apiVersion\":\"1.0\",\"context\":\"vigie\",\"method\":\"getClientStatus\"}");
    if (mqtt != null) {
      services.putAll(mqtt(Bodies.json("mqtt", mqtt)));
    }
    return new CameraState(
        id, analytics, caps, users, "", List.of(), "", List.of(), services, List.of(), time);
  }

  public static DeviceIdentity basicDeviceInfo(JsonNode n) throws PollException {
    JsonNode p = n.path("data").path("propertyList");
    if (!p.isObject()) {
      throw new PollException(PollErrorType.MALFORMED, "basicdeviceinfo: no data.propertyList");
    }
    return new DeviceIdentity(
        Bodies.str(p, "Brand"),
        Bodies.str(p, "ProdNbr"),
        Bodies.str(p, "Version"),
        Bodies.str(p, "SerialNumber"),
        Bodies.str(p, "HardwareID"));
  }

  public static DeviceIdentity identityFromParams(Map<String, String> p) {
    return new DeviceIdentity(
        p.getOrDefault("root.Brand.Brand", ""),
        p.getOrDefault("root.Brand.ProdNbr", ""),
        p.getOrDefault("root.Properties.Firmware.Version", ""),
        p.getOrDefault("root.Properties.System.SerialNumber", ""),
        p.getOrDefault("root.Properties.System.HardwareID", ""));
  }

  /** {@code <reply result="ok"><application Name=... Status="Running"/>}. */
  public static List<AnalyticsItem> applications(XmlNode n) throws PollException {
    if (!n.local().equals("reply")) {
      throw new PollException(
          PollErrorType.MALFORMED, "applications: root element is " + n.local() + ", not reply");
    }
    if (!"ok".equals(n.attr("result"))) {
      throw new PollException(PollErrorType.FAULT, "applications: result " + n.attr("result"));
    }
    List<AnalyticsItem> out = new ArrayList<>();
    for (XmlNode a : n.all("application")) {
      String name = a.attr("Name");
      if (name == null || name.isEmpty()) {
        continue;
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put(VendorTypes.NICE_NAME, nz(a.attr("NiceName")));
      p.put("vendor", nz(a.attr("Vendor")));
      p.put("version", nz(a.attr("Version")));
      p.put("status", nz(a.attr("Status")).toLowerCase(Locale.ROOT));
      p.put("license", nz(a.attr("License")));
      p.put("application_id", nz(a.attr("ApplicationID")));
      out.add(
          new AnalyticsItem(
              AnalyticsItem.Kind.APP, "", name, VendorTypes.clark(VendorTypes.VAPIX_APP, name), p));
    }
    return out;
  }

  /**
   * Profiles (Guard suite, VMD4) or scenarios (Object Analytics) of an app, as rules typed by the
   * app, with their trigger types and object classes.
   */
  public static List<AnalyticsItem> appConfiguration(String app, JsonNode n) {
    List<AnalyticsItem> out = new ArrayList<>();
    JsonNode data = n.path("data");
    List<JsonNode> entries = new ArrayList<>();
    data.path("profiles").forEach(entries::add);
    data.path("scenarios").forEach(entries::add);
    for (JsonNode e : entries) {
      Map<String, String> p = new LinkedHashMap<>();
      TreeSet<String> triggers = new TreeSet<>();
      e.path("triggers").forEach(t -> triggers.add(Bodies.str(t, "type")));
      p.put("triggers", String.join(",", triggers));
      if (e.has("type")) {
        p.put("scenario_type", Bodies.str(e, "type"));
      }
      TreeSet<String> objects = new TreeSet<>();
      e.path("objectClassifications").forEach(o -> objects.add(Bodies.str(o, "type")));
      if (!objects.isEmpty()) {
        p.put("objects", String.join(",", objects));
      }
      String camera = e.has("camera") ? Bodies.str(e, "camera") : Bodies.compact(e.path("devices"));
      p.put("camera", camera);
      String name = Bodies.str(e, "name");
      out.add(
          new AnalyticsItem(
              AnalyticsItem.Kind.RULE,
              app,
              name.isEmpty() ? "uid-" + Bodies.str(e, "uid") : name,
              VendorTypes.clark(VendorTypes.VAPIX_RULE, app),
              p));
    }
    return out;
  }

  /** {@code name:admin|operator|viewer} for each account of {@code users} (and root). */
  public static List<String> users(Map<String, String> groups) {
    Set<String> names = new TreeSet<>(split(groups.get("users")));
    names.addAll(split(groups.get("root")));
    Set<String> admin = new TreeSet<>(split(groups.get("admin")));
    Set<String> operator = new TreeSet<>(split(groups.get("operator")));
    List<String> out = new ArrayList<>();
    for (String u : names) {
      String level = admin.contains(u) ? "admin" : operator.contains(u) ? "operator" : "viewer";
      out.add(u + ":" + level);
    }
    return out;
  }

  private static List<String> split(String v) {
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  public static Map<String, String> services(Map<String, String> p) {
    Map<String, String> m = new TreeMap<>();
    if (p.containsKey("root.Network.SSH.Enabled")) {
      m.put("ssh", VendorTypes.onOff(p.get("root.Network.SSH.Enabled")));
    }
    if (p.containsKey("root.Network.UPnP.Enabled")) {
      m.put("upnp", VendorTypes.onOff(p.get("root.Network.UPnP.Enabled")));
    }
    if (p.containsKey("root.Network.UPnP.NATTraversal.Enabled")) {
      m.put(
          "upnp-nat-traversal", VendorTypes.onOff(p.get("root.Network.UPnP.NATTraversal.Enabled")));
    }
    String o3c = p.get("root.RemoteService.Enabled");
    if (o3c != null) {
      // "oneclick" connects only after a press of the camera's button: not on until then.
      m.put("o3c", o3c.equals("oneclick") ? "off oneclick" : VendorTypes.onOff(o3c));
    }
    return m;
  }

  /**
   * Analytics-relevant properties: an ACAP platform ({@code EmbeddedDevelopment}, where apps can be
   * installed without a firmware change), built-in motion detection, per-view motion triggers.
   */
  public static Map<String, String> capabilities(Map<String, String> p) {
    Map<String, String> m = new TreeMap<>();
    put(m, "vapix.acap", p.get("root.Properties.EmbeddedDevelopment.EmbeddedDevelopment"));
    put(m, "vapix.acap_version", p.get("root.Properties.EmbeddedDevelopment.Version"));
    put(m, "vapix.motion", p.get("root.Properties.Motion.Motion"));
    for (Map.Entry<String, String> e : p.entrySet()) {
      java.util.regex.Matcher v = VIEW_MOTION.matcher(e.getKey());
      if (v.matches()) {
        m.put("vapix.view." + v.group(1) + ".motion_detection", e.getValue());
      }
    }
    return m;
  }

  private static final java.util.regex.Pattern VIEW_MOTION =
      java.util.regex.Pattern.compile(
          "^root\\.Image\\.(I\\d+)\\.TriggerData\\.MotionDetectionEnabled$");

  /**
   * Event topics a camera declares ({@code GetEventInstances}' TopicSet) or sends (a metadata
   * stream's {@code Topic}), as {@code CameraApplicationPlatform/VMD/Camera1ProfileANY} paths: each
   * ACAP app that raises events shows here.
   */
  public static List<String> eventTopics(XmlNode n) {
    List<String> out = new ArrayList<>();
    for (XmlNode t : n.descendants("Topic")) {
      if (!t.text().isEmpty()) {
        out.add(t.text());
      }
    }
    for (XmlNode set : n.descendants("TopicSet")) {
      for (XmlNode c : set.children()) {
        walk(c, c.local(), out);
      }
    }
    return out;
  }

  private static void walk(XmlNode n, String path, List<String> out) {
    if ("true".equals(n.attr("topic"))) {
      out.add(path);
    }
    for (XmlNode c : n.children()) {
      if (!c.local().equals("MessageInstance")) {
        walk(c, path + "/" + c.local(), out);
      }
    }
  }

  public static Map<String, String> time(Map<String, String> p) {
    Map<String, String> m = new TreeMap<>();
    put(m, "mode", p.get("root.Time.SyncSource"));
    put(m, "ntp_server", p.get("root.Time.NTP.Server"));
    put(m, "timezone", p.get("root.Time.POSIXTimeZone"));
    put(m, "ntp_from_dhcp", p.get("root.Time.ObtainFromDHCP"));
    return m;
  }

  /** The MQTT client: {@code on tcp://host:port} when active. */
  public static Map<String, String> mqtt(JsonNode n) {
    JsonNode d = n.path("data");
    String state = Bodies.str(d.path("status"), "state");
    JsonNode server = d.path("config").path("server");
    String where =
        Bodies.str(server, "protocol")
            + "://"
            + Bodies.str(server, "host")
            + ":"
            + Bodies.str(server, "port");
    return Map.of("mqtt", "active".equals(state) ? "on " + where : "off");
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
