package io.vigie.web;

import io.vigie.api.AbuseGuard;
import io.vigie.api.ApiServer;
import io.vigie.api.DirectoryLogin;
import io.vigie.api.EventQueries;
import io.vigie.api.TokenVerifier;
import io.vigie.capture.CaptureStats;
import io.vigie.config.ApiConfig;
import io.vigie.config.AppLimits;
import io.vigie.config.ApprovalConfig;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.LdapConfig;
import io.vigie.directory.LdapDirectory;
import io.vigie.evidence.EvidenceMetrics;
import io.vigie.evidence.EvidenceStore;
import io.vigie.flow.Direction;
import io.vigie.flow.PacketRecorder;
import io.vigie.flow.Session;
import io.vigie.metrics.CaptureView;
import io.vigie.metrics.InterfaceStats;
import io.vigie.net.App;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import io.vigie.policy.Actor;
import io.vigie.policy.ExpectedChange;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Scope;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.protocol.SessionDetails;
import io.vigie.protocol.SshDetails;
import io.vigie.report.SiteNames;
import io.vigie.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real vigie API + web UI on loopback for the tests: a real evidence store (SQLite, slices,
 * signing key) in a temp dir, the real journaled window service, and one token per role.
 */
final class WebKit implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  /** name → roles; each token is {@link #token}(name). */
  static final Map<String, List<String>> PRINCIPALS =
      Map.of(
          "acme", List.of("vendor"),
          "mayor", List.of("town_hall"),
          "secu", List.of("it_security"),
          "auditor", List.of("reviewer"),
          "root", List.of("admin"));

  static final ApprovalConfig APPROVAL =
      new ApprovalConfig(
          List.of(
              new ApprovalConfig.QuorumRule("town_hall", 1),
              new ApprovalConfig.QuorumRule("it_security", 1)),
          null,
          null,
          null,
          null,
          null);
  static final String CID = "1:wEbSeSsIoN+/test=";

  final MutableClock clock = new MutableClock(T0);

  /** The capture as the page sees it: a live interface unless a test replays a file. */
  volatile boolean replay;

  volatile InterfaceStats.State captureState = InterfaceStats.State.RUNNING;
  final Path db;
  final EvidenceStore store;
  final JournaledWindowService windows;
  final ApiConfig config;
  final ApiServer server;

  WebKit(Path dir, ApiConfig.Tls tls) throws IOException {
    this(dir, tls, null);
  }

  /** With these {@code app_limits} (null: the defaults). */
  WebKit(Path dir, ApiConfig.Tls tls, AppLimits limits) throws IOException {
    this(dir, tls, limits, SiteNames.NONE, null);
  }

  /**
   * With the site's names for the reviewer's story; an {@code evidence.db} already in {@code dir}
   * (a replayed case) is opened and written on.
   */
  WebKit(Path dir, ApiConfig.Tls tls, AppLimits limits, SiteNames names) throws IOException {
    this(dir, tls, limits, names, null);
  }

  /** With the people of a directory ({@code ldap}, null: tokens only) logging in too. */
  WebKit(Path dir, ApiConfig.Tls tls, AppLimits limits, LdapConfig ldap) throws IOException {
    this(dir, tls, limits, SiteNames.NONE, ldap);
  }

  /**
   * On {@code listen}, with the API and the page deciding through {@code decorate}(the journaled
   * service, the kit's clock), as the daemon does when notifications are configured.
   */
  WebKit(
      Path dir,
      String listen,
      java.util.function.BiFunction<
              io.vigie.policy.WindowService, java.time.Clock, io.vigie.policy.WindowService>
          decorate)
      throws IOException {
    this(dir, listen, null, null, SiteNames.NONE, null, decorate, null);
  }

  /** As a hub serves the page: with the city's records ({@code GET /ui/city}). */
  static WebKit hub(Path dir, CityRecords city) throws IOException {
    return new WebKit(dir, "127.0.0.1:0", null, null, SiteNames.NONE, null, (w, c) -> w, city);
  }

  private WebKit(Path dir, ApiConfig.Tls tls, AppLimits limits, SiteNames names, LdapConfig ldap)
      throws IOException {
    this(dir, "127.0.0.1:0", tls, limits, names, ldap, (w, c) -> w, null);
  }

  private WebKit(
      Path dir,
      String listen,
      ApiConfig.Tls tls,
      AppLimits limits,
      SiteNames names,
      LdapConfig ldap,
      java.util.function.BiFunction<
              io.vigie.policy.WindowService, java.time.Clock, io.vigie.policy.WindowService>
          decorate,
      CityRecords city)
      throws IOException {
    db = dir.resolve("evidence.db");
    // Every commit signed: an export then holds no unsigned tail, as after the daemon's next
    // checkpoint.
    store =
        EvidenceStore.open(
            db,
            new EvidenceConfig(null, null, null, 1, 3600, null, null, null, null, null),
            clock,
            NoticeSink.NONE,
            new EvidenceMetrics() {});
    windows =
        new JournaledWindowService(
            APPROVAL, new JsonLinesWindowJournal(dir.resolve("windows.jsonl")), store, clock);
    config =
        new ApiConfig(
            listen,
            tls,
            null,
            PRINCIPALS.entrySet().stream()
                .map(
                    e ->
                        new ApiConfig.Token(
                            e.getKey(), e.getValue(), TokenVerifier.sha256Hex(token(e.getKey()))))
                .toList(),
            limits,
            null,
            ldap,
            null);
    config.checkRoles(APPROVAL);
    io.vigie.policy.WindowService served = decorate.apply(windows, clock);
    // As in the daemon: the API and the web page share one ledger and throttle, notices go to the
    // store.
    AbuseGuard guard = AbuseGuard.of(config.appLimits(), store, store, clock);
    DirectoryLogin logins =
        ldap == null
            ? DirectoryLogin.none(guard)
            : new DirectoryLogin(LdapDirectory.open(ldap), guard, store, clock);
    WebUi ui =
        new WebUi(
            config,
            served,
            db,
            null,
            new CaptureView() {
              @Override
              public List<InterfaceStats> interfaces() {
                return List.of(
                    new InterfaceStats(
                        "eth1",
                        captureState,
                        new CaptureStats(123_456, 98_765_432, 7, 0),
                        Map.of(),
                        0));
              }

              @Override
              public boolean fromFiles() {
                return replay;
              }
            },
            store,
            clock,
            guard,
            logins,
            names,
            city);
    server =
        new ApiServer(
            config,
            served,
            new NoQueries(),
            store,
            clock,
            ui.routes(),
            guard,
            io.vigie.api.ApiMetrics.NONE,
            logins);
    server.start();
  }

  /** A token per principal, long and secret-looking so that a leak into a page would be found. */
  static String token(String principal) {
    return "vigie-test-token-" + principal + "-7f3a9c2e51d84b06";
  }

  URI uri(String pathAndQuery) {
    return URI.create(
        (server.tls() ? "https" : "http") + "://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** A window on cam-001 over SSH, from now for two hours, asked by {@code requester}. */
  Window request(String requester, String reason) throws PolicyException {
    return windows.request(
        new WindowRequest(
            reason,
            "ACME-4711",
            new Scope(List.of("cam-001"), List.of(), List.of(), List.of(App.SSH, App.TLS)),
            null,
            clock.instant().plus(Duration.ofHours(2)),
            List.of(new ExpectedChange("cam-001", "5.7.3", null, List.of()))),
        new Actor(requester, Set.of("vendor")));
  }

  /**
   * Evidence a reviewer looks at: an SSH session of the vendor outside any window with its pcap
   * slice, a notice about it, a camera differing from its baseline and a firmware transfer.
   */
  void seedEvidence(String window) {
    long start = nanos(clock.instant().minus(Duration.ofMinutes(30)));
    PacketRecorder.Recording rec = store.recorder().begin(CID, start, 1);
    byte[] frame = ethernetIpv4Tcp();
    for (int i = 0; i < 3; i++) {
      rec.packet(start + i * 1_000_000L, frame, 0, frame.length, frame.length);
    }
    Session s =
        new Session(
            start,
            start + 2_000_000_000L,
            "tcp",
            "203.0.113.5",
            51514,
            "10.20.1.1",
            22,
            CID,
            App.SSH,
            1200,
            3400,
            3,
            3,
            Direction.INBOUND,
            true,
            null,
            "cam-001",
            "fin",
            SessionDetails.of(new SshDetails("SSH-2.0-OpenSSH_9.2", "SSH-2.0-dropbear")),
            "outside_window",
            window);
    rec.finish(s);
    store.onSession(s);
    store.onNotice(
        new Notice(
            start + 1,
            "vendor_access_outside_window",
            Severity.HIGH,
            "n-1",
            CID,
            "Vendor SSH to cam-001 outside any maintenance window",
            window,
            null));
    store.onNotice(
        new Notice(
            start + 2,
            "firmware_changed",
            Severity.HIGH,
            "n-2",
            null,
            "cam-001 firmware 5.7.1 -> 5.8.0-beta (baseline 5.7.1)",
            null,
            "cam-001"));
    store.onNotice(
        new Notice(
            start + 3,
            "firmware_transfer",
            Severity.WARNING,
            "n-3",
            CID,
            "Firmware image sent to cam-001 over HTTP (sha256 1f2e...)",
            window,
            "cam-001"));
    store.flush();
  }

  /** One plausible frame: Ethernet, IPv4, TCP SYN from the vendor to cam-001:22. */
  private static byte[] ethernetIpv4Tcp() {
    byte[] f = new byte[54];
    f[12] = 0x08;
    f[14] = 0x45;
    f[17] = 40;
    f[22] = 64;
    f[23] = 6;
    byte[] src = {(byte) 203, 0, 113, 5};
    byte[] dst = {10, 20, 1, 1};
    System.arraycopy(src, 0, f, 26, 4);
    System.arraycopy(dst, 0, f, 30, 4);
    f[34] = (byte) (51514 >> 8);
    f[35] = (byte) 51514;
    f[37] = 22;
    f[46] = 0x50;
    f[47] = 0x02;
    return f;
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }

  /** The JSON API's event endpoints are not what these tests are about. */
  private static final class NoQueries implements EventQueries {
    @Override
    public List<Notice> notices(NoticeQuery query) {
      return List.of();
    }

    @Override
    public List<Session> sessions(SessionQuery query) {
      return List.of();
    }
  }
}
