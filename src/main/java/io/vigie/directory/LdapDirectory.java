package io.vigie.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.vigie.config.LdapConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * LDAP / Active Directory through the UnboundID LDAP SDK: a search with the service account for
 * exactly one user, a search for the groups that user is a member of, then a simple bind as the
 * user with the password given, all over TLS (StartTLS or LDAPS, host name checked against the
 * certificate). A fresh connection per login: logins are rare and a pooled connection would keep
 * the last user's identity.
 *
 * <pre>
 * connect ─► StartTLS ─► bind service account ─► search user (1 entry) ─► search groups ─► bind user
 * </pre>
 */
public final class LdapDirectory implements Directory {
  private final LdapConfig config;
  private final String host;
  private final int port;
  private final String bindPassword;
  private final SSLContext tls;
  private final Map<DN, List<String>> rolesByGroup = new HashMap<>();

  private LdapDirectory(LdapConfig config, String bindPassword, SSLContext tls) {
    this.config = config;
    URI u = URI.create(config.url());
    this.host =
        u.getHost().startsWith("[")
            ? u.getHost().substring(1, u.getHost().length() - 1)
            : u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : ("ldaps".equals(u.getScheme()) ? 636 : 389);
    this.bindPassword = bindPassword;
    this.tls = tls;
    config
        .groups()
        .forEach(
            (dn, roles) -> {
              try {
                rolesByGroup.put(new DN(dn), roles);
              } catch (LDAPException e) {
                throw new IllegalArgumentException("ldap groups: '" + dn + "' is not a DN");
              }
            });
  }

  /**
   * The directory of this config: reads the bind password file and the CA file now, so that a
   * missing or unreadable one stops the start-up with its key named.
   *
   * @throws IllegalArgumentException naming the key whose file is wrong (never the password)
   */
  public static LdapDirectory open(LdapConfig config) {
    String password;
    try {
      password =
          Files.readString(Path.of(config.bindPasswordFile()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "ldap bind_password_file '"
              + config.bindPasswordFile()
              + "' cannot be read: "
              + e.getClass().getSimpleName());
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException(
          "ldap bind_password_file '" + config.bindPasswordFile() + "' is empty");
    }
    SSLContext ctx = null;
    if (!config.security().equals("none")) {
      try {
        X509TrustManager trust =
            config.caFile() == null
                ? JVMDefaultTrustManager.getInstance()
                : new PEMFileTrustManager(Path.of(config.caFile()).toFile());
        ctx = new SSLUtil(trust).createSSLContext("TLSv1.3");
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException(
            "ldap ca_file '" + config.caFile() + "' cannot be used: " + e.getMessage());
      }
    }
    return new LdapDirectory(config, password, ctx);
  }

  @Override
  public Optional<Person> authenticate(String login, String password) throws DirectoryException {
    if (login == null || login.isEmpty() || password == null || password.isEmpty()) {
      // An empty password is an unauthenticated bind (RFC 4513 5.1.2): servers accept it.
      return Optional.empty();
    }
    try (LDAPConnection c = connect()) {
      c.bind(config.bindDn(), bindPassword);
      SearchResult found =
          c.search(
              new SearchRequest(
                  config.userBase(),
                  SearchScope.SUB,
                  Filter.create(config.userFilter().replace("{user}", Filter.encodeValue(login))),
                  config.nameAttribute(),
                  "displayName",
                  "cn",
                  "mail"));
      if (found.getEntryCount() != 1) {
        return Optional.empty();
      }
      SearchResultEntry user = found.getSearchEntries().get(0);
      String name = user.getAttributeValue(config.nameAttribute());
      if (name == null) {
        return Optional.empty();
      }
      Set<String> roles = new TreeSet<>();
      SearchRequest groups =
          new SearchRequest(
              config.groupBase(),
              SearchScope.SUB,
              Filter.create(config.groupFilter().replace("{dn}", Filter.encodeValue(user.getDN()))),
              SearchRequest.NO_ATTRIBUTES);
      for (SearchResultEntry g : c.search(groups).getSearchEntries()) {
        List<String> r = rolesByGroup.get(new DN(g.getDN()));
        if (r != null) {
          roles.addAll(r);
        }
      }
      try {
        c.bind(user.getDN(), password);
      } catch (LDAPException e) {
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
          return Optional.empty();
        }
        throw e;
      }
      String display = user.getAttributeValue("displayName");
      display = display != null ? display : user.getAttributeValue("cn");
      return Optional.of(
          new Person(
              name, display != null ? display : name, user.getAttributeValue("mail"), roles));
    } catch (LDAPException e) {
      // The result code and the server's words, never the request (which holds no password, but
      // the filter holds what was typed as a login).
      throw new DirectoryException(
          "directory "
              + host
              + ":"
              + port
              + ": "
              + e.getResultCode()
              + " "
              + e.getDiagnosticMessage(),
          e);
    }
  }

  private LDAPConnection connect() throws LDAPException {
    LDAPConnectionOptions o = new LDAPConnectionOptions();
    o.setConnectTimeoutMillis(config.timeoutSeconds() * 1000);
    o.setResponseTimeoutMillis(config.timeoutSeconds() * 1000L);
    o.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
    if (config.security().equals("ldaps")) {
      return new LDAPConnection(tls.getSocketFactory(), o, host, port);
    }
    LDAPConnection c = new LDAPConnection(o, host, port);
    if (config.security().equals("starttls")) {
      try {
        ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(tls));
        if (r.getResultCode() != ResultCode.SUCCESS) {
          throw new LDAPException(
              r.getResultCode(), "StartTLS refused: " + r.getDiagnosticMessage());
        }
      } catch (LDAPException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }
}
