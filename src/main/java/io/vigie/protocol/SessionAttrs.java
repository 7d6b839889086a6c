package io.vigie.protocol;

import io.vigie.net.App;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recognisers learnt about one flow. Mutable, owned by the pipeline thread; copied into
 * the protocols' detail records ({@link SessionDetails#of(SessionAttrs)}) when the flow ends. Field
 * names follow the replay JSON contract.
 *
 * <p>Never holds a credential: FTP PASS, HTTP Authorization and telnet passwords are not stored.
 * The request target is kept as sent until the flow ends; {@link HttpDetails} removes its user-info
 * when it is built, before any output sees it.
 */
public final class SessionAttrs {
  public String sshClient;
  public String sshServer;

  /** HASSH of the client's and the server's KEXINIT (MD5 hex), when seen in clear. */
  public String hassh;

  public String hasshServer;
  public String sni;
  public String tlsVersion;
  public String alpn;

  /** JA4 of the ClientHello and JA4S of the ServerHello (FoxIO). */
  public String ja4;

  public String ja4s;
  public String httpMethod;
  public String httpHost;
  public String httpUri;
  public String httpContentType;
  public String httpUserAgent;

  /**
   * UPnP IGD control (WANIPConnection/WANPPPConnection SOAP): the action, and a port mapping's
   * ports and client.
   */
  public String upnpAction;

  public int upnpExternalPort = -1;
  public String upnpInternalClient;
  public int upnpInternalPort = -1;

  /**
   * Hikvision ISAPI requests as {@code METHOD /ISAPI/path} (no query), first {@value
   * HttpTracker#MAX_ISAPI}.
   */
  public final List<String> isapiPaths = new ArrayList<>(2);

  public String ftpUser;
  public final List<String> ftpFiles = new ArrayList<>(2);

  /** "read" or "write". */
  public String tftpOp;

  public String tftpFile;
  public String dnsQuery;

  /**
   * MQTT: the CONNECT's client id, and topic names and filters seen (first {@value
   * MqttTracker#MAX_TOPICS}).
   */
  public String mqttClientId;

  /**
   * Dahua: DHIP methods, or the P2P cloud's requests ({@code DHGET /online/p2psrv/SN}), first 20.
   */
  public final List<String> dahuaMethods = new ArrayList<>(2);

  /** Hikvision ISUP/EHome: the device id it registers with. */
  public String isupDeviceId;

  public final List<String> mqttTopics = new ArrayList<>(2);

  /**
   * A login seen in clear text: the protocol that carried it, the user name when the protocol says
   * it. The secret itself is never kept, only the fact that it crossed the wire unencrypted.
   */
  public String clearLoginProtocol;

  public String loginUser;
  public boolean clearPassword;

  /**
   * SIP: the first request's method and URI (password removed), its User-Agent, the last final
   * status.
   */
  public String sipMethod;

  public String sipUri;
  public String sipUserAgent;
  public int sipStatus = -1;

  /** GB/T 28181: the device's and the platform's 20-digit ids, the MANSCDP CmdType values seen. */
  public String gbDeviceId;

  public String gbPlatformId;
  public final List<String> gbCmds = new ArrayList<>(2);
  public String rdpCookie;
  public String vncVersion;

  /** Community ID of the control session (ftp-data, tftp transfer, rtp announced by rtsp). */
  public String parent;

  /** SHA-256 (hex) of a file carried in clear by this session (firmware watch), or null. */
  public String fileSha256;

  /** Size of that file in bytes, or of an encrypted transfer (scp/sftp), -1 when unknown. */
  public long fileSize = -1;

  /**
   * True when the file was put by the client of the transfer (HTTP POST/PUT, FTP STOR, TFTP WRQ),
   * false when fetched. Not the flow's originator: a TFTP transfer flow starts from the server.
   */
  public boolean fileUpload;

  /**
   * Protocols spoken in the session besides its app: each side may speak its own (an HTTP request
   * sent to an SSH server). Both are evidence; the app stays the one the session is judged by.
   */
  public final java.util.EnumSet<App> otherApps = java.util.EnumSet.noneOf(App.class);

  /**
   * Detail records that a recogniser built itself ({@link DetailKind#stored}), for protocols
   * without fields of their own here; allocated on the first one, so a flow that has none pays
   * nothing.
   */
  private List<ProtocolDetail> stored;

  /** Keeps a detail record a recogniser built, replacing an earlier one of the same type. */
  public void put(ProtocolDetail detail) {
    if (stored == null) {
      stored = new ArrayList<>(1);
    }
    for (int i = 0; i < stored.size(); i++) {
      if (stored.get(i).getClass() == detail.getClass()) {
        stored.set(i, detail);
        return;
      }
    }
    stored.add(detail);
  }

  /** The stored detail record of that type, or null. */
  public <D extends ProtocolDetail> D get(Class<D> type) {
    if (stored != null) {
      for (ProtocolDetail d : stored) {
        if (type.isInstance(d)) {
          return type.cast(d);
        }
      }
    }
    return null;
  }

  /** Copies the fields that an expected flow inherits from its announcement. */
  public void inheritFrom(SessionAttrs other) {
    if (other.tftpOp != null) {
      tftpOp = other.tftpOp;
    }
    if (other.tftpFile != null) {
      tftpFile = other.tftpFile;
    }
    ftpFiles.addAll(other.ftpFiles);
    if (other.ftpUser != null) {
      ftpUser = other.ftpUser;
    }
  }
}
