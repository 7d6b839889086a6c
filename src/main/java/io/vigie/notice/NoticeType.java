package io.vigie.notice;

import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of notice types raised by policy, with their default severity. The wire name
 * ({@code note} in JSON, a metric label) is the lower-case constant name.
 *
 * <pre>{@code
 * Notice n = NoticeType.PHONE_HOME.notice(ts, NoticeIds.of("phone_home", communityId),
 *     communityId, "cam-001 talked to 198.51.100.7:443 (tls)", null);
 * }</pre>
 *
 * <p>Other packages (firmware) raise their own types with {@link Notice} directly; {@link
 * #find} answers empty for them.
 */
public enum NoticeType {
  /** A vendor session with no approved active window, or after it was revoked or lapsed. */
  VENDOR_ACCESS_OUTSIDE_WINDOW(Severity.HIGH),
  /** A vendor session inside a window's time but outside its scope (device, endpoint, app). */
  VENDOR_ACCESS_OUT_OF_SCOPE(Severity.HIGH),
  /** An authorised session that went on past its window's end or revocation. */
  SESSION_OUTLIVED_WINDOW(Severity.HIGH),
  /** A video device talking to something outside the video networks that is not allowed. */
  PHONE_HOME(Severity.HIGH),
  /** RTP or RTSP crossing the video network's boundary. */
  VIDEO_EGRESS(Severity.CRITICAL),
  /** SSH, Telnet, RDP or VNC between the video network and outside it, not from the vendor. */
  REMOTE_ACCESS(Severity.HIGH),
  /** IKE, OpenVPN or WireGuard involving the video network. */
  TUNNEL_DETECTED(Severity.CRITICAL),
  /** A device and an external endpoint seen together for the first time. */
  NEW_EXTERNAL_ENDPOINT(Severity.WARNING),
  /** The evidence chain at start is shorter than, or differs from, the last checkpoint it anchored. */
  EVIDENCE_TRUNCATED(Severity.CRITICAL);

  private final Severity severity;

  NoticeType(Severity severity) {
    this.severity = severity;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Severity defaultSeverity() {
    return severity;
  }

  /** A notice of this type with its default severity. */
  public Notice notice(long tsNanos, String id, String communityId, String msg, String window) {
    return new Notice(tsNanos, wireName(), severity, id, communityId, msg, window, null);
  }

  public static Optional<NoticeType> find(String wireName) {
    for (NoticeType t : values()) {
      if (t.wireName().equals(wireName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName();
  }
}
