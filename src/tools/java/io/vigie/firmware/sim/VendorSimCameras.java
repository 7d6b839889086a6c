package io.vigie.firmware.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Simulated Hikvision, Axis and Dahua cameras. Where the shared corpus ({@code
 * ../shared/corpus/vendor-api}) holds a real answer, the camera sends that file's bytes; the other
 * endpoints (gaps of the corpus, see README.md beside this class) are written here after the
 * vendors' public API descriptions, and tests edit them to play changes.
 */
public final class VendorSimCameras {
  public static final String HIK_APPS = "/ISAPI/Custom/OpenPlatform/App";
  public static final String HIK_FDLIB = "/ISAPI/Intelligent/FDLib";
  public static final String HIK_USERS = "/ISAPI/Security/users";
  public static final String HIK_SSH = "/ISAPI/System/Network/ssh";
  public static final String HIK_SIP = "/ISAPI/System/Network/SIP";
  public static final String AXIS_APPS = "/axis-cgi/applications/list.cgi";
  public static final String AXIS_PARAMS =
      "/axis-cgi/param.cgi?action=list&group=root.Network.SSH,root.Network.UPnP,root.RemoteService,root.Time,root.Properties";
  public static final String AXIS_USERS = "/axis-cgi/pwdgrp.cgi?action=get";
  public static final String DAHUA_CONFIG = "/cgi-bin/configManager.cgi?action=getConfig&name=";
  public static final String DAHUA_RULES = DAHUA_CONFIG + "VideoAnalyseRule";
  public static final String DAHUA_GROUPS = "/cgi-bin/faceRecognitionServer.cgi?action=findGroup";
  public static final String DAHUA_USERS = "/cgi-bin/userManager.cgi?action=getUserInfoAll";

  private static final String HIK_NS = "xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"";

  private VendorSimCameras() {}

  private static byte[] corpus(Path dir, String file) {
    try {
      return Files.readAllBytes(dir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A DS-2CD2155FWD-I (deviceInfo from the corpus) with one people-counting app, one platform. */
  public static VendorSimCamera hikvision(Path corpus, String user, String password) {
    String d = "hikvision/missial-hikvision-client/";
    VendorSimCamera c = new VendorSimCamera(user, password);
    c.unauthorizedBody(corpus(corpus, d + "System.status.401-unauthorized.V5.5.0.html"))
        .put(
            "/ISAPI/System/deviceInfo",
            corpus(corpus, d + "System.deviceInfo.DS-2CD2155FWD-I.V5.5.0.xml"))
        .put("/ISAPI/System/status", corpus(corpus, d + "System.status.V5.5.0.xml"));
    hikvisionWritten(c, user);
    return c;
  }

  /** The endpoints the corpus has no answer for (see README.md). */
  private static void hikvisionWritten(VendorSimCamera c, String user) {
    c.put(HIK_APPS, hikApps(hikApp("PeopleCounting", "1.2.0", "Hikvision", "running")))
        .put(
            "/ISAPI/Smart/capabilities",
            "<SmartCap "
                + HIK_NS
                + "><isSupportROI>true</isSupportROI>"
                + "<isSupportFieldDetection>true</isSupportFieldDetection>"
                + "<isSupportLineDetection>true</isSupportLineDetection></SmartCap>")
        .put(HIK_FDLIB, hikLibraries())
        .put(HIK_USERS, hikUsers("admin:Administrator", user + ":Operator"))
        .put(HIK_SSH, "<SSH " + HIK_NS + "><enabled>false</enabled></SSH>")
        .put(
            "/ISAPI/System/Network/telnetd",
            "<Telnetd " + HIK_NS + "><enabled>false</enabled></Telnetd>")
        .put("/ISAPI/System/Network/UPnP", "<UPnP " + HIK_NS + "><enabled>false</enabled></UPnP>")
        .put(
            "/ISAPI/System/Network/EZVIZ",
            "<EZVIZ "
                + HIK_NS
                + "><enabled>false</enabled><registerStatus>false</registerStatus></EZVIZ>")
        .put(
            HIK_SIP,
            hikSip(sipServer("1", "10.20.0.5", "34020000002000000001", "34020000001320000001")))
        .put(
            "/ISAPI/System/time",
            "<Time " + HIK_NS + "><timeMode>NTP</timeMode><timeZone>CST-1:00:00</timeZone></Time>")
        .put(
            "/ISAPI/System/time/ntpServers",
            "<NTPServerList "
                + HIK_NS
                + "><NTPServer><id>1</id><addressingFormatType>ipaddress</addressingFormatType>"
                + "<ipAddress>10.20.0.1</ipAddress><portNo>123</portNo></NTPServer></NTPServerList>");
  }

  public static String hikApp(String name, String version, String vendor, String status) {
    return "<App><id>"
        + Math.abs(name.hashCode() % 1000)
        + "</id><name>"
        + name
        + "</name><version>"
        + version
        + "</version><vendor>"
        + vendor
        + "</vendor><status>"
        + status
        + "</status><enabled>true</enabled></App>";
  }

  public static String hikApps(String... apps) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<AppList "
        + HIK_NS
        + ">"
        + String.join("", apps)
        + "</AppList>\r\n";
  }

  /** Face libraries {@code name:count}; none gives an empty list. */
  public static String hikLibraries(String... libs) {
    StringBuilder sb = new StringBuilder("<FDLibBaseCfgList " + HIK_NS + ">");
    int id = 1;
    for (String l : libs) {
      String[] p = l.split(":");
      sb.append("<FDLibBaseCfg><id>")
          .append(id)
          .append("</id><FDID>")
          .append(id++)
          .append("</FDID><name>")
          .append(p[0])
          .append("</name><faceLibType>blackFD</faceLibType><faceCount>")
          .append(p[1])
          .append("</faceCount></FDLibBaseCfg>");
    }
    return sb.append("</FDLibBaseCfgList>").toString();
  }

  public static String hikUsers(String... users) {
    StringBuilder sb = new StringBuilder("<UserList " + HIK_NS + ">");
    int id = 1;
    for (String u : users) {
      String[] p = u.split(":");
      sb.append("<User><id>")
          .append(id++)
          .append("</id><userName>")
          .append(p[0])
          .append("</userName><userLevel>")
          .append(p[1])
          .append("</userLevel></User>");
    }
    return sb.append("</UserList>").toString();
  }

  public static String sipServer(String id, String server, String serverId, String deviceId) {
    return "<SIPServer><id>"
        + id
        + "</id><localPort>5060</localPort><GB28181><enabled>true</enabled>"
        + "<registrar>"
        + server
        + "</registrar><registrarPort>5060</registrarPort><serverId>"
        + serverId
        + "</serverId><userName>"
        + deviceId
        + "</userName><expires>3600</expires>"
        + "</GB28181></SIPServer>";
  }

  public static String hikSip(String... servers) {
    return "<SIPServerList " + HIK_NS + ">" + String.join("", servers) + "</SIPServerList>";
  }

  /** An M1065-LW with the guard suite of the corpus; its parameters come from its full list. */
  public static VendorSimCamera axis(Path corpus, String user, String password) {
    String d = "axis/kane610-axis/";
    String all =
        new String(
            corpus(corpus, d + "param.cgi.list.all.M1065-LW.txt"),
            java.nio.charset.StandardCharsets.UTF_8);
    String groups =
        all.lines()
            .filter(
                l ->
                    l.startsWith("root.Network.SSH.")
                        || l.startsWith("root.Network.UPnP.")
                        || l.startsWith("root.RemoteService.")
                        || l.startsWith("root.Time.")
                        || l.startsWith("root.Properties."))
            .collect(Collectors.joining("\n", "", "\n"));
    String pwdgrp =
        new String(
            corpus(corpus, d + "pwdgrp.cgi.get.txt"), java.nio.charset.StandardCharsets.UTF_8);
    return new VendorSimCamera(user, password)
        .put(
            "/axis-cgi/basicdeviceinfo.cgi",
            corpus(corpus, d + "basicdeviceinfo.cgi.getAllProperties.json"))
        .put(AXIS_APPS, corpus(corpus, d + "applications.list.cgi.guard-suite.xml"))
        .put("/local/vmd/control.cgi", corpus(corpus, d + "vmd.control.cgi.getConfiguration.json"))
        .put(
            "/local/fenceguard/control.cgi",
            corpus(corpus, d + "fenceguard.control.cgi.getConfiguration.json"))
        .put(
            "/local/motionguard/control.cgi",
            corpus(corpus, d + "motionguard.control.cgi.getConfiguration.json"))
        .put(
            "/axis-cgi/mqtt/client.cgi", corpus(corpus, d + "mqtt.client.cgi.getClientStatus.json"))
        .put(
            AXIS_USERS,
            pwdgrp
                .replace("\"usera,wwwa,", "\"usera," + user + ",wwwa,")
                .replace("users=\"userv,", "users=\"" + user + ",userv,"))
        .put(AXIS_PARAMS, groups);
  }

  /** One {@code <application .../>} line as list.cgi writes it. */
  public static String axisApp(String name, String nice, String version, String status) {
    return " <application Name=\""
        + name
        + "\" NiceName=\""
        + nice
        + "\" Vendor=\"Axis Communications\" Version=\""
        + version
        + "\" ApplicationID=\""
        + Math.abs(name.hashCode() % 100000)
        + "\" License=\"Valid\" Status=\""
        + status
        + "\" ConfigurationPage=\"local/"
        + name
        + "/config.html\" VendorHomePage=\"http://www.axis.com\" />\n";
  }

  /** An IPC-HDW5831R-ZE (system info and software version from the corpus). */
  public static VendorSimCamera dahua(Path corpus, String user, String password) {
    String d = "dahua/rroller-dahua/";
    VendorSimCamera c = new VendorSimCamera(user, password);
    c.put(
            "/cgi-bin/magicBox.cgi?action=getSystemInfo",
            corpus(corpus, d + "magicBox.cgi.getSystemInfo.IPC-HDW5831R-ZE.txt"))
        .put(
            "/cgi-bin/magicBox.cgi?action=getSoftwareVersion",
            corpus(corpus, d + "magicBox.cgi.getSoftwareVersion.txt"));
    dahuaWritten(c, user);
    return c;
  }

  /** The endpoints the corpus has no answer for (see README.md). */
  private static void dahuaWritten(VendorSimCamera c, String user) {
    c.put(DAHUA_RULES, dahuaRules("CrossLineDetection:Line1"))
        .put(DAHUA_GROUPS, "found=0\r\n")
        .put(DAHUA_USERS, dahuaUsers("admin:admin", user + ":user"))
        .put(DAHUA_CONFIG + "SSHD", "table.SSHD.Enable=false\r\n")
        .put(DAHUA_CONFIG + "Telnet", "table.Telnet.Enable=false\r\n")
        .put(DAHUA_CONFIG + "UPnP", "table.UPnP.Enable=false\r\ntable.UPnP.Mode=0\r\n")
        .put(DAHUA_CONFIG + "T2UServer", "table.T2UServer.Enable=false\r\n")
        .put(
            DAHUA_CONFIG + "VSP_GAYS",
            dahuaPlatforms("10.20.0.5:34020000002000000001:34020000001320000002"))
        .put(
            DAHUA_CONFIG + "NTP",
            "table.NTP.Address=10.20.0.1\r\ntable.NTP.Enable=true\r\ntable.NTP.Port=123\r\ntable.NTP.TimeZone=13\r\n");
  }

  /**
   * Cameras that need no corpus, for the demo and {@code vigie bench onvif}: the same bodies as the
   * corpus cameras for the written endpoints, and identity answers written here after the vendors'
   * public API descriptions (made-up serials; a user of the demo may not have {@code ../shared}).
   */
  public static VendorSimCamera hikvisionStandalone(String serial, String user, String password) {
    VendorSimCamera c = new VendorSimCamera(user, password);
    hikvisionWritten(c, user);
    return c.put(
        "/ISAPI/System/deviceInfo",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<DeviceInfo "
            + HIK_NS
            + "><deviceName>IP CAMERA</deviceName><model>DS-2CD2143G0-I</model><serialNumber>"
            + serial
            + "</serialNumber><firmwareVersion>V5.5.82</firmwareVersion>"
            + "<firmwareReleasedDate>build 190909</firmwareReleasedDate>"
            + "<hardwareVersion>0.0</hardwareVersion><deviceType>IPCamera</deviceType></DeviceInfo>\r\n");
  }

  /** An Axis camera with Video Motion Detection only (see {@link #hikvisionStandalone}). */
  public static VendorSimCamera axisStandalone(String serial, String user, String password) {
    return new VendorSimCamera(user, password)
        .put(
            "/axis-cgi/basicdeviceinfo.cgi",
            "{\"apiVersion\":\"1.0\",\"context\":\"vigie\",\"data\":{\"propertyList\":{"
                + "\"Brand\":\"AXIS\",\"ProdNbr\":\"P1455-LE\",\"Version\":\"10.12.114\","
                + "\"SerialNumber\":\""
                + serial
                + "\",\"HardwareID\":\"7F1.1\"}}}")
        .put(AXIS_APPS, axisApps(axisApp("vmd", "AXIS Video Motion Detection", "4.4-5", "Running")))
        .put(
            AXIS_USERS,
            "admin=\"root\"\r\nviewer=\""
                + user
                + "\"\r\noperator=\"\"\r\nusers=\"root,"
                + user
                + "\"\r\n")
        .put(
            AXIS_PARAMS,
            "root.Network.SSH.Enabled=no\nroot.Network.UPnP.Enabled=no\n"
                + "root.RemoteService.Enabled=no\nroot.Time.ObtainFromDHCP=no\n"
                + "root.Time.NTP.Server=10.20.0.1\n");
  }

  /** {@code <reply result="ok">} around {@link #axisApp} lines. */
  public static String axisApps(String... apps) {
    return "<reply result=\"ok\">\n" + String.join("", apps) + "</reply>\n";
  }

  /** A Dahua camera (see {@link #hikvisionStandalone}). */
  public static VendorSimCamera dahuaStandalone(String serial, String user, String password) {
    VendorSimCamera c = new VendorSimCamera(user, password);
    dahuaWritten(c, user);
    return c.put(
            "/cgi-bin/magicBox.cgi?action=getSystemInfo",
            "deviceType=IPC-HFW2431S-S-S2\r\nhardwareVersion=1.00\r\nserialNumber="
                + serial
                + "\r\n")
        .put(
            "/cgi-bin/magicBox.cgi?action=getSoftwareVersion",
            "version=2.800.0000000.25.R,build:2021-03-15\r\n");
  }

  /** Rules {@code Type:Name} on channel 0. */
  public static String dahuaRules(String... rules) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (String r : rules) {
      String[] p = r.split(":");
      String k = "table.VideoAnalyseRule[0][" + i++ + "].";
      sb.append(k)
          .append("Class=Normal\r\n")
          .append(k)
          .append("Enable=true\r\n")
          .append(k)
          .append("Name=")
          .append(p[1])
          .append("\r\n")
          .append(k)
          .append("Type=")
          .append(p[0])
          .append("\r\n");
    }
    return sb.toString();
  }

  public static String dahuaUsers(String... users) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (String u : users) {
      String[] p = u.split(":");
      sb.append("users[")
          .append(i)
          .append("].Group=")
          .append(p[1])
          .append("\r\n")
          .append("users[")
          .append(i)
          .append("].Name=")
          .append(p[0])
          .append("\r\n");
      i++;
    }
    return sb.toString();
  }

  /** Platforms {@code server:serverId:deviceId}. */
  public static String dahuaPlatforms(String... platforms) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (String pl : platforms) {
      String[] p = pl.split(":");
      String k = "table.VSP_GAYS[" + i++ + "].";
      sb.append(k)
          .append("DeviceID=")
          .append(p[2])
          .append("\r\n")
          .append(k)
          .append("Enable=true\r\n")
          .append(k)
          .append("SipServerID=")
          .append(p[1])
          .append("\r\n")
          .append(k)
          .append("SipServerIp=")
          .append(p[0])
          .append("\r\n")
          .append(k)
          .append("SipServerPort=5060\r\n");
    }
    return sb.toString();
  }

  /** Face groups {@code name:size}. */
  public static String dahuaGroups(String... groups) {
    StringBuilder sb = new StringBuilder("found=" + groups.length + "\r\n");
    int i = 0;
    for (String g : groups) {
      String[] p = g.split(":");
      sb.append("GroupList[")
          .append(i)
          .append("].GroupID=")
          .append(i + 1)
          .append("\r\n")
          .append("GroupList[")
          .append(i)
          .append("].GroupName=")
          .append(p[0])
          .append("\r\n")
          .append("GroupList[")
          .append(i)
          .append("].GroupSize=")
          .append(p[1])
          .append("\r\n");
      i++;
    }
    return sb.toString();
  }
}
