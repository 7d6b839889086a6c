package io.vigie.web;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.vigie.api.AbuseGuard;
import io.vigie.api.DirectoryLogin;
import io.vigie.api.Route;
import io.vigie.api.TokenVerifier;
import io.vigie.config.ApiConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.metrics.CaptureView;
import io.vigie.policy.WindowService;
import io.vigie.report.SiteNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The web UI for people who should not need a terminal (approvers, the security team, reviewers),
 * served by the API's own Netty server as extra routes: server-rendered HTML, plain forms, no
 * script, French and English.
 *
 * <pre>{@code
 * WebUi ui = new WebUi(apiConfig, windows, evidenceDb, null, captureView, evidenceStore, clock);
 * ApiServer api = new ApiServer(apiConfig, windows, queries, evidenceStore, clock, ui.routes());
 * }</pre>
 *
 * <pre>
 * GET  /                                  → 303 /ui
 * GET  /ui                                the views of the logged-in user (else 303 /ui/login)
 * GET  /ui/login      POST /ui/login      token → session cookie
 * POST /ui/logout
 * GET  /ui/approver                       approver roles
 * POST /ui/windows/{id}/approve|reject|revoke   approver roles, CSRF token
 * GET  /ui/security                       approver roles, admin
 * GET  /ui/reviewer   GET /ui/reviewer/session   GET /ui/reviewer/slice   reviewer, admin
 * POST /ui/reviewer/export                reviewer, admin, CSRF token
 * GET  /ui/reviewer/report                reviewer, admin: the case report (PDF)
 * GET  /ui/static/vigie.css
 * GET  /ui/city[?site=]                   a hub only (a {@link CityRecords}): every role with a view
 * </pre>
 *
 * <p>For the API's router these routes are open (no bearer token): the UI authenticates with its
 * own session cookie, which the JSON API never accepts, so the API cannot be driven by a forged
 * cross-site form. Role checks are done here, by {@link Gate}, and again by the window service.
 */
public final class WebUi {
  static final String COOKIE = "vigie_session";

  /**
   * Under TLS the {@code __Host-} prefix makes the browser insist on Secure, Path=/ and no Domain.
   */
  static final String SECURE_COOKIE = "__Host-vigie_session";

  private final LoginPages login;
  private final ApproverView approver;
  private final SecurityView security;
  private final ReviewerView reviewer;
  private final CityView city;
  private final byte[] css;

  /**
   * @param evidenceDb the evidence database, or null when evidence is off (the reviewer view then
   *     says so)
   * @param sliceDir its pcap slices, or null for {@code <db>.slices}
   * @param capture the capture interfaces for the health table, or null when there are none
   * @param audit where logins, downloads and exports are recorded (the evidence store)
   */
  public WebUi(
      ApiConfig api,
      WindowService windows,
      Path evidenceDb,
      Path sliceDir,
      CaptureView capture,
      EvidenceSink audit,
      Clock clock) {
    this(
        api,
        windows,
        evidenceDb,
        sliceDir,
        capture,
        audit,
        clock,
        AbuseGuard.of(api.appLimits(), audit, clock));
  }

  /**
   * @param guard the login throttle and the ledger of failed logins, shared with the {@code
   *     ApiServer} these routes are given to
   */
  public WebUi(
      ApiConfig api,
      WindowService windows,
      Path evidenceDb,
      Path sliceDir,
      CaptureView capture,
      EvidenceSink audit,
      Clock clock,
      AbuseGuard guard) {
    this(
        api,
        windows,
        evidenceDb,
        sliceDir,
        capture,
        audit,
        clock,
        guard,
        DirectoryLogin.none(guard),
        SiteNames.NONE);
  }

  /**
   * @param directory people's logins with their directory password, throttled and audited, shared
   *     with the {@code ApiServer} (HTTP Basic)
   * @param names the site's names of devices and vendor endpoints, and its time zone, for the
   *     reviewer's story and case report
   */
  public WebUi(
      ApiConfig api,
      WindowService windows,
      Path evidenceDb,
      Path sliceDir,
      CaptureView capture,
      EvidenceSink audit,
      Clock clock,
      AbuseGuard guard,
      DirectoryLogin directory,
      SiteNames names) {
    this(api, windows, evidenceDb, sliceDir, capture, audit, clock, guard, directory, names, null);
  }

  /**
   * @param city the hub's records for the city page ({@code GET /ui/city}, linked from every page's
   *     navigation and the home page), or null on a sensor, which serves no city page and links
   *     none
   */
  public WebUi(
      ApiConfig api,
      WindowService windows,
      Path evidenceDb,
      Path sliceDir,
      CaptureView capture,
      EvidenceSink audit,
      Clock clock,
      AbuseGuard guard,
      DirectoryLogin directory,
      SiteNames names,
      CityRecords city) {
    Access access =
        city == null ? Access.of(api.approverRoles()) : Access.of(api.approverRoles()).withCity();
    boolean tls = api.tls() != null;
    WebSessions sessions =
        new WebSessions(clock, api.appLimits().sessionsPerPerson(), api.appLimits().maxSessions());
    Map<String, Labels> labels = Labels.load();
    Gate gate = new Gate(sessions, labels, tls ? SECURE_COOKIE : COOKIE);
    EvidenceReader evidence = new EvidenceReader(evidenceDb, sliceDir, clock);
    this.login =
        new LoginPages(
            gate,
            sessions,
            new TokenVerifier(api.tokens()),
            access,
            tls,
            audit,
            clock,
            guard,
            directory);
    this.approver =
        new ApproverView(gate, access, windows, evidence, clock, api.appLimits(), api.zone());
    this.security = new SecurityView(gate, access, windows, evidence, capture, clock);
    this.reviewer = new ReviewerView(gate, access, evidence, audit, clock, names);
    this.city = city == null ? null : new CityView(gate, access, windows, city, clock);
    this.css = resource("vigie.css");
  }

  /** The routes to give {@code ApiServer}. */
  public List<Route> routes() {
    List<Route> routes = new java.util.ArrayList<>();
    if (city != null) {
      routes.add(Route.open(GET, WebPaths.CITY, guarded(city::page)));
    }
    routes.addAll(
        List.of(
            Route.open(GET, WebPaths.ROOT, r -> WebResponses.redirect(WebPaths.HOME)),
            Route.open(GET, WebPaths.HOME, guarded(login::home)),
            Route.open(GET, WebPaths.LOGIN, guarded(login::form)),
            Route.open(POST, WebPaths.LOGIN, guarded(login::login)),
            Route.open(POST, WebPaths.LOGOUT, guarded(login::logout)),
            Route.open(GET, WebPaths.APPROVER, guarded(approver::page)),
            Route.open(POST, WebPaths.WINDOW_ACTION, guarded(approver::act)),
            Route.open(GET, WebPaths.SECURITY, guarded(security::page)),
            Route.open(GET, WebPaths.REVIEWER, guarded(reviewer::page)),
            Route.open(GET, WebPaths.SESSION, guarded(reviewer::session)),
            Route.open(GET, WebPaths.SLICE, guarded(reviewer::slice)),
            Route.open(POST, WebPaths.EXPORT, guarded(reviewer::export)),
            Route.open(GET, WebPaths.REPORT, guarded(reviewer::report)),
            Route.open(GET, WebPaths.CSS, r -> WebResponses.css(css))));
    return List.copyOf(routes);
  }

  /** Turns a {@link Refusal} into its answer (login redirect, 403 page). */
  private static Route.Action guarded(Route.Action action) {
    return r -> {
      try {
        return action.handle(r);
      } catch (Refusal e) {
        return e.response();
      }
    };
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebUi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For tests: the cookie name in use. */
  static String cookieName(ApiConfig api) {
    return api.tls() != null ? SECURE_COOKIE : COOKIE;
  }
}
