package io.vigie.config;

import io.vigie.net.IpAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The city's directory (LDAP or Active Directory) for named people on the web page and the API,
 * beside the tokens of machines and the vendor. The {@code ldap} block of the {@code api} section.
 *
 * <pre>
 * api:
 *   ldap:
 *     url: "ldap://dc1.ville.example:389"    # ldap:// (with StartTLS) or ldaps://
 *     security: starttls                      # starttls (default for ldap://), ldaps (default for ldaps://),
 *                                             # none: only for a loopback address (tests, a local proxy)
 *     ca_file: city-ca.pem                    # PEM certificates to trust; default the JVM's trust store
 *     bind_dn: "CN=svc-vigie,OU=Services,DC=ville,DC=example"   # the account that looks users up
 *     bind_password_file: ldap-bind.secret    # its password, alone in this file (never logged)
 *     user_base: "OU=People,DC=ville,DC=example"
 *     user_filter: "(&amp;(objectClass=user)(sAMAccountName={user}))"   # {user} is escaped (RFC 4515)
 *     name_attribute: sAMAccountName          # the user's name in vigie (uid for OpenLDAP): one person, one name
 *     group_base: "OU=Groups,DC=ville,DC=example"
 *     group_filter: "(member={dn})"           # the groups a user is a direct member of
 *     groups:                                 # group DN → vigie roles
 *       "CN=vigie-town-hall,OU=Groups,DC=ville,DC=example": [town_hall]
 *       "CN=vigie-it-security,OU=Groups,DC=ville,DC=example": [it_security]
 *       "CN=vigie-vendor,OU=Groups,DC=ville,DC=example": [vendor]
 *     timeout_seconds: 5                      # connect and each operation
 * </pre>
 *
 * <p>A login is a search with the service account for exactly one entry, then a simple bind as that
 * entry with the password given (an empty password is refused before any bind: LDAP would take it
 * as an anonymous bind that succeeds). Roles come only from the groups listed here; a user in no
 * listed group has no role and opens nothing.
 *
 * @param url the server, {@code ldap://host:port} or {@code ldaps://host:port}
 * @param security how the connection is protected: {@code starttls}, {@code ldaps} or {@code none}
 * @param caFile PEM file of the certificates to trust, or null for the JVM's trust store
 * @param bindDn the service account that searches for users
 * @param bindPasswordFile the file holding its password
 * @param userBase where users are searched (whole subtree)
 * @param userFilter the filter finding one user, with {@code {user}} for the login name
 * @param nameAttribute the attribute whose value names the person in vigie (the audit trail, the
 *     quorum), so that "JDupont" and "jdupont" typed at login are one person
 * @param groupBase where groups are searched (whole subtree)
 * @param groupFilter the filter finding a user's groups, with {@code {dn}} for the user's DN
 * @param groups each group's DN and the vigie roles it gives
 * @param timeoutSeconds connect and operation timeout
 */
public record LdapConfig(
    String url,
    String security,
    String caFile,
    String bindDn,
    String bindPasswordFile,
    String userBase,
    String userFilter,
    String nameAttribute,
    String groupBase,
    String groupFilter,
    Map<String, List<String>> groups,
    Integer timeoutSeconds) {

  public static final Set<String> SECURITIES = Set.of("starttls", "ldaps", "none");

  public LdapConfig {
    URI u;
    try {
      u = url == null ? null : new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("url '" + url + "' is not a URL");
    }
    if (u == null
        || u.getHost() == null
        || !("ldap".equals(u.getScheme()) || "ldaps".equals(u.getScheme()))) {
      throw new IllegalArgumentException(
          "url must be ldap://host:port or ldaps://host:port, was '" + url + "'");
    }
    security = security == null ? ("ldaps".equals(u.getScheme()) ? "ldaps" : "starttls") : security;
    if (!SECURITIES.contains(security)) {
      throw new IllegalArgumentException(
          "security must be starttls, ldaps or none, was '" + security + "'");
    }
    if (security.equals("ldaps") != "ldaps".equals(u.getScheme())) {
      throw new IllegalArgumentException(
          "security '" + security + "' does not go with the url's scheme '" + u.getScheme() + "'");
    }
    if (security.equals("none") && !isLoopback(u.getHost())) {
      throw new IllegalArgumentException(
          "security 'none' would send passwords in clear: only for a loopback address, not '"
              + u.getHost()
              + "'");
    }
    require("bind_dn", bindDn);
    require("bind_password_file", bindPasswordFile);
    require("user_base", userBase);
    require("group_base", groupBase);
    userFilter = userFilter == null ? "(sAMAccountName={user})" : userFilter;
    if (!userFilter.contains("{user}")) {
      throw new IllegalArgumentException(
          "user_filter must contain {user}, was '" + userFilter + "'");
    }
    nameAttribute = nameAttribute == null ? "sAMAccountName" : nameAttribute;
    if (!nameAttribute.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
      throw new IllegalArgumentException(
          "name_attribute '" + nameAttribute + "' is not an attribute name");
    }
    groupFilter = groupFilter == null ? "(member={dn})" : groupFilter;
    if (!groupFilter.contains("{dn}")) {
      throw new IllegalArgumentException(
          "group_filter must contain {dn}, was '" + groupFilter + "'");
    }
    if (groups == null || groups.isEmpty()) {
      throw new IllegalArgumentException("groups must map at least one group DN to vigie roles");
    }
    Map<String, List<String>> g = new LinkedHashMap<>();
    groups.forEach(
        (dn, roles) -> {
          if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("groups: '" + dn + "' gives no role");
          }
          g.put(dn, List.copyOf(roles));
        });
    groups = java.util.Collections.unmodifiableMap(g);
    timeoutSeconds = timeoutSeconds == null ? 5 : timeoutSeconds;
    if (timeoutSeconds < 1 || timeoutSeconds > 60) {
      throw new IllegalArgumentException("timeout_seconds must be in 1..60, was " + timeoutSeconds);
    }
  }

  /** Every role some group gives. */
  public Set<String> roles() {
    Set<String> out = new java.util.TreeSet<>();
    groups.values().forEach(out::addAll);
    return out;
  }

  /** This config with relative file paths made relative to {@code dir}. */
  public LdapConfig resolvedAgainst(Path dir) {
    return new LdapConfig(
        url,
        security,
        caFile == null ? null : dir.resolve(caFile).toString(),
        bindDn,
        dir.resolve(bindPasswordFile).toString(),
        userBase,
        userFilter,
        nameAttribute,
        groupBase,
        groupFilter,
        groups,
        timeoutSeconds);
  }

  private static void require(String key, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      IpAddress.parse(h); // a literal: never resolve a name to decide this
      return java.net.InetAddress.getByName(h).isLoopbackAddress();
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      return false;
    }
  }
}
