package io.vigie.policy;

import io.vigie.flow.Session;
import io.vigie.net.App;
import io.vigie.net.Cidr;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeType;
import io.vigie.site.SiteView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The policy function: a session, the site and the windows in, a verdict out. Pure: no clock, no
 * state; time is the session's own (packet time in replay), so judging the same inputs again, in
 * any order, gives the same answer.
 *
 * <pre>{@code
 * Judgement j = Judge.judge(session, site, windows.snapshot());
 * sessions.onSession(j.applyTo(session));
 * j.notices().forEach(noticeFilter::onNotice);
 * }</pre>
 *
 * <p><b>Vendor sessions</b> ({@code session.vendor()}, one end in a video network) always get a
 * verdict. A window covers the session if, at the session's start, it is {@code active} (approved,
 * inside its hours, not revoked) and the session is in its scope: the video-side address is a
 * listed device or inside a listed subnet, the other end matches a listed endpoint (any vendor
 * endpoint if none is listed), and the recognised application is listed. When windows overlap,
 * coverage is chained: from the start, the covering window that lasts longest is taken, and at its
 * cutoff (end or revocation) another covering window may take over. If coverage stops before the
 * session's last packet the verdict is {@code session_outlived_window} from that instant. With no
 * covering window, the most telling failure is reported, in this order: {@code app_not_allowed} (an
 * active window for this device and endpoint), a full-scope window in the wrong state or time
 * ({@code window_revoked}, {@code window_rejected}, {@code window_lapsed}, {@code
 * window_not_approved}, {@code outside_window_hours}; the one nearest in time), {@code
 * endpoint_out_of_scope}, {@code device_out_of_scope}, and {@code no_window}. Windows requested
 * after the session started are ignored.
 *
 * <p><b>Other sessions</b> touching a video network are judged for egress, first match wins: {@code
 * tunnel} (IKE, OpenVPN, WireGuard, any direction), {@code video_egress} (RTP, RTSP across the
 * boundary), {@code remote_access} (SSH, Telnet, RDP, VNC across the boundary), {@code phone_home}
 * (initiated from a video network to a destination outside it that is not an allowed service).
 * Everything else gets a null verdict: not judged, as nothing forbids it. Boundaries are half-open
 * and exact to the nanosecond: a window {@code [start, end)} covers a session whose last packet is
 * 1 µs before {@code end}, not one whose last packet is at {@code end}.
 */
public final class Judge {
  private Judge() {}

  public static Judgement judge(Session s, SiteView site, WindowSet windows) {
    boolean inOrig = site.inVideoNetwork(s.origH());
    boolean inResp = site.inVideoNetwork(s.respH());
    if (!inOrig && !inResp) {
      return Judgement.NOT_JUDGED;
    }
    if (!s.vendor() && inOrig != inResp && site.isGateAddress(inOrig ? s.respH() : s.origH())) {
      Judgement leg = gateLeg(s, windows, inOrig ? s.origH() : s.respH(), site);
      if (leg != null) {
        return leg;
      }
    }
    if (s.vendor()) {
      boolean deviceIsResp = inResp;
      return vendor(
          s,
          site,
          windows,
          deviceIsResp ? s.respH() : s.origH(),
          deviceIsResp ? s.origH() : s.respH());
    }
    return egress(s, site, inOrig, inResp);
  }

  // ---- vendor sessions ------------------------------------------------------------------------

  private enum Fit {
    DEVICE_OUT,
    ENDPOINT_OUT,
    APP_OUT,
    FULL
  }

  private static Judgement vendor(
      Session s, SiteView site, WindowSet windows, String device, String endpoint) {
    Instant t0 = Window.instantOfNanos(s.startNanos());
    Instant last = Window.instantOfNanos(s.endNanos());
    Window cover = covering(s, site, windows, device, endpoint, t0);
    if (cover != null) {
      Instant t = t0;
      Window w = cover;
      while (w != null && !w.cutoff().isAfter(last)) {
        t = w.cutoff();
        Window next = covering(s, site, windows, device, endpoint, t);
        if (next == null) {
          return outlived(s, site, w, device, endpoint, t);
        }
        w = next;
      }
      return new Judgement(Verdicts.AUTHORISED, cover.id(), List.of());
    }
    Window appOut = null;
    Window stateOut = null;
    Window endpointOut = null;
    Window deviceOut = null;
    for (Window w : windows.all()) {
      WindowState st = w.stateAt(t0);
      if (st == WindowState.NOT_YET_REQUESTED) {
        continue;
      }
      Fit fit = fit(w.terms().scope(), s, site, device, endpoint);
      if (fit == Fit.FULL) {
        stateOut = nearer(stateOut, w, t0);
      } else if (st == WindowState.ACTIVE) {
        if (fit == Fit.APP_OUT) {
          appOut = nearer(appOut, w, t0);
        } else if (fit == Fit.ENDPOINT_OUT) {
          endpointOut = nearer(endpointOut, w, t0);
        } else {
          deviceOut = nearer(deviceOut, w, t0);
        }
      }
    }
    // Say who opened the connection: a vendor reaching in, or a device calling the vendor out.
    boolean deviceCalledOut = device.equals(s.origH());
    String who =
        deviceCalledOut
            ? describe(site, device)
                + " connected to "
                + describe(site, endpoint)
                + " by "
                + s.app().wireName()
            : describe(site, endpoint)
                + " reached "
                + describe(site, device)
                + " by "
                + s.app().wireName();
    if (appOut != null) {
      return violation(
          s,
          site,
          NoticeType.VENDOR_ACCESS_OUT_OF_SCOPE,
          Verdicts.APP_NOT_ALLOWED,
          appOut,
          device,
          endpoint,
          who + ", an application window " + appOut.id() + " does not allow");
    }
    if (stateOut != null) {
      String reason = stateReason(stateOut, t0);
      return violation(
          s,
          site,
          NoticeType.VENDOR_ACCESS_OUTSIDE_WINDOW,
          reason,
          stateOut,
          device,
          endpoint,
          who + " but window " + stateOut.id() + " " + explain(reason, stateOut));
    }
    if (endpointOut != null) {
      return violation(
          s,
          site,
          NoticeType.VENDOR_ACCESS_OUT_OF_SCOPE,
          Verdicts.ENDPOINT_OUT_OF_SCOPE,
          endpointOut,
          device,
          endpoint,
          who + " from an endpoint outside the scope of window " + endpointOut.id());
    }
    if (deviceOut != null) {
      return violation(
          s,
          site,
          NoticeType.VENDOR_ACCESS_OUT_OF_SCOPE,
          Verdicts.DEVICE_OUT_OF_SCOPE,
          deviceOut,
          device,
          endpoint,
          who + ", a device outside the scope of window " + deviceOut.id());
    }
    return violation(
        s,
        site,
        NoticeType.VENDOR_ACCESS_OUTSIDE_WINDOW,
        Verdicts.NO_WINDOW,
        null,
        device,
        endpoint,
        who + " with no maintenance window");
  }

  /** The active full-scope window at {@code t} that lasts longest, or null. */
  private static Window covering(
      Session s, SiteView site, WindowSet windows, String device, String endpoint, Instant t) {
    Window best = null;
    for (Window w : windows.all()) {
      if (w.stateAt(t) == WindowState.ACTIVE
          && w.cutoff().isAfter(t)
          && fit(w.terms().scope(), s, site, device, endpoint) == Fit.FULL
          && (best == null || w.cutoff().isAfter(best.cutoff()))) {
        best = w;
      }
    }
    return best;
  }

  private static Fit fit(Scope scope, Session s, SiteView site, String device, String endpoint) {
    if (!deviceInScope(scope, site, device)) {
      return Fit.DEVICE_OUT;
    }
    if (!endpointInScope(scope, site, endpoint)) {
      return Fit.ENDPOINT_OUT;
    }
    return scope.apps().contains(s.app()) ? Fit.FULL : Fit.APP_OUT;
  }

  private static boolean deviceInScope(Scope scope, SiteView site, String address) {
    Optional<SiteView.DeviceRef> d = site.device(address);
    if (d.isPresent() && scope.devices().contains(d.get().name())) {
      return true;
    }
    return inAny(scope.subnets(), address);
  }

  private static boolean endpointInScope(Scope scope, SiteView site, String address) {
    if (scope.endpoints().isEmpty()) {
      return site.isVendorEndpoint(address);
    }
    Optional<String> name = site.nameOf(address);
    for (String e : scope.endpoints()) {
      if (Scope.isAddressLike(e)) {
        if (inAny(List.of(Cidr.parse(e)), address)) {
          return true;
        }
      } else if (name.isPresent() && nameMatches(e, name.get())) {
        return true;
      }
    }
    return false;
  }

  static boolean nameMatches(String pattern, String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    String p = pattern.toLowerCase(java.util.Locale.ROOT);
    if (p.startsWith("*.")) {
      return n.endsWith(p.substring(1)) && n.length() > p.length() - 1;
    }
    return n.equals(p);
  }

  private static boolean inAny(List<Cidr> blocks, String address) {
    Cidr a;
    try {
      a = Cidr.parse(address); // a bare address is its own /32 or /128
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (Cidr c : blocks) {
      if (c.contains(a.version(), a.hi(), a.lo())) {
        return true;
      }
    }
    return false;
  }

  private static Window nearer(Window a, Window b, Instant t) {
    if (a == null) {
      return b;
    }
    int c = distance(b, t).compareTo(distance(a, t));
    return c < 0 || c == 0 && b.id().compareTo(a.id()) < 0 ? b : a;
  }

  /** How far {@code t} is from the window's hours; zero inside. */
  private static Duration distance(Window w, Instant t) {
    if (t.isBefore(w.activeStart())) {
      return Duration.between(t, w.activeStart());
    }
    if (!t.isBefore(w.activeEnd())) {
      return Duration.between(w.activeEnd(), t);
    }
    return Duration.ZERO;
  }

  private static String stateReason(Window w, Instant t0) {
    switch (w.stateAt(t0)) {
      case REVOKED:
        return Verdicts.WINDOW_REVOKED;
      case REJECTED:
        return Verdicts.WINDOW_REJECTED;
      case LAPSED:
        return Verdicts.WINDOW_LAPSED;
      case REQUESTED:
        return t0.isBefore(w.activeStart())
            ? Verdicts.OUTSIDE_WINDOW_HOURS
            : Verdicts.WINDOW_NOT_APPROVED;
      default:
        // APPROVED (not started yet) or EXPIRED; ACTIVE is impossible here as it would cover.
        return Verdicts.OUTSIDE_WINDOW_HOURS;
    }
  }

  private static String explain(String reason, Window w) {
    switch (reason) {
      case Verdicts.WINDOW_REVOKED:
        return "was revoked at " + w.revokedAt().orElseThrow();
      case Verdicts.WINDOW_REJECTED:
        return "was rejected";
      case Verdicts.WINDOW_LAPSED:
        return "lapsed unapproved at " + w.terms().lapseAt();
      case Verdicts.WINDOW_NOT_APPROVED:
        return "was not approved yet";
      default:
        return "runs from " + w.activeStart() + " to " + w.activeEnd();
    }
  }

  private static Judgement outlived(
      Session s, SiteView site, Window w, String device, String endpoint, Instant at) {
    boolean revoked = w.revokedAt().isPresent() && w.revokedAt().get().equals(at);
    String msg =
        describe(site, endpoint)
            + " on "
            + describe(site, device)
            + " by "
            + s.app().wireName()
            + " went on past window "
            + w.id()
            + (revoked ? " being revoked at " : " ending at ")
            + at;
    Notice n =
        NoticeType.SESSION_OUTLIVED_WINDOW.notice(
            Window.nanosOf(at),
            NoticeIds.of(NoticeType.SESSION_OUTLIVED_WINDOW.wireName(), sessionKey(s)),
            s.communityId(),
            msg,
            w.id(),
            deviceName(site, device));
    return new Judgement(Verdicts.SESSION_OUTLIVED_WINDOW, w.id(), List.of(n));
  }

  private static Judgement violation(
      Session s,
      SiteView site,
      NoticeType type,
      String verdict,
      Window w,
      String device,
      String endpoint,
      String msg) {
    String id = NoticeIds.of(type.wireName(), verdict, device, endpoint, s.app().wireName());
    String window = w == null ? null : w.id();
    String camera = deviceName(site, device);
    return new Judgement(
        verdict,
        window,
        List.of(type.notice(s.startNanos(), id, s.communityId(), msg, window, camera)));
  }

  // ---- the gate's own legs ---------------------------------------------------------------------

  /**
   * A session between the gate's address ({@code gate.address}) and a video device: the gate's
   * relayed leg of a vendor connection. It is authorised when a window active at its start covers
   * the device and the application; the vendor's own address was checked against the window's
   * endpoints by the gate, which the wire cannot see here. Null when no window covers it: then it
   * is judged like any other session crossing the boundary (remote access from the gate's host).
   */
  private static Judgement gateLeg(Session s, WindowSet windows, String device, SiteView site) {
    Instant t0 = Window.instantOfNanos(s.startNanos());
    Window best = null;
    for (Window w : windows.all()) {
      if (w.stateAt(t0) == WindowState.ACTIVE
          && w.cutoff().isAfter(t0)
          && deviceInScope(w.terms().scope(), site, device)
          && w.terms().scope().apps().contains(s.app())
          && (best == null || w.cutoff().isAfter(best.cutoff()))) {
        best = w;
      }
    }
    return best == null ? null : new Judgement(Verdicts.AUTHORISED, best.id(), List.of());
  }

  // ---- egress ---------------------------------------------------------------------------------

  private static Judgement egress(Session s, SiteView site, boolean inOrig, boolean inResp) {
    App app = s.app();
    boolean crosses = inOrig != inResp;
    String inside = inOrig ? s.origH() : s.respH();
    String outside = inOrig ? s.respH() : s.origH();
    if (app == App.IKE || app == App.OPENVPN || app == App.WIREGUARD) {
      return egressNotice(
          s,
          site,
          inside,
          NoticeType.TUNNEL_DETECTED,
          Verdicts.TUNNEL,
          NoticeIds.of(NoticeType.TUNNEL_DETECTED.wireName(), s.origH(), s.respH(), app.wireName()),
          app.wireName()
              + " tunnel between "
              + describe(site, s.origH())
              + " and "
              + describe(site, s.respH()));
    }
    if (!crosses) {
      return Judgement.NOT_JUDGED;
    }
    if (app == App.RTP || app == App.RTSP) {
      return egressNotice(
          s,
          site,
          inside,
          NoticeType.VIDEO_EGRESS,
          Verdicts.VIDEO_EGRESS,
          NoticeIds.of(NoticeType.VIDEO_EGRESS.wireName(), inside, outside),
          app.wireName()
              + " video between "
              + describe(site, inside)
              + " and "
              + describe(site, outside)
              + " outside the video network");
    }
    if (app == App.SSH || app == App.TELNET || app == App.RDP || app == App.VNC) {
      return egressNotice(
          s,
          site,
          inside,
          NoticeType.REMOTE_ACCESS,
          Verdicts.REMOTE_ACCESS,
          NoticeIds.of(NoticeType.REMOTE_ACCESS.wireName(), s.origH(), s.respH(), app.wireName()),
          app.wireName()
              + " from "
              + describe(site, s.origH())
              + " to "
              + describe(site, s.respH())
              + " across the video network's boundary");
    }
    if (inOrig && !site.isAllowedService(s.respH(), s.respP())) {
      return egressNotice(
          s,
          site,
          inside,
          NoticeType.PHONE_HOME,
          Verdicts.PHONE_HOME,
          NoticeIds.of(
              NoticeType.PHONE_HOME.wireName(), s.origH(), s.respH(), Integer.toString(s.respP())),
          describe(site, s.origH())
              + " talked to "
              + describe(site, s.respH())
              + " port "
              + s.respP()
              + " ("
              + app.wireName()
              + "), not an allowed service");
    }
    return Judgement.NOT_JUDGED;
  }

  private static Judgement egressNotice(
      Session s,
      SiteView site,
      String inside,
      NoticeType type,
      String verdict,
      String id,
      String msg) {
    return new Judgement(
        verdict,
        null,
        List.of(
            type.notice(s.startNanos(), id, s.communityId(), msg, null, deviceName(site, inside))));
  }

  /** The video device concerned, by its inventory name, else its address: what an alert names. */
  private static String deviceName(SiteView site, String address) {
    return site.device(address).map(SiteView.DeviceRef::name).orElse(address);
  }

  /** "cam-001 (10.20.1.1)" or the bare address. */
  static String describe(SiteView site, String address) {
    Optional<String> n = site.nameOf(address);
    return n.isPresent() && !n.get().isEmpty() ? n.get() + " (" + address + ")" : address;
  }

  private static String sessionKey(Session s) {
    if (s.communityId() != null) {
      return s.communityId();
    }
    return s.proto()
        + " "
        + s.origH()
        + ":"
        + s.origP()
        + " "
        + s.respH()
        + ":"
        + s.respP()
        + " "
        + s.startNanos();
  }
}
