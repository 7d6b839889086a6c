package io.vigie.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who is told, and how, when a window is requested, still needs an approval, starts, ends or is
 * revoked, or a critical notice fires. The {@code notifications} block of the {@code api} section.
 *
 * <pre>
 * api:
 *   notifications:
 *     public_url: "https://vigie.ville.example:8443"   # the API as people reach it: mails link to its pages
 *     smtp:
 *       host: smtp.ville.example
 *       port: 587                        # default 25
 *       starttls: true                   # default true: STARTTLS whenever the server offers it
 *       from: "vigie@ville.example"
 *       username: svc-vigie              # optional; with password_file
 *       password_file: smtp.secret       # its password, alone in this file (never logged)
 *     roles:                             # who receives the mails of each role
 *       town_hall: [m.dupont@ville.example]
 *       it_security: [s.roux@ville.example, soc@ville.example]
 *     webhook: { url: "https://chat.ville.example/hooks/vigie" }   # optional: a JSON POST per event
 * </pre>
 *
 * <p>Mail needs {@code smtp} and at least one role; a webhook alone is allowed. Roles are checked
 * against the quorum with the tokens' ({@link ApiConfig#checkRoles}).
 *
 * @param publicUrl base URL of the API's pages in the links ({@code http} or {@code https})
 * @param smtp the mail server, or null for the webhook only
 * @param roles each role's mail addresses
 * @param webhook the chat tool's incoming webhook, or null
 */
public record NotificationsConfig(
    String publicUrl, Smtp smtp, Map<String, List<String>> roles, Webhook webhook) {

  // One address, no display name, nothing that could start a new header line.
  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

  public NotificationsConfig {
    if (publicUrl == null) {
      throw new IllegalArgumentException("public_url is required (the links in the mails)");
    }
    publicUrl = stripSlash(httpUrl("public_url", publicUrl));
    roles = roles == null ? Map.of() : copy(roles);
    if (smtp == null && webhook == null) {
      throw new IllegalArgumentException("notifications need smtp, webhook or both");
    }
    if (smtp != null && roles.isEmpty()) {
      throw new IllegalArgumentException("smtp is set but roles names no address");
    }
    if (smtp == null && !roles.isEmpty()) {
      throw new IllegalArgumentException("roles has addresses but smtp is not set");
    }
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> roles) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    roles.forEach(
        (role, addresses) -> {
          if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("roles." + role + " lists no address");
          }
          for (String a : addresses) {
            if (a == null || !ADDRESS.matcher(a).matches()) {
              throw new IllegalArgumentException(
                  "roles."
                      + role
                      + ": '"
                      + (a == null ? null : a.replaceAll("\\p{Cntrl}", "?"))
                      + "' is not a mail address (name@domain)");
            }
          }
          out.put(role, List.copyOf(addresses));
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** This config with a relative {@code password_file} made relative to {@code dir}. */
  public NotificationsConfig resolvedAgainst(Path dir) {
    return new NotificationsConfig(
        publicUrl, smtp == null ? null : smtp.resolvedAgainst(dir), roles, webhook);
  }

  static String httpUrl(String key, String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + " '" + url + "' is not a URL");
    }
    if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      throw new IllegalArgumentException(
          key + " must be http://host[:port]/... or https://..., was '" + url + "'");
    }
    return url;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * The mail server.
   *
   * @param host its name or address
   * @param port default 25
   * @param starttls upgrade to TLS when the server offers STARTTLS (default true); with a username
   *     the upgrade is required, so that a password never crosses in clear
   * @param from the sender address
   * @param username the account, or null to send without authentication
   * @param passwordFile the file holding its password (required with a username)
   */
  public record Smtp(
      String host,
      Integer port,
      Boolean starttls,
      String from,
      String username,
      String passwordFile) {
    public Smtp {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("smtp.host is required");
      }
      port = port == null ? 25 : port;
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("smtp.port must be in 1..65535, was " + port);
      }
      starttls = starttls == null ? Boolean.TRUE : starttls;
      if (from == null || !ADDRESS.matcher(from).matches()) {
        throw new IllegalArgumentException(
            "smtp.from must be a mail address (name@domain), was '"
                + (from == null ? null : from.replaceAll("\\p{Cntrl}", "?"))
                + "'");
      }
      if ((username == null) != (passwordFile == null)) {
        throw new IllegalArgumentException("smtp.username and smtp.password_file go together");
      }
      if (username != null && !starttls) {
        throw new IllegalArgumentException(
            "smtp.username with starttls: false would send the password in clear");
      }
    }

    Smtp resolvedAgainst(Path dir) {
      return new Smtp(
          host,
          port,
          starttls,
          from,
          username,
          passwordFile == null ? null : dir.resolve(passwordFile).toString());
    }
  }

  /**
   * A chat tool's incoming webhook: each event as one JSON POST.
   *
   * @param url where to POST
   */
  public record Webhook(String url) {
    public Webhook {
      if (url == null) {
        throw new IllegalArgumentException("webhook.url is required");
      }
      httpUrl("webhook.url", url);
    }
  }
}
