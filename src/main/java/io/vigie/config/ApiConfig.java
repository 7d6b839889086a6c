package io.vigie.config;

import io.vigie.net.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The HTTP API: where it listens, its TLS certificate and who may call it.
 *
 * <pre>
 * api:
 *   listen: "127.0.0.1:8443"          # host:port; [::1]:8443 for IPv6; port 0 picks a free port
 *   tls: { cert_file: api.crt, key_file: api.key }   # PEM; key in PKCS#8; relative to the config file
 *   max_body_bytes: 65536
 *
 *   limits:                           # transport budgets, all optional (see docs/SECURITY.md)
 *     max_connections: 256            # open connections, all sources; beyond are closed at accept
 *     max_connections_per_source: 32  # open connections of one source address
 *     pre_auth_max_body_bytes: 8192   # largest body read before a valid bearer token is seen (at most max_body_bytes)
 *     max_header_bytes: 8192          # request line and headers together
 *     header_timeout_seconds: 10      # the whole request head must arrive within this
 *     body_timeout_seconds: 30        # the whole body must arrive within this once the head is in
 *     idle_timeout_seconds: 60        # a connection with no traffic at all is closed
 *   app_limits: { sessions_per_person: 5, page_size: 50 }   # see AppLimits
 *   time_zone: Europe/Paris           # the site's zone: pages and mails show local time beside UTC
 *   ldap: { ... }                     # named people from the city's directory, see LdapConfig
 *   notifications: { ... }            # mails and a webhook to the approvers, see NotificationsConfig
 *   tokens:
 *     - { name: acme, roles: [vendor], sha256: 3f0a... }   # from `vigie token hash`
 *     - { name: dsi, roles: [approver_dsi, reviewer], sha256: 9b1c... }
 *     - { name: dsi-laptop, person: dsi, roles: [approver_dsi], sha256: 7d2e... }  # same person
 * </pre>
 *
 * <p>Each token belongs to a person ({@code person}, default the token's name): a person counts
 * once in a quorum however many tokens they hold, and may never approve a window they requested. A
 * token, or a person through all their tokens, may not hold the {@code vendor} role together with
 * an approver role: the watched party would approve its own access.
 *
 * <p>Only SHA-256 hashes of tokens are configured, never the tokens. Role names are {@code vendor},
 * {@code reviewer}, {@code admin} or an approver role of the approval policy; the site file checks
 * the approver roles against the {@code approval} quorum ({@link #checkRoles}). TLS file paths are
 * kept as written; {@link #resolvedAgainst} makes relative ones relative to the config file's
 * directory.
 *
 * @param listen bind address and port
 * @param tls certificate and key, or null for plain HTTP (loopback only is sensible)
 * @param maxBodyBytes largest request body accepted; larger gets 413
 * @param tokens the callers
 * @param appLimits sessions, logins, page sizes and the cost of refused requests ({@link
 *     AppLimits})
 * @param limits connection, size and time budgets of the HTTP transport; defaults when absent
 * @param ldap the city's directory for named people, or null for tokens only
 * @param timeZone the site's time zone (default {@code Europe/Paris})
 * @param notifications who is told of window steps and critical notices, or null for nobody
 */
public record ApiConfig(
    String listen,
    Tls tls,
    Integer maxBodyBytes,
    List<Token> tokens,
    AppLimits appLimits,
    Limits limits,
    LdapConfig ldap,
    String timeZone,
    NotificationsConfig notifications) {
  /** Roles the API itself knows; any other role must be an approver role of the policy. */
  public static final Set<String> BUILT_IN_ROLES = Set.of("vendor", "reviewer", "admin");

  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** The settings from before notifications: none. */
  public ApiConfig(
      String listen,
      Tls tls,
      Integer maxBodyBytes,
      List<Token> tokens,
      AppLimits appLimits,
      Limits limits,
      LdapConfig ldap,
      String timeZone) {
    this(listen, tls, maxBodyBytes, tokens, appLimits, limits, ldap, timeZone, null);
  }

  /** The settings from before the directory and the time zone: none, and Paris. */
  public ApiConfig(
      String listen,
      Tls tls,
      Integer maxBodyBytes,
      List<Token> tokens,
      AppLimits appLimits,
      Limits limits) {
    this(listen, tls, maxBodyBytes, tokens, appLimits, limits, null, null);
  }

  /** The settings from before {@code app_limits} and {@code limits}: they take their defaults. */
  public ApiConfig(String listen, Tls tls, Integer maxBodyBytes, List<Token> tokens) {
    this(listen, tls, maxBodyBytes, tokens, null, null);
  }

  /** With the default transport {@link Limits}. */
  public ApiConfig(
      String listen, Tls tls, Integer maxBodyBytes, List<Token> tokens, AppLimits appLimits) {
    this(listen, tls, maxBodyBytes, tokens, appLimits, null);
  }

  /** With the default {@link AppLimits}. */
  public ApiConfig(
      String listen, Tls tls, Integer maxBodyBytes, List<Token> tokens, Limits limits) {
    this(listen, tls, maxBodyBytes, tokens, null, limits);
  }

  public ApiConfig {
    appLimits = appLimits == null ? AppLimits.DEFAULTS : appLimits;
    listen = listen == null ? "127.0.0.1:8443" : listen;
    parseListen(listen);
    maxBodyBytes = maxBodyBytes == null ? 65536 : maxBodyBytes;
    if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "max_body_bytes must be in 1024..16777216, was " + maxBodyBytes);
    }
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    limits = limits == null ? Limits.DEFAULTS : limits;
    timeZone = timeZone == null ? "Europe/Paris" : timeZone;
    try {
      java.time.ZoneId.of(timeZone);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "time_zone '" + timeZone + "' is not a time zone (e.g. Europe/Paris)");
    }
    if (ldap != null) {
      ldap.groups()
          .forEach(
              (dn, roles) -> refuseVendorApprover("ldap group '" + dn + "'", new TreeSet<>(roles)));
    }
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    java.util.Map<String, Set<String>> rolesOfPerson = new java.util.HashMap<>();
    for (Token t : tokens) {
      Set<String> held = rolesOfPerson.computeIfAbsent(t.person(), k -> new TreeSet<>());
      held.addAll(t.roles());
      refuseVendorApprover("person '" + t.person() + "' (token '" + t.name() + "')", held);
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("token name '" + t.name() + "' is used twice");
      }
      if (!hashes.add(t.sha256())) {
        throw new IllegalArgumentException(
            "token '" + t.name() + "' has the same sha256 as another token");
      }
    }
  }

  /**
   * Checks that every role beyond the built-in ones is a quorum role of {@code approval}, so a typo
   * in a role name fails at start-up rather than locking an approver out.
   */
  public void checkRoles(ApprovalConfig approval) {
    Set<String> known = new HashSet<>(BUILT_IN_ROLES);
    approval.quorum().forEach(q -> known.add(q.role()));
    String knownList = String.join(", ", new TreeSet<>(known));
    if (ldap != null) {
      ldap.groups()
          .forEach(
              (dn, roles) ->
                  roles.stream()
                      .filter(r -> !known.contains(r))
                      .findFirst()
                      .ifPresent(
                          r -> {
                            throw new IllegalArgumentException(
                                "ldap group '"
                                    + dn
                                    + "': unknown role '"
                                    + r
                                    + "' (known: "
                                    + knownList
                                    + ")");
                          }));
    }
    if (notifications != null) {
      for (String r : notifications.roles().keySet()) {
        if (!known.contains(r)) {
          throw new IllegalArgumentException(
              "notifications.roles: unknown role '" + r + "' (known: " + knownList + ")");
        }
      }
    }
    for (Token t : tokens) {
      for (String r : t.roles()) {
        if (!known.contains(r)) {
          throw new IllegalArgumentException(
              "token '"
                  + t.name()
                  + "': unknown role '"
                  + r
                  + "' (known: "
                  + String.join(", ", new TreeSet<>(known))
                  + ")");
        }
      }
    }
  }

  /**
   * The watched party must not be able to approve its own access: the vendor role excludes every
   * approver role (any role that is not built in is a quorum role, see {@link #checkRoles}).
   */
  private static void refuseVendorApprover(String who, java.util.Collection<String> roles) {
    if (!roles.contains("vendor")) {
      return;
    }
    for (String r : roles) {
      if (!BUILT_IN_ROLES.contains(r)) {
        throw new IllegalArgumentException(
            who
                + " holds the vendor role together with the approver role '"
                + r
                + "'; give the vendor and the approvers separate tokens and persons");
      }
    }
  }

  /** The person each token name belongs to. */
  public java.util.Map<String, String> personByToken() {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    tokens.forEach(t -> m.put(t.name(), t.person()));
    return java.util.Map.copyOf(m);
  }

  /**
   * The roles of the tokens and directory groups that are not built in: the approver (quorum)
   * roles.
   */
  public Set<String> approverRoles() {
    Set<String> out = new TreeSet<>();
    tokens.forEach(
        t -> t.roles().stream().filter(r -> !BUILT_IN_ROLES.contains(r)).forEach(out::add));
    if (ldap != null) {
      ldap.roles().stream().filter(r -> !BUILT_IN_ROLES.contains(r)).forEach(out::add);
    }
    return out;
  }

  /** The site's time zone, in which the pages and messages show local times beside UTC. */
  public java.time.ZoneId zone() {
    return java.time.ZoneId.of(timeZone);
  }

  /** The bind address of {@link #listen}. */
  public InetSocketAddress listenAddress() {
    return parseListen(listen);
  }

  /**
   * This config with relative TLS paths made relative to {@code dir} (the config file's directory).
   */
  public ApiConfig resolvedAgainst(Path dir) {
    return new ApiConfig(
        listen,
        tls == null
            ? null
            : new Tls(
                dir.resolve(tls.certFile()).toString(), dir.resolve(tls.keyFile()).toString()),
        maxBodyBytes,
        tokens,
        appLimits,
        limits,
        ldap == null ? null : ldap.resolvedAgainst(dir),
        timeZone,
        notifications == null ? null : notifications.resolvedAgainst(dir));
  }

  private static InetSocketAddress parseListen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException("listen '" + listen + "' is not host:port");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "listen '" + listen + "': write IPv6 addresses in brackets, [::1]:8443");
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen '" + listen + "': port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen '" + listen + "': port is not in 0..65535");
    }
    // A literal address only: resolving names at start-up would make the bind depend on DNS.
    try {
      IpAddress.parse(host);
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new IllegalArgumentException("listen '" + listen + "': host must be an IP address");
    }
  }

  /**
   * What one anonymous or authenticated peer may make the HTTP server hold, checked before the
   * work: connections (at accept), bytes (before buffering) and time (before the next read). Each
   * defends the approvers' access and the daemon's memory against a flood; see docs/SECURITY.md for
   * the numbers.
   */
  public record Limits(
      Integer maxConnections,
      Integer maxConnectionsPerSource,
      Integer preAuthMaxBodyBytes,
      Integer maxHeaderBytes,
      Integer headerTimeoutSeconds,
      Integer bodyTimeoutSeconds,
      Integer idleTimeoutSeconds,
      Integer jsonMaxDepth,
      Integer jsonMaxNumberDigits,
      Integer logLinesPerMinute) {
    public static final Limits DEFAULTS =
        new Limits(null, null, null, null, null, null, null, null, null, null);

    /** Nesting and number length a request body may have at most, whatever the config says. */
    public static final int JSON_DEPTH_CEILING = 256;

    public static final int JSON_DIGITS_CEILING = 1000;

    /** The limits from before the JSON and log-rate keys: those take their defaults. */
    public Limits(
        Integer maxConnections,
        Integer maxConnectionsPerSource,
        Integer preAuthMaxBodyBytes,
        Integer maxHeaderBytes,
        Integer headerTimeoutSeconds,
        Integer bodyTimeoutSeconds,
        Integer idleTimeoutSeconds) {
      this(
          maxConnections,
          maxConnectionsPerSource,
          preAuthMaxBodyBytes,
          maxHeaderBytes,
          headerTimeoutSeconds,
          bodyTimeoutSeconds,
          idleTimeoutSeconds,
          null,
          null,
          null);
    }

    public Limits {
      maxConnections = within("max_connections", maxConnections, 256, 1, 65_536);
      maxConnectionsPerSource =
          within("max_connections_per_source", maxConnectionsPerSource, 32, 1, 65_536);
      if (maxConnectionsPerSource > maxConnections) {
        throw new IllegalArgumentException(
            "max_connections_per_source ("
                + maxConnectionsPerSource
                + ") must not exceed max_connections ("
                + maxConnections
                + ")");
      }
      preAuthMaxBodyBytes =
          within("pre_auth_max_body_bytes", preAuthMaxBodyBytes, 8192, 0, 16 * 1024 * 1024);
      maxHeaderBytes = within("max_header_bytes", maxHeaderBytes, 8192, 1024, 65_536);
      headerTimeoutSeconds = within("header_timeout_seconds", headerTimeoutSeconds, 10, 1, 3600);
      bodyTimeoutSeconds = within("body_timeout_seconds", bodyTimeoutSeconds, 30, 1, 3600);
      idleTimeoutSeconds = within("idle_timeout_seconds", idleTimeoutSeconds, 60, 1, 86_400);
      jsonMaxDepth = within("json_max_depth", jsonMaxDepth, 32, 4, JSON_DEPTH_CEILING);
      jsonMaxNumberDigits =
          within("json_max_number_digits", jsonMaxNumberDigits, 64, 16, JSON_DIGITS_CEILING);
      logLinesPerMinute = within("log_lines_per_minute", logLinesPerMinute, 10, 1, 10_000);
    }

    private static int within(String key, Integer v, int dflt, int min, int max) {
      if (v == null) {
        return dflt;
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + v);
      }
      return v;
    }
  }

  /** PEM files for HTTPS. */
  public record Tls(String certFile, String keyFile) {
    public Tls {
      if (certFile == null || certFile.isBlank()) {
        throw new IllegalArgumentException("missing 'cert_file'");
      }
      if (keyFile == null || keyFile.isBlank()) {
        throw new IllegalArgumentException("missing 'key_file'");
      }
    }
  }

  /**
   * A caller: a name for the audit trail, roles, the SHA-256 (hex) of its bearer token, and the
   * person it belongs to (default: its name).
   */
  public record Token(String name, List<String> roles, String sha256, String person) {
    /** A token that is its own person. */
    public Token(String name, List<String> roles, String sha256) {
      this(name, roles, sha256, null);
    }

    public Token {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "token name '" + name + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
      }
      if (roles == null || roles.isEmpty()) {
        throw new IllegalArgumentException("token '" + name + "' has no roles");
      }
      roles = List.copyOf(roles);
      if (new HashSet<>(roles).size() != roles.size()) {
        throw new IllegalArgumentException("token '" + name + "' lists a role twice");
      }
      for (String r : roles) {
        if (!ROLE.matcher(r).matches()) {
          throw new IllegalArgumentException(
              "token '"
                  + name
                  + "': bad role name '"
                  + r
                  + "' (lower-case letters, digits, '_' or '-')");
        }
      }
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "token '"
                + name
                + "': sha256 must be 64 lower-case hex digits (see `vigie token hash`)");
      }
      person = person == null ? name : person;
      if (!NAME.matcher(person).matches()) {
        throw new IllegalArgumentException(
            "token '"
                + name
                + "': person '"
                + person
                + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
      }
      refuseVendorApprover("token '" + name + "'", roles);
    }
  }
}
