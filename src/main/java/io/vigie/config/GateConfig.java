package io.vigie.config;

import io.vigie.net.App;
import io.vigie.net.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TCP gate in front of the vendor's remote access: the {@code gate} section of the site file.
 * Absent means no gate.
 *
 * <pre>
 * gate:
 *   address: 10.20.0.2               # the gate's own address toward the video network
 *   idle_seconds: 600                # a relayed connection silent this long is closed
 *   warn_before_end_seconds: 300     # log and count this long before a window ends
 *   max_connections_per_window: 8
 *   max_pending: 64                  # connections authenticating at once, beyond are closed
 *   max_pending_per_source: 8        # of those, from one source address
 *   preamble_seconds: 10             # the preamble line (or TLS handshake) must be in within this
 *   refusal_notice_seconds: 60       # one gate_refused notice per listener/identity/target/reason per this
 *   identities:
 *     - { name: j.martin@acme, token_sha256: 9f86d0...0f00a08 }   # sha256sum of the token
 *     - { name: acme-ops, cert_cn: acme-ops.acme.example, requesters: [j.martin@acme] }
 *   tls:                             # only for listeners with auth: mtls
 *     cert: /etc/vigie/gate.crt
 *     key: /etc/vigie/gate.key       # PKCS#8 PEM
 *     client_ca: /etc/vigie/acme-ca.crt
 *   listeners:
 *     - name: ssh
 *       listen: 0.0.0.0:2222
 *       app: ssh
 *       auth: token                  # token (a VIGIE1 preamble line) or mtls
 *       targets:
 *         - { name: cam-001, address: 10.20.1.1, port: 22 }
 * </pre>
 *
 * @param address the source address of the gate's connections into the video network (for the
 *     bypass check); null when not known
 */
public record GateConfig(
    String address,
    Integer idleSeconds,
    Integer warnBeforeEndSeconds,
    Integer maxConnectionsPerWindow,
    Integer maxPending,
    List<Identity> identities,
    Tls tls,
    List<Listener> listeners,
    Integer maxPendingPerSource,
    Integer preambleSeconds,
    Integer refusalNoticeSeconds,
    Integer refusalLogLinesPerMinute) {

  /** With the default refusal log rate. */
  public GateConfig(
      String address,
      Integer idleSeconds,
      Integer warnBeforeEndSeconds,
      Integer maxConnectionsPerWindow,
      Integer maxPending,
      List<Identity> identities,
      Tls tls,
      List<Listener> listeners,
      Integer maxPendingPerSource,
      Integer preambleSeconds,
      Integer refusalNoticeSeconds) {
    this(
        address,
        idleSeconds,
        warnBeforeEndSeconds,
        maxConnectionsPerWindow,
        maxPending,
        identities,
        tls,
        listeners,
        maxPendingPerSource,
        preambleSeconds,
        refusalNoticeSeconds,
        null);
  }

  public GateConfig {
    if (address != null) {
      IpAddress.parse(address);
    }
    idleSeconds = positive("idle_seconds", idleSeconds, 600);
    warnBeforeEndSeconds = positive("warn_before_end_seconds", warnBeforeEndSeconds, 300);
    maxConnectionsPerWindow = positive("max_connections_per_window", maxConnectionsPerWindow, 8);
    maxPending = positive("max_pending", maxPending, 64);
    maxPendingPerSource = positive("max_pending_per_source", maxPendingPerSource, 8);
    if (maxPendingPerSource > maxPending) {
      throw new IllegalArgumentException(
          "max_pending_per_source ("
              + maxPendingPerSource
              + ") must not exceed max_pending ("
              + maxPending
              + ")");
    }
    preambleSeconds = positive("preamble_seconds", preambleSeconds, 10);
    refusalNoticeSeconds = refusalNoticeSeconds == null ? 60 : refusalNoticeSeconds;
    refusalLogLinesPerMinute = refusalLogLinesPerMinute == null ? 10 : refusalLogLinesPerMinute;
    if (refusalLogLinesPerMinute < 1 || refusalLogLinesPerMinute > 10_000) {
      throw new IllegalArgumentException(
          "refusal_log_lines_per_minute must be in 1..10000, was " + refusalLogLinesPerMinute);
    }
    if (refusalNoticeSeconds < 0 || refusalNoticeSeconds > 3600) {
      throw new IllegalArgumentException(
          "refusal_notice_seconds must be in 0..3600, was " + refusalNoticeSeconds);
    }
    if (preambleSeconds > 300) {
      throw new IllegalArgumentException(
          "preamble_seconds must be at most 300, was " + preambleSeconds);
    }
    identities = identities == null ? List.of() : List.copyOf(identities);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    Set<String> names = new HashSet<>();
    Set<String> cns = new HashSet<>();
    for (Identity i : identities) {
      if (!names.add(i.name())) {
        throw new IllegalArgumentException("identity '" + i.name() + "' is listed twice");
      }
      if (i.certCn() != null && !cns.add(i.certCn())) {
        throw new IllegalArgumentException("cert_cn '" + i.certCn() + "' is listed twice");
      }
    }
    Set<String> listenerNames = new HashSet<>();
    for (Listener l : listeners) {
      if (!listenerNames.add(l.name())) {
        throw new IllegalArgumentException("listener '" + l.name() + "' is listed twice");
      }
      if (l.auth() == Auth.MTLS && tls == null) {
        throw new IllegalArgumentException(
            "listener '" + l.name() + "' has auth mtls but the gate has no 'tls' section");
      }
    }
  }

  /** With the default per-source pending limit, preamble deadline and notice interval. */
  public GateConfig(
      String address,
      Integer idleSeconds,
      Integer warnBeforeEndSeconds,
      Integer maxConnectionsPerWindow,
      Integer maxPending,
      List<Identity> identities,
      Tls tls,
      List<Listener> listeners) {
    this(
        address,
        idleSeconds,
        warnBeforeEndSeconds,
        maxConnectionsPerWindow,
        maxPending,
        identities,
        tls,
        listeners,
        null,
        null,
        null,
        null);
  }

  /**
   * Someone the gate lets in: by a token whose SHA-256 (hex) is given, or by a client certificate
   * whose subject CN is given.
   *
   * @param requesters the window requesters whose windows this identity may use; default its own
   *     name
   */
  public record Identity(String name, String tokenSha256, String certCn, List<String> requesters) {
    public Identity {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("missing 'name'");
      }
      if (tokenSha256 == null && certCn == null) {
        throw new IllegalArgumentException("identity '" + name + "' needs token_sha256 or cert_cn");
      }
      if (tokenSha256 != null) {
        tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
        if (!tokenSha256.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException("token_sha256 of '" + name + "' is not 64 hex digits");
        }
      }
      requesters =
          requesters == null || requesters.isEmpty() ? List.of(name) : List.copyOf(requesters);
    }
  }

  /** The gate's server certificate and the CA that signs the vendor's client certificates. */
  public record Tls(String cert, String key, String clientCa) {
    public Tls {
      if (cert == null || key == null || clientCa == null) {
        throw new IllegalArgumentException("tls needs cert, key and client_ca");
      }
    }
  }

  /** How a listener authenticates the vendor. */
  public enum Auth {
    TOKEN,
    MTLS;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Auth of(String s) {
      switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
        case "token":
          return TOKEN;
        case "mtls":
          return MTLS;
        default:
          throw new IllegalArgumentException("auth '" + s + "' is neither token nor mtls");
      }
    }
  }

  /** One listening socket, the application it relays and the targets it reaches. */
  public record Listener(String name, String listen, String app, Auth auth, List<Target> targets) {
    public Listener {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("missing 'name'");
      }
      if (listen == null) {
        throw new IllegalArgumentException("listener '" + name + "' is missing 'listen'");
      }
      listenAddress(listen); // same host:port rules as the metrics endpoint, port 0 allowed
      if (app == null) {
        throw new IllegalArgumentException("listener '" + name + "' is missing 'app'");
      }
      App a = App.fromWireName(app.toLowerCase(Locale.ROOT));
      if (!SUPPORTED_APPS.contains(a)) {
        throw new IllegalArgumentException(
            "listener '"
                + name
                + "': app '"
                + app
                + "' is not one the gate can check, use one of "
                + SUPPORTED_APPS.stream().map(App::wireName).toList());
      }
      auth = auth == null ? Auth.TOKEN : auth;
      targets = targets == null ? List.of() : List.copyOf(targets);
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("listener '" + name + "' has no targets");
      }
      Set<String> seen = new HashSet<>();
      for (Target t : targets) {
        if (!seen.add(t.name())) {
          throw new IllegalArgumentException(
              "listener '" + name + "': target '" + t.name() + "' is listed twice");
        }
      }
    }

    public App application() {
      return App.fromWireName(app.toLowerCase(Locale.ROOT));
    }

    /** Where to bind; port 0 picks a free port (tests, the bench). */
    public java.net.InetSocketAddress listenAddress() {
      return listenAddress(listen);
    }

    private static java.net.InetSocketAddress listenAddress(String listen) {
      if (listen.endsWith(":0")) {
        java.net.InetSocketAddress a =
            new MetricsConfig(listen.substring(0, listen.length() - 1) + "1").address();
        return new java.net.InetSocketAddress(a.getAddress(), 0);
      }
      return new MetricsConfig(listen).address();
    }
  }

  /** Applications whose first bytes the gate recognises in both directions. */
  public static final Set<App> SUPPORTED_APPS =
      Set.of(App.SSH, App.RDP, App.VNC, App.HTTP, App.TLS);

  /** A device of the video network, by its inventory name (as in window scopes). */
  public record Target(String name, String address, Integer port) {
    public Target {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("missing 'name'");
      }
      if (address == null) {
        throw new IllegalArgumentException("target '" + name + "' is missing 'address'");
      }
      IpAddress.parse(address);
      if (port == null || port < 1 || port > 65535) {
        throw new IllegalArgumentException("target '" + name + "': port is not in 1..65535");
      }
    }
  }

  private static Integer positive(String key, Integer v, int dflt) {
    if (v == null) {
      return dflt;
    }
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
    return v;
  }
}
