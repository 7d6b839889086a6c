package io.vigie.directory;

import java.util.Optional;

/**
 * Checks a person's directory password and tells their roles.
 *
 * <pre>{@code
 * Directory d = LdapDirectory.open(apiConfig.ldap());
 * Optional<Person> p = d.authenticate("jdupont", password);   // empty: unknown or wrong password
 * }</pre>
 *
 * <p>Implementations block (network round trips): call them from a worker thread, never from an
 * event loop.
 */
public interface Directory {
  /** No directory: nobody logs in with a password. */
  Directory NONE = (login, password) -> Optional.empty();

  /**
   * The person with this login and password; empty when the login is unknown, ambiguous or the
   * password is wrong (the caller cannot and need not tell which).
   *
   * @throws DirectoryException when the directory cannot be asked (down, TLS refused, timeout)
   */
  Optional<Person> authenticate(String login, String password) throws DirectoryException;

  /** Whether a directory is configured at all. */
  default boolean enabled() {
    return this != NONE;
  }
}
