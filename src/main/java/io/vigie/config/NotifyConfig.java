package io.vigie.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Telling people: an e-mail (SMTP with STARTTLS) to the addresses of the roles concerned, and a
 * JSON POST for a chat tool, when a window request arrives, an approval is still needed, a window
 * starts, ends or is revoked, or a critical notice fires. The {@code notifications} block of the
 * {@code api} section.
 *
 * <pre>
 * api:
 *   notifications:
 *     page_url: "https://vigie.ville.example:8443"     # links in the messages point here
 *     recipients:                                       # role → addresses
 *       town_hall: [maire-adjoint@ville.example]
 *       it_security: [rssi@ville.example]
 *       admin: [soc@ville.example]                      # critical notices go to admin and the approver roles
 *     smtp:
 *       host: smtp.ville.example
 *       port: 587
 *       security: starttls                              # starttls (required, default) or none (loopback only)
 *       ca_file: city-ca.pem                            # PEM; default the JVM's trust store
 *       from: "vigie &lt;vigie@ville.example&gt;"
 *       username: vigie                                 # optional; with password_file
 *       password_file: smtp.secret
 *       timeout_seconds: 10
 *     webhook: { url: "https://chat.ville.example/hooks/abc" }   # optional, JSON POST
 *     queue_size: 1000                                  # messages waiting; beyond, the oldest is dropped (counted)
 *     max_attempts: 8                                   # per message, backoff doubling from 5 s
 * </pre>
 *
 * <p>Sending never holds up a decision: messages go into a bounded queue served by one thread, a
 * server that is down is retried with backoff, and what is dropped is counted.
 */
public record NotifyConfig(
    String pageUrl,
    Map<String, List<String>> recipients,
    Smtp smtp,
    Webhook webhook,
    Integer queueSize,
    Integer maxAttempts) {
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");

  public NotifyConfig {
    if (pageUrl == null || !(pageUrl.startsWith("https://") || pageUrl.startsWith("http://"))) {
      throw new IllegalArgumentException("page_url must be an http(s) URL, was '" + pageUrl + "'");
    }
    pageUrl = pageUrl.endsWith("/") ? pageUrl.substring(0, pageUrl.length() - 1) : pageUrl;
    URI.create(pageUrl);
    Map<String, List<String>> r = new LinkedHashMap<>();
    if (recipients != null) {
      recipients.forEach(
          (role, addrs) -> {
            for (String a : addrs == null ? List.<String>of() : addrs) {
              if (!ADDRESS.matcher(a).matches()) {
                throw new IllegalArgumentException(
                    "recipients: '" + a + "' of role '" + role + "' is not an e-mail address");
              }
            }
            r.put(role, addrs == null ? List.of() : List.copyOf(addrs));
          });
    }
    recipients = java.util.Collections.unmodifiableMap(r);
    if (smtp == null && webhook == null) {
      throw new IllegalArgumentException("give 'smtp', 'webhook' or both");
    }
    if (smtp != null && recipients.isEmpty()) {
      throw new IllegalArgumentException("smtp needs 'recipients' (role → addresses)");
    }
    queueSize = queueSize == null ? 1000 : queueSize;
    if (queueSize < 1 || queueSize > 100_000) {
      throw new IllegalArgumentException("queue_size must be in 1..100000, was " + queueSize);
    }
    maxAttempts = maxAttempts == null ? 8 : maxAttempts;
    if (maxAttempts < 1 || maxAttempts > 30) {
      throw new IllegalArgumentException("max_attempts must be in 1..30, was " + maxAttempts);
    }
  }

  /** This config with relative file paths made relative to {@code dir}. */
  public NotifyConfig resolvedAgainst(Path dir) {
    return new NotifyConfig(
        pageUrl,
        recipients,
        smtp == null ? null : smtp.resolvedAgainst(dir),
        webhook,
        queueSize,
        maxAttempts);
  }

  /** The SMTP server that relays vigie's mail. */
  public record Smtp(
      String host,
      Integer port,
      String security,
      String caFile,
      String from,
      String username,
      String passwordFile,
      Integer timeoutSeconds) {
    public Smtp {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("smtp: missing 'host'");
      }
      port = port == null ? 587 : port;
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("smtp: port must be in 1..65535, was " + port);
      }
      security = security == null ? "starttls" : security;
      if (!security.equals("starttls") && !security.equals("none")) {
        throw new IllegalArgumentException(
            "smtp: security must be starttls or none, was '" + security + "'");
      }
      if (security.equals("none") && !loopback(host)) {
        throw new IllegalArgumentException(
            "smtp: security 'none' is only for a loopback relay, not '" + host + "'");
      }
      if (from == null || !ADDRESS.matcher(from.replaceAll(".*<(.*)>.*", "$1")).matches()) {
        throw new IllegalArgumentException("smtp: 'from' must be an e-mail address, was " + from);
      }
      if ((username == null) != (passwordFile == null)) {
        throw new IllegalArgumentException(
            "smtp: give both 'username' and 'password_file', or neither");
      }
      timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
      if (timeoutSeconds < 1 || timeoutSeconds > 300) {
        throw new IllegalArgumentException(
            "smtp: timeout_seconds must be in 1..300, was " + timeoutSeconds);
      }
    }

    Smtp resolvedAgainst(Path dir) {
      return new Smtp(
          host,
          port,
          security,
          caFile == null ? null : dir.resolve(caFile).toString(),
          from,
          username,
          passwordFile == null ? null : dir.resolve(passwordFile).toString(),
          timeoutSeconds);
    }

    private static boolean loopback(String host) {
      return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
  }

  /** A chat tool's incoming webhook: a JSON POST per message. */
  public record Webhook(String url) {
    public Webhook {
      if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
        throw new IllegalArgumentException("webhook: url must be http(s), was '" + url + "'");
      }
      URI.create(url);
    }
  }
}
