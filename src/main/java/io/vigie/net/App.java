package io.vigie.net;

/** The application really spoken in a session, recognised by content. The names are a contract. */
public enum App {
  SSH("ssh"),
  TELNET("telnet"),
  RDP("rdp"),
  VNC("vnc"),
  TLS("tls"),
  HTTP("http"),
  FTP("ftp"),
  FTP_DATA("ftp-data"),
  TFTP("tftp"),
  DNS("dns"),
  IKE("ike"),
  OPENVPN("openvpn"),
  WIREGUARD("wireguard"),
  RTSP("rtsp"),
  RTP("rtp"),
  NTP("ntp"),
  SMB("smb"),
  SIP("sip"),
  GB28181("gb28181"),
  DAHUA("dahua"),
  DAHUA_P2P("dahua-p2p"),
  SADP("sadp"),
  ISUP("isup"),
  SSDP("ssdp"),
  MQTT("mqtt"),
  UNKNOWN("unknown");

  private static final App[] VALUES = values();
  private final String wireName;

  App(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON, config files and metric labels. */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; throws IllegalArgumentException naming the accepted values. */
  public static App fromWireName(String name) {
    for (App a : VALUES) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (App a : VALUES) {
      accepted.append(accepted.length() == 0 ? "" : ", ").append(a.wireName);
    }
    throw new IllegalArgumentException(
        "unknown application '" + name + "' (one of " + accepted + ")");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
