package io.vigie.notice;

import java.util.Locale;
import java.util.Optional;

/**
 * The one catalogue of notice types: every notice vigie raises, whichever part raises it (the
 * policy, firmware on the wire, the ONVIF camera watch, the gate, the evidence store), is built
 * from one of these, with its default severity and a one-line meaning. The wire name ({@code note}
 * in JSON, a metric label) is the lower-case constant name. {@code docs/NOTICES.md} is generated
 * from this list ({@link NoticesDoc}).
 *
 * <pre>{@code
 * Notice n = NoticeType.PHONE_HOME.notice(ts, NoticeIds.of("phone_home", communityId),
 *     communityId, "cam-001 talked to 198.51.100.7:443 (tls)", null);
 * Notice m = NoticeType.FIRMWARE_TRANSFER.notice(ts, Severity.INFO, id, communityId, msg, window, camera);
 * }</pre>
 *
 * <p>A new type is one line here (a test fails if a notice is built anywhere else).
 */
public enum NoticeType {
  // policy: vendor sessions against maintenance windows, and the video network's boundary
  VENDOR_ACCESS_OUTSIDE_WINDOW(
      Severity.HIGH,
      "A vendor session with no approved active window, or after it was revoked or lapsed."),
  VENDOR_ACCESS_OUT_OF_SCOPE(
      Severity.HIGH,
      "A vendor session inside a window's time but outside its scope (device, endpoint, app)."),
  SESSION_OUTLIVED_WINDOW(
      Severity.HIGH, "An authorised session that went on past its window's end or revocation."),
  PHONE_HOME(
      Severity.HIGH,
      "A video device talking to something outside the video networks that is not allowed."),
  VIDEO_EGRESS(Severity.CRITICAL, "RTP or RTSP crossing the video network's boundary."),
  REMOTE_ACCESS(
      Severity.HIGH,
      "SSH, Telnet, RDP or VNC between the video network and outside it, not from the vendor."),
  TUNNEL_DETECTED(Severity.CRITICAL, "IKE, OpenVPN or WireGuard involving the video network."),
  NEW_EXTERNAL_ENDPOINT(
      Severity.WARNING, "A device and an external endpoint seen together for the first time."),
  // vendor channels: video platforms, vendor clouds and device management
  // (policy.VendorChannelStage)
  PLATFORM_REGISTRATION(
      Severity.CRITICAL,
      "A video device registered (GB/T 28181 REGISTER or Keepalive, ISUP) to a platform the site's platforms section does not approve for it; high when the platform is inside the video networks."),
  VIDEO_PULLED(
      Severity.CRITICAL,
      "A camera's video pulled to an endpoint outside the video networks: SIP/GB28181 INVITE, RTSP, or RTP announced by one of them."),
  REMOTE_CONTROL(
      Severity.HIGH,
      "A device-management command outside an authorised session: GB28181 DeviceControl, Dahua configManager.setConfig or upgrader.*, ISAPI writes on System, Network, Security or OpenPlatform paths."),
  PORT_MAPPING(
      Severity.HIGH,
      "A UPnP AddPortMapping by or for a video device: a port opened on the router; names the external port and the internal client."),
  VENDOR_CLOUD(
      Severity.HIGH,
      "Dahua P2P, ISUP or MQTT between a video device and an endpoint outside the video networks that is not an approved platform."),
  FACE_LIBRARY_CHANGE(
      Severity.HIGH,
      "An ISAPI write (PUT, POST, DELETE) on a face library (/ISAPI/Intelligent/FDLib): biometric data changed; warning in an authorised session."),
  CLEARTEXT_CREDENTIALS(
      Severity.HIGH,
      "A password crossed in clear text to or from the video network (telnet, ftp, http Basic, mqtt, dahua); names the protocol and user, never the secret."),
  NEW_CLIENT_FINGERPRINT(
      Severity.WARNING,
      "A vendor session whose HASSH or JA4 is not in the site's vendor.fingerprints allow-list."),
  // firmware on the wire
  FIRMWARE_TRANSFER(
      Severity.HIGH,
      "A file pushed to a camera on the wire; warning when certified (or an authorised SSH push), info when also expected by a window."),
  // ONVIF camera watch, against the accepted baseline (info when a window expects the change)
  CAMERA_UNREACHABLE(Severity.WARNING, "A camera did not answer its ONVIF poll."),
  CAMERA_REPLACED(
      Severity.HIGH,
      "A camera's serial number changed: another device answers at its address; info when a window expects it."),
  FIRMWARE_CHANGED(
      Severity.HIGH, "A camera's firmware version changed; info when a window expects it."),
  ANALYTICS_ADDED(
      Severity.HIGH,
      "An analytics module or rule appeared on a camera, or its parameters changed; info when a window expects it."),
  ANALYTICS_REMOVED(
      Severity.WARNING,
      "An analytics module or rule disappeared from a camera; info when a window expects it."),
  PRIVACY_ANALYTICS_PRESENT(
      Severity.HIGH,
      "A camera offers or runs privacy-relevant analytics; severity from its privacy class."),
  UNKNOWN_ANALYTICS_TYPE(Severity.WARNING, "A camera has an analytics type vigie cannot classify."),
  USERS_CHANGED(Severity.HIGH, "A camera's user accounts changed."),
  REMOTE_USER_SET(Severity.HIGH, "A camera has a remote user set."),
  DP_ADDRESS_CHANGED(Severity.WARNING, "A camera's discovery proxy addresses changed."),
  KNOWN_VULNERABILITY(
      Severity.HIGH,
      "A camera's model and firmware fall in an affected range of a CSAF advisory the city keeps; the message names the advisory and its CVEs."),
  // native vendor APIs (ISAPI, VAPIX, Dahua CGI), against the accepted baseline
  FACE_LIBRARY_PRESENT(
      Severity.CRITICAL,
      "A camera holds a face library (a database of faces to recognise); raised at every poll."),
  ACCOUNT_ADDED(Severity.HIGH, "A user account appeared on a camera."),
  REMOTE_SERVICE_ENABLED(
      Severity.HIGH,
      "A remote access or cloud service (ssh, telnet, UPnP, P2P, Hik-Connect...) was switched on."),
  PLATFORM_REGISTRATION_CHANGED(
      Severity.HIGH,
      "A camera's registrations with remote platforms (GB28181, ISUP) changed: server, ids or state."),
  // gate
  GATE_REFUSED(
      Severity.HIGH, "The gate refused a connection (identity, window, target, app or limit)."),
  GATE_BYPASS(
      Severity.HIGH, "Vendor traffic reached the video network without passing through the gate."),
  // evidence store
  EVIDENCE_SLICE_STORE_FULL(
      Severity.HIGH, "The pcap slice directory reached its size limit; slices are no longer kept."),
  EVIDENCE_SLICE_FAILED(Severity.HIGH, "A pcap slice could not be written."),
  EVIDENCE_CHAIN_BROKEN(Severity.CRITICAL, "The evidence store's hash chain does not verify."),
  EVIDENCE_WRITE_FAILED(
      Severity.CRITICAL, "The evidence store could not write a batch of records."),
  // API and web page abuse, counted per source and minute
  BRUTE_FORCE(
      Severity.HIGH, "Failed logins from one source over brute_force_per_minute within a minute."),
  REQUEST_FLOOD(
      Severity.WARNING,
      "Refused requests (401, 403, 429...) from one source over refused_flood_per_minute within a minute."),
  // journals and baselines checked against the evidence chain at start
  JOURNAL_TAMPERED(
      Severity.CRITICAL,
      "A window or baseline journal step refused at start: not in the evidence chain, or against the approval rules (self-approval, a role missing, twice); the window stays closed, or the baseline proposal is closed and the last accepted baseline stays."),
  BASELINE_NOT_ACCEPTED(
      Severity.CRITICAL,
      "A baseline file without its two acceptances in the evidence chain; the last accepted one stays."),
  // windows approved at the city's hub (windows.from_hub)
  HUB_WINDOWS_STALE(
      Severity.HIGH,
      "No signed heartbeat from the hub on its windows topic for revocation_grace_seconds: every hub window is treated as ended at the last heartbeat plus the grace (fail closed) until the hub is heard again."),
  // anchors outside the appliance
  EVIDENCE_TRUNCATED(
      Severity.CRITICAL,
      "The evidence chain at start is shorter than, or differs from, the last checkpoint it anchored.");

  private final Severity severity;
  private final String meaning;

  NoticeType(Severity severity, String meaning) {
    this.severity = severity;
    this.meaning = meaning;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Severity defaultSeverity() {
    return severity;
  }

  /** One sentence saying what the notice means, for docs/NOTICES.md. */
  public String meaning() {
    return meaning;
  }

  /** A notice of this type with its default severity and no camera. */
  public Notice notice(long tsNanos, String id, String communityId, String msg, String window) {
    return new Notice(tsNanos, wireName(), severity, id, communityId, msg, window, null);
  }

  /** A notice of this type with its default severity. */
  public Notice notice(
      long tsNanos, String id, String communityId, String msg, String window, String camera) {
    return new Notice(tsNanos, wireName(), severity, id, communityId, msg, window, camera);
  }

  /**
   * A notice of this type with the severity the facts call for (an expected change is info, a
   * privacy class carries its own).
   */
  public Notice notice(
      long tsNanos,
      Severity severity,
      String id,
      String communityId,
      String msg,
      String window,
      String camera) {
    return new Notice(tsNanos, wireName(), severity, id, communityId, msg, window, camera);
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
