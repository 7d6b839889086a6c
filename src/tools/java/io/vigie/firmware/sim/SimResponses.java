package io.vigie.firmware.sim;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Body content of each ONVIF answer of a {@link SimCamera}; null for an unsupported operation. */
final class SimResponses {
  private static final String CONFIG_TOKEN = "VideoAnalyticsToken";

  private SimResponses() {}

  static String answer(
      String op, String name, SimCamera c, Instant camNow, String token, String advertised) {
    return switch (op) {
      case "GetSystemDateAndTime" ->
          "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
              + "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
              + "<tt:TimeZone><tt:TZ>CET-1CEST,M3.5.0,M10.5.0/3</tt:TZ></tt:TimeZone>"
              + OnvifSimulator.utc(camNow)
              + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
      case "GetDeviceInformation" ->
          "<tds:GetDeviceInformationResponse>\n<tds:Manufacturer>"
              + x(c.manufacturer())
              + "</tds:Manufacturer>\n<tds:Model>"
              + x(c.model())
              + "</tds:Model>\n<tds:FirmwareVersion>"
              + x(c.firmware())
              + "</tds:FirmwareVersion>\n<tds:SerialNumber>"
              + x(c.serial())
              + "</tds:SerialNumber>\n<tds:HardwareId>88</tds:HardwareId>\n"
              + "</tds:GetDeviceInformationResponse>";
      case "GetServices" ->
          "<tds:GetServicesResponse>"
              + service("http://www.onvif.org/ver10/device/wsdl", advertised + "/device_service")
              + service("http://www.onvif.org/ver10/media/wsdl", advertised + "/Media")
              + service("http://www.onvif.org/ver20/analytics/wsdl", advertised + "/Analytics")
              + "</tds:GetServicesResponse>";
      case "GetUsers" -> {
        StringBuilder sb = new StringBuilder("<tds:GetUsersResponse>");
        for (String u : c.users()) {
          int colon = u.indexOf(':');
          sb.append("<tds:User><tt:Username>")
              .append(x(u.substring(0, colon)))
              .append("</tt:Username><tt:UserLevel>")
              .append(x(u.substring(colon + 1)))
              .append("</tt:UserLevel></tds:User>");
        }
        yield sb.append("</tds:GetUsersResponse>").toString();
      }
      case "GetRemoteUser" ->
          c.remoteUser() == null
              ? null
              : "<tds:GetRemoteUserResponse>"
                  + (c.remoteUser().isEmpty()
                      ? ""
                      : "<tds:RemoteUser><tt:Username>"
                          + x(c.remoteUser())
                          + "</tt:Username><tt:UseDerivedPassword>false</tt:UseDerivedPassword></tds:RemoteUser>")
                  + "</tds:GetRemoteUserResponse>";
      case "GetDPAddresses" -> {
        StringBuilder sb = new StringBuilder("<tds:GetDPAddressesResponse>");
        for (String a : c.dpAddresses()) {
          sb.append("<tds:DPAddress><tt:Type>IPv4</tt:Type><tt:IPv4Address>")
              .append(x(a))
              .append("</tt:IPv4Address></tds:DPAddress>");
        }
        yield sb.append("</tds:GetDPAddressesResponse>").toString();
      }
      case "GetRemoteDiscoveryMode" ->
          "<tds:GetRemoteDiscoveryModeResponse><tds:RemoteDiscoveryMode>NonDiscoverable"
              + "</tds:RemoteDiscoveryMode></tds:GetRemoteDiscoveryModeResponse>";
      case "GetProfiles" ->
          "<trt:GetProfilesResponse><trt:Profiles fixed=\"true\" token=\"Profile_1\">"
              + "<tt:Name>mainStream</tt:Name><tt:VideoAnalyticsConfiguration token=\""
              + CONFIG_TOKEN
              + "\">"
              + "<tt:Name>VideoAnalyticsName</tt:Name><tt:UseCount>2</tt:UseCount><tt:AnalyticsEngineConfiguration>"
              + items("tt:AnalyticsModule", c.modules())
              + "</tt:AnalyticsEngineConfiguration><tt:RuleEngineConfiguration>"
              + items("tt:Rule", c.rules())
              + "</tt:RuleEngineConfiguration></tt:VideoAnalyticsConfiguration>"
              + "</trt:Profiles></trt:GetProfilesResponse>";
      case "GetServiceCapabilities" ->
          "<tan:GetServiceCapabilitiesResponse><tan:Capabilities RuleSupport=\"true\""
              + " AnalyticsModuleSupport=\"true\" CellBasedSceneDescriptionSupported=\"true\"/></tan:GetServiceCapabilitiesResponse>";
      case "GetAnalyticsModules" ->
          CONFIG_TOKEN.equals(token)
              ? "<tan:GetAnalyticsModulesResponse>"
                  + items("tan:AnalyticsModule", c.modules())
                  + "</tan:GetAnalyticsModulesResponse>"
              : null;
      case "GetRules" ->
          CONFIG_TOKEN.equals(token)
              ? "<tan:GetRulesResponse>" + items("tan:Rule", c.rules()) + "</tan:GetRulesResponse>"
              : null;
      case "GetSupportedAnalyticsModules" ->
          "<tan:GetSupportedAnalyticsModulesResponse><tan:SupportedAnalyticsModules>"
              + "<tt:AnalyticsModuleContentSchemaLocation>http://www.w3.org/2001/XMLSchema</tt:AnalyticsModuleContentSchemaLocation>"
              + descriptions("tt:AnalyticsModuleDescription", c.supportedModules())
              + "</tan:SupportedAnalyticsModules></tan:GetSupportedAnalyticsModulesResponse>";
      case "GetSupportedRules" ->
          "<tan:GetSupportedRulesResponse><tan:SupportedRules>"
              + descriptions("tt:RuleDescription", c.supportedRules())
              + "</tan:SupportedRules></tan:GetSupportedRulesResponse>";
      default -> null;
    };
  }

  private static String service(String ns, String xaddr) {
    return "<tds:Service><tds:Namespace>"
        + ns
        + "</tds:Namespace><tds:XAddr>"
        + xaddr
        + "</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>";
  }

  /** Each item declares its own type prefix, as vendors' re-serialised answers do. */
  private static String items(String element, List<SimCamera.Item> items) {
    StringBuilder sb = new StringBuilder();
    for (SimCamera.Item i : items) {
      sb.append('<')
          .append(element)
          .append(" xmlns:")
          .append(i.prefix())
          .append("=\"")
          .append(x(i.ns()))
          .append("\" Name=\"")
          .append(x(i.name()))
          .append("\" Type=\"")
          .append(i.prefix())
          .append(':')
          .append(x(i.type()))
          .append("\"><tt:Parameters>");
      new TreeMap<>(i.params())
          .forEach(
              (k, v) ->
                  sb.append("<tt:SimpleItem Name=\"")
                      .append(x(k))
                      .append("\" Value=\"")
                      .append(x(v))
                      .append("\"/>"));
      sb.append("</tt:Parameters></").append(element).append('>');
    }
    return sb.toString();
  }

  private static String descriptions(String element, List<SimCamera.Item> items) {
    StringBuilder sb = new StringBuilder();
    for (SimCamera.Item i : items) {
      sb.append('<')
          .append(element)
          .append(" xmlns:")
          .append(i.prefix())
          .append("=\"")
          .append(x(i.ns()))
          .append("\" Name=\"")
          .append(i.prefix())
          .append(':')
          .append(x(i.type()))
          .append(
              "\"><tt:Parameters/><tt:Messages><tt:ParentTopic>tns1:RuleEngine</tt:ParentTopic></tt:Messages></")
          .append(element)
          .append('>');
    }
    return sb.toString();
  }

  private static String x(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
