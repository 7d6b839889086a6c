package io.vigie.evidence;

import io.vigie.flow.Direction;
import io.vigie.flow.Session;
import io.vigie.protocol.App;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * A finished session as an evidence record: kind {@code session}, subject its Community ID,
 * fields named as in the replay JSON ({@code ts, duration, proto, orig_h, orig_p, resp_h, resp_p,
 * community_id, app, ..., verdict, window}); absent values are left out.
 *
 * <p>Never a credential: the session carries none by contract, and a URI's user-info part
 * ({@code ftp://user:secret@host/}) is removed here as a second guard.
 */
public final class SessionRecords {
  private SessionRecords() {}

  /** Applications that administer a device: their sessions are kept wherever they run. */
  private static final java.util.Set<App> MAINTENANCE = java.util.EnumSet.of(App.SSH, App.TELNET, App.RDP,
      App.VNC, App.FTP, App.FTP_DATA, App.TFTP, App.SMB);

  /**
   * Whether a session is worth keeping as evidence: the vendor's, egress to or ingress from
   * outside the video networks, or a maintenance protocol anywhere. Routine internal traffic
   * (the VMS pulling video, NTP, DNS inside) is not.
   */
  public static boolean ofInterest(Session s) {
    return s.vendor()
        || s.direction() == Direction.OUTBOUND
        || s.direction() == Direction.INBOUND
        || (s.app() != null && MAINTENANCE.contains(s.app()));
  }

  public static EvidenceRecord of(Session s) {
    Map<String, Object> f = new HashMap<>(48);
    f.put("ts", seconds(s.startNanos()));
    f.put("duration", BigDecimal.valueOf(s.endNanos() - s.startNanos(), 9)
        .setScale(6, RoundingMode.HALF_UP));
    put(f, "proto", s.proto());
    put(f, "orig_h", s.origH());
    f.put("orig_p", s.origP());
    put(f, "resp_h", s.respH());
    f.put("resp_p", s.respP());
    put(f, "community_id", s.communityId());
    put(f, "app", s.app() == null ? null : s.app().wireName());
    f.put("orig_bytes", s.origBytes());
    f.put("resp_bytes", s.respBytes());
    f.put("orig_pkts", s.origPkts());
    f.put("resp_pkts", s.respPkts());
    put(f, "direction", s.direction() == null ? null : s.direction().wireName());
    f.put("vendor", s.vendor());
    put(f, "orig_name", s.origName());
    put(f, "resp_name", s.respName());
    put(f, "end_reason", s.endReason());
    Session.Details d = s.details();
    if (d != null) {
      put(f, "ssh_client", d.sshClient());
      put(f, "ssh_server", d.sshServer());
      put(f, "sni", d.sni());
      put(f, "tls_version", d.tlsVersion());
      put(f, "alpn", d.alpn());
      put(f, "http_method", d.httpMethod());
      put(f, "http_host", d.httpHost());
      put(f, "http_uri", withoutUserInfo(d.httpUri()));
      put(f, "http_content_type", d.httpContentType());
      put(f, "http_user_agent", d.httpUserAgent());
      put(f, "ftp_user", d.ftpUser());
      if (!d.ftpFiles().isEmpty()) {
        f.put("ftp_files", d.ftpFiles());
      }
      put(f, "tftp_op", d.tftpOp());
      put(f, "tftp_file", d.tftpFile());
      put(f, "dns_query", d.dnsQuery());
      put(f, "rdp_cookie", d.rdpCookie());
      put(f, "vnc_version", d.vncVersion());
      put(f, "parent", d.parent());
      put(f, "file_sha256", d.fileSha256());
      if (d.fileSize() >= 0 && (d.fileSha256() != null || d.fileSize() > 0)) {
        f.put("file_size", d.fileSize());
        f.put("file_upload", d.fileUpload());
      }
    }
    put(f, "verdict", s.verdict());
    put(f, "window", s.window());
    return new EvidenceRecord("session", s.startNanos(), s.communityId(), f);
  }

  static BigDecimal seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9);
  }

  /** {@code scheme://user:pass@host/path} → {@code scheme://host/path}. */
  static String withoutUserInfo(String uri) {
    if (uri == null) {
      return null;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int hostStart = scheme + 3;
    int slash = uri.indexOf('/', hostStart);
    int at = uri.lastIndexOf('@', slash < 0 ? uri.length() - 1 : slash);
    return at >= hostStart ? uri.substring(0, hostStart) + uri.substring(at + 1) : uri;
  }

  private static void put(Map<String, Object> f, String k, Object v) {
    if (v != null) {
      f.put(k, v);
    }
  }
}
