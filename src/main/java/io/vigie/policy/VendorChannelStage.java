package io.vigie.policy;

import io.vigie.config.FingerprintAllowList;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.net.App;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import io.vigie.protocol.DahuaDetails;
import io.vigie.protocol.FingerprintDetails;
import io.vigie.protocol.Gb28181Details;
import io.vigie.protocol.IsapiDetails;
import io.vigie.protocol.LoginDetails;
import io.vigie.protocol.ParentDetails;
import io.vigie.protocol.SipDetails;
import io.vigie.protocol.UpnpDetails;
import io.vigie.site.Platforms;
import io.vigie.site.SiteView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pipeline stage after {@link PolicyStage}: reads what the vendor-channel recognisers recorded
 * in a judged session (SIP/GB28181, Dahua, ISUP, MQTT, UPnP, ISAPI, fingerprints, clear-text
 * logins) and raises the notices of the camera vendor's own channels. Every session is passed on
 * unchanged.
 *
 * <pre>
 * PolicyStage ─► VendorChannelStage(site, Platforms.of(config), config.vendor().fingerprints())
 *             ─► FirmwareTransferStage ─► sessions out
 *                     └─► platform_registration, video_pulled, remote_control, port_mapping,
 *                         vendor_cloud, face_library_change, cleartext_credentials,
 *                         new_client_fingerprint ─► the pipeline's NoticeFilter
 * </pre>
 *
 * <p>Windows: the verdict (set by {@link Judge}) only matters where a window is what decides.
 * {@code remote_control} is raised only when the session is not {@code authorised}; {@code
 * face_library_change} is lowered to warning, with the window's id, when it is. Every other notice
 * here is raised whatever the verdict: a window authorises a vendor session, it does not approve a
 * platform (that is the {@code platforms} section), open the router, send a password in clear or
 * send video out of the video networks. See docs/VENDOR-CHANNELS.md.
 *
 * <p>Pure over its inputs but for the notices it emits; runs on the pipeline thread, once per
 * finished session.
 */
public final class VendorChannelStage implements SessionSink {
  /**
   * ISAPI resource trees whose writes reconfigure or re-flash a camera (firmware is
   * System/updateFirmware).
   */
  private static final List<String> CONTROL_PATHS =
      List.of("/isapi/system", "/isapi/network", "/isapi/security", "/isapi/custom/openplatform");

  private static final String FACE_LIBRARY = "/isapi/intelligent/fdlib";
  private static final int MAX_USER = 64;

  private final SiteView site;
  private final Platforms platforms;
  private final FingerprintAllowList fingerprints;
  private final NoticeSink notices;
  private final SessionSink next;

  public VendorChannelStage(
      SiteView site,
      Platforms platforms,
      FingerprintAllowList fingerprints,
      NoticeSink notices,
      SessionSink next) {
    this.site = site;
    this.platforms = platforms;
    this.fingerprints = fingerprints;
    this.notices = notices;
    this.next = next;
  }

  @Override
  public void onSession(Session s) {
    boolean inOrig = site.inVideoNetwork(s.origH());
    boolean inResp = site.inVideoNetwork(s.respH());
    if (inOrig || inResp) {
      boolean registration = inOrig && isRegistration(s);
      if (registration) {
        registration(s, inResp);
      }
      // The device is the registering end, else the end inside the video networks that was reached.
      String device = registration || !inResp ? s.origH() : s.respH();
      String peer = device.equals(s.origH()) ? s.respH() : s.origH();
      if (inOrig != inResp) {
        videoPulled(s, device, peer);
        vendorCloud(s, device, peer);
      }
      remoteControl(s, device, peer);
      faceLibrary(s, device, peer);
      cleartext(s);
      if (s.vendor()) {
        fingerprint(s);
      }
    }
    portMapping(s);
    next.onSession(s);
  }

  // ---- platform_registration ------------------------------------------------------------------

  /**
   * The originator registers: a SIP REGISTER or a GB28181 Keepalive (sent only once registered), or
   * ISUP.
   */
  private static boolean isRegistration(Session s) {
    List<App> apps = s.apps();
    if (apps.contains(App.ISUP)) {
      return true;
    }
    if (!apps.contains(App.SIP) && !apps.contains(App.GB28181)) {
      return false;
    }
    return "REGISTER".equalsIgnoreCase(s.details().get(SipDetails.KIND).method())
        || containsIgnoreCase(s.details().get(Gb28181Details.KIND).cmds(), "Keepalive");
  }

  private void registration(Session s, boolean platformInside) {
    String device = s.origH();
    String platform = s.respH();
    String platformId = s.details().get(Gb28181Details.KIND).platformId();
    String deviceName = site.device(device).map(SiteView.DeviceRef::name).orElse(null);
    Optional<Platforms.Platform> known =
        platforms.find(platform, site.nameOf(platform), platformId);
    if (known.isPresent() && platforms.approvedFor(known.get(), deviceName, device)) {
      return;
    }
    String by =
        s.apps().contains(App.ISUP) ? "isup" : s.apps().contains(App.GB28181) ? "gb28181" : "sip";
    String msg =
        Judge.describe(site, device)
            + " registered by "
            + by
            + " to "
            + Judge.describe(site, platform)
            + (platformId == null ? "" : " (platform id " + platformId + ")")
            + (known.isPresent()
                ? ", platform " + known.get().name() + ", which is not approved for it"
                : ", not an approved platform")
            + (platformInside ? "" : ", outside the video networks");
    String camera = deviceName != null ? deviceName : device;
    NoticeType t = NoticeType.PLATFORM_REGISTRATION;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            platformInside ? Severity.HIGH : Severity.CRITICAL,
            NoticeIds.of(t.wireName(), camera, platform, String.valueOf(platformId)),
            s.communityId(),
            msg,
            s.window(),
            camera));
  }

  // ---- video_pulled, vendor_cloud: one end outside the video networks -------------------------

  private void videoPulled(Session s, String device, String outside) {
    List<App> apps = s.apps();
    String how;
    if ((apps.contains(App.SIP) || apps.contains(App.GB28181))
        && "INVITE".equalsIgnoreCase(s.details().get(SipDetails.KIND).method())) {
      how = "an INVITE (" + s.app().wireName() + ")";
    } else if (s.app() == App.RTSP) {
      how = "rtsp";
    } else if (s.app() == App.RTP && s.details().get(ParentDetails.KIND).parent() != null) {
      how = "rtp announced by session " + s.details().get(ParentDetails.KIND).parent();
    } else {
      return;
    }
    String camera = cameraName(device);
    NoticeType t = NoticeType.VIDEO_PULLED;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(t.wireName(), camera, outside),
            s.communityId(),
            "video of "
                + Judge.describe(site, device)
                + " pulled to "
                + Judge.describe(site, outside)
                + ", outside the video networks, by "
                + how,
            s.window(),
            camera));
  }

  private void vendorCloud(Session s, String device, String outside) {
    App app = s.app();
    if (app != App.DAHUA_P2P && app != App.ISUP && app != App.MQTT) {
      return;
    }
    if (approvedPlatform(outside, device, null)) {
      return;
    }
    String camera = cameraName(device);
    NoticeType t = NoticeType.VENDOR_CLOUD;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(t.wireName(), camera, outside, app.wireName()),
            s.communityId(),
            Judge.describe(site, device)
                + " and "
                + Judge.describe(site, outside)
                + " spoke "
                + app.wireName()
                + ", a vendor cloud channel out of the video networks",
            s.window(),
            camera));
  }

  // ---- remote_control, face_library_change -----------------------------------------------------

  private void remoteControl(Session s, String device, String controller) {
    if (Verdicts.AUTHORISED.equals(s.verdict())) {
      return;
    }
    List<String> commands = new ArrayList<>();
    Gb28181Details gb = s.details().get(Gb28181Details.KIND);
    for (String c : gb.cmds()) {
      if (c.equalsIgnoreCase("DeviceControl")) {
        commands.add("gb28181 " + c);
      }
    }
    for (String m : s.details().get(DahuaDetails.KIND).methods()) {
      if (m.equals("configManager.setConfig") || m.startsWith("upgrader.")) {
        commands.add("dahua " + m);
      }
    }
    for (String p : s.details().get(IsapiDetails.KIND).paths()) {
      if (isWrite(p) && startsWithAny(pathOf(p), CONTROL_PATHS)) {
        commands.add("isapi " + p);
      }
    }
    if (commands.isEmpty()) {
      return;
    }
    // The city's own platform managing its cameras (PTZ by DeviceControl, ISAPI settings) is what
    // it
    // is approved for; the vendor reaching in is judged by the windows.
    if (approvedPlatform(controller, device, gb.platformId())) {
      return;
    }
    String camera = cameraName(device);
    NoticeType t = NoticeType.REMOTE_CONTROL;
    String why =
        s.verdict() == null ? "not a vendor session under a window" : "verdict " + s.verdict();
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(t.wireName(), camera, controller, String.join(",", commands)),
            s.communityId(),
            Judge.describe(site, controller)
                + " controlled "
                + Judge.describe(site, device)
                + ": "
                + String.join(", ", commands)
                + " ("
                + why
                + ")",
            s.window(),
            camera));
  }

  private void faceLibrary(Session s, String device, String peer) {
    List<String> writes = new ArrayList<>();
    for (String p : s.details().get(IsapiDetails.KIND).paths()) {
      if (isWrite(p) && pathOf(p).startsWith(FACE_LIBRARY)) {
        writes.add(p);
      }
    }
    if (writes.isEmpty()) {
      return;
    }
    boolean authorised = Verdicts.AUTHORISED.equals(s.verdict());
    String camera = cameraName(device);
    NoticeType t = NoticeType.FACE_LIBRARY_CHANGE;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            authorised ? Severity.WARNING : t.defaultSeverity(),
            NoticeIds.of(t.wireName(), camera, s.communityId(), String.join(",", writes)),
            s.communityId(),
            Judge.describe(site, peer)
                + " changed the face library of "
                + Judge.describe(site, device)
                + ": "
                + String.join(", ", writes)
                + (authorised ? ", in window " + s.window() : ", outside any authorised window"),
            s.window(),
            camera));
  }

  // ---- port_mapping ---------------------------------------------------------------------------

  private void portMapping(Session s) {
    UpnpDetails u = s.details().get(UpnpDetails.KIND);
    if (u.action() == null
        || !(u.action().equals("AddPortMapping") || u.action().equals("AddAnyPortMapping"))) {
      return;
    }
    String client = u.internalClient();
    boolean forVideo = client != null && inVideoNetworkText(client);
    if (!site.inVideoNetwork(s.origH()) && !forVideo) {
      return;
    }
    String ext = u.externalPort() == null ? "?" : u.externalPort().toString();
    String target =
        (client == null ? "?" : forVideo ? Judge.describe(site, client) : client)
            + (u.internalPort() == null ? "" : " port " + u.internalPort());
    String camera = forVideo ? cameraName(client) : cameraName(s.origH());
    NoticeType t = NoticeType.PORT_MAPPING;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(t.wireName(), s.respH(), ext, String.valueOf(client)),
            s.communityId(),
            Judge.describe(site, s.origH())
                + " asked "
                + Judge.describe(site, s.respH())
                + " (UPnP "
                + u.action()
                + ") to open external port "
                + ext
                + " to internal client "
                + target,
            s.window(),
            camera));
  }

  // ---- cleartext_credentials, new_client_fingerprint ------------------------------------------

  private void cleartext(Session s) {
    LoginDetails l = s.details().get(LoginDetails.KIND);
    if (l.clearProtocol() == null) {
      return;
    }
    String user = printable(l.user());
    NoticeType t = NoticeType.CLEARTEXT_CREDENTIALS;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(
                t.wireName(), s.origH(), s.respH(), l.clearProtocol(), String.valueOf(user)),
            s.communityId(),
            "a password crossed in clear text by "
                + l.clearProtocol()
                + " from "
                + Judge.describe(site, s.origH())
                + " to "
                + Judge.describe(site, s.respH())
                + (user == null ? " (user name not seen)" : " for user '" + user + "'"),
            s.window()));
  }

  private void fingerprint(Session s) {
    FingerprintDetails f = s.details().get(FingerprintDetails.KIND);
    unknownFingerprint(s, "hassh", f.hassh(), fingerprints.hassh());
    unknownFingerprint(s, "ja4", f.ja4(), fingerprints.ja4());
  }

  private void unknownFingerprint(Session s, String kind, String value, List<String> known) {
    if (known == null || value == null || known.contains(value.toLowerCase(Locale.ROOT))) {
      return;
    }
    NoticeType t = NoticeType.NEW_CLIENT_FINGERPRINT;
    notices.onNotice(
        t.notice(
            s.startNanos(),
            NoticeIds.of(t.wireName(), kind, value),
            s.communityId(),
            "vendor session from "
                + Judge.describe(site, s.origH())
                + " to "
                + Judge.describe(site, s.respH())
                + " by "
                + s.app().wireName()
                + " with "
                + kind
                + " "
                + value
                + ", not in vendor.fingerprints."
                + kind,
            s.window()));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private boolean approvedPlatform(String address, String device, String platformId) {
    Optional<Platforms.Platform> p = platforms.find(address, site.nameOf(address), platformId);
    return p.isPresent()
        && platforms.approvedFor(
            p.get(), site.device(device).map(SiteView.DeviceRef::name).orElse(null), device);
  }

  private String cameraName(String address) {
    return site.device(address).map(SiteView.DeviceRef::name).orElse(address);
  }

  private boolean inVideoNetworkText(String address) {
    try {
      return site.inVideoNetwork(address);
    } catch (IllegalArgumentException e) {
      return false; // a UPnP body names its internal client in free text; not an address, not ours
    }
  }

  /** {@code "PUT /ISAPI/System/updateFirmware"}: the method is a write. */
  private static boolean isWrite(String entry) {
    return entry.startsWith("PUT ") || entry.startsWith("POST ") || entry.startsWith("DELETE ");
  }

  private static String pathOf(String entry) {
    int sp = entry.indexOf(' ');
    return entry.substring(sp + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean startsWithAny(String path, List<String> prefixes) {
    for (String p : prefixes) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(List<String> values, String v) {
    for (String x : values) {
      if (x.equalsIgnoreCase(v)) {
        return true;
      }
    }
    return false;
  }

  /** A user name fit for a one-line message: printable ASCII, bounded. */
  private static String printable(String user) {
    if (user == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(user.length(), MAX_USER));
    for (int i = 0; i < user.length() && b.length() < MAX_USER; i++) {
      char c = user.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    return b.toString();
  }
}
