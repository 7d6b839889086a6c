package io.vigie.api;

import io.vigie.config.ApiConfig;
import io.vigie.directory.Directory;
import io.vigie.directory.DirectoryException;
import io.vigie.directory.Person;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A person's directory login, the same for the web page (login form) and the API (HTTP Basic):
 * throttled per address and per login name BEFORE the directory is asked, audited when refused, and
 * turned into a {@link Principal} whose name and person are the directory's name for them, so a
 * quorum counts persons and the self-approval rules hold.
 *
 * <pre>{@code
 * DirectoryLogin logins = new DirectoryLogin(LdapDirectory.open(api.ldap()), guard, store, clock);
 * DirectoryLogin.Outcome o = logins.login(user, password, source, "ui");
 * if (o instanceof DirectoryLogin.Accepted a) { ... a.principal() }
 * // Throttled → 429 with Retry-After, Refused → 401, Unavailable → 503
 * }</pre>
 *
 * <p>A refusal is recorded as evidence ({@code ui_login_refused} or {@code api_login_refused}, with
 * the login name typed, the source and the reason, never the password) and counted in the source's
 * per-minute failed logins, which raise {@code brute_force} over the threshold. A throttled attempt
 * is counted there too but costs no directory round trip and writes no record of its own.
 */
public final class DirectoryLogin {
  private static final Logger LOG = System.getLogger("io.vigie.api.directory");
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /** What a login attempt came to. */
  public sealed interface Outcome permits Accepted, Refused, Throttled, Unavailable {}

  /** The person is who they say; {@code principal} carries their roles. */
  public record Accepted(Principal principal, Person person) implements Outcome {}

  /** Wrong password, unknown login, or a person vigie will not let in; the reason is audited. */
  public record Refused(String reason) implements Outcome {}

  /** Too many failures from this address or for this login: try again after {@code retryAfter}. */
  public record Throttled(Duration retryAfter) implements Outcome {}

  /** The directory could not be asked; nothing is known about the password. */
  public record Unavailable() implements Outcome {}

  private final Directory directory;
  private final AbuseGuard guard;
  private final EvidenceSink evidence;
  private final Clock clock;

  public DirectoryLogin(Directory directory, AbuseGuard guard, EvidenceSink evidence, Clock clock) {
    this.directory = directory;
    this.guard = guard;
    this.evidence = evidence;
    this.clock = clock;
  }

  /** No directory: only tokens log in. */
  public static DirectoryLogin none(AbuseGuard guard) {
    return new DirectoryLogin(Directory.NONE, guard, r -> {}, Clock.systemUTC());
  }

  public boolean enabled() {
    return directory.enabled();
  }

  /**
   * Checks {@code password} for {@code login} coming from {@code source}; {@code channel} ({@code
   * ui} or {@code api}) names the evidence record of a refusal. Blocks on the directory: call it
   * from a worker thread.
   */
  public Outcome login(String login, String password, String source, String channel) {
    if (login == null || !LOGIN.matcher(login).matches()) {
      // Not a name at all: counted towards brute_force, no record with whatever was typed.
      guard.throttle().failed(source, null);
      guard.ledger().failedLogin(source);
      return new Refused("malformed login name");
    }
    // One key per person whatever the case typed, so "JDupont" does not get a fresh budget.
    String key = "directory:" + login.toLowerCase(Locale.ROOT);
    Duration wait = guard.throttle().retryAfter(source, key);
    if (!wait.isZero()) {
      guard.ledger().failedLogin(source);
      return new Throttled(wait);
    }
    Optional<Person> found;
    try {
      found = directory.authenticate(login, password);
    } catch (DirectoryException e) {
      LOG.log(Level.WARNING, "event=directory_unavailable error=\"" + e.getMessage() + "\"");
      return new Unavailable();
    }
    if (found.isEmpty()) {
      return refuse(login, source, key, channel, "wrong password or unknown login");
    }
    Person p = found.get();
    if (p.roles().contains("vendor")
        && p.roles().stream().anyMatch(r -> !ApiConfig.BUILT_IN_ROLES.contains(r))) {
      // The config refuses a group giving both; a person in two groups could still hold both.
      return refuse(
          login, source, key, channel, "holds the vendor role and an approver role: " + p.roles());
    }
    guard.throttle().succeeded(key);
    return new Accepted(new Principal(p.name(), p.roles(), p.name()), p);
  }

  private Outcome refuse(String login, String source, String key, String channel, String reason) {
    guard.throttle().failed(source, key);
    guard.ledger().failedLogin(source);
    Instant now = clock.instant();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("principal", login);
    f.put("source", source);
    f.put("via", "directory");
    f.put("reason", reason);
    evidence.append(
        new EvidenceRecord(
            channel + "_login_refused",
            now.getEpochSecond() * 1_000_000_000L + now.getNano(),
            login,
            f));
    return new Refused(reason);
  }
}
