package io.vigie.web;

import io.vigie.api.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Server-side sessions of the web UI, in memory: a restart logs everyone out, which is the safe
 * side. A session ends after {@link #IDLE} without a request or {@link #MAX_AGE} in all.
 *
 * <p>Budgets: a person holds at most {@code perPerson} sessions (their next login ends their own
 * oldest one), and all people together at most {@code max}; when that is reached a new login is
 * refused rather than ending anybody else's session, so that one user logging in again and again
 * can never log the others out.
 *
 * <pre>{@code
 * Optional<String> id = sessions.create(principal, access, "fr");   // → Set-Cookie; empty when full
 * Optional<WebSession> s = sessions.find(idFromCookie);      // touches it
 * sessions.end(id);
 * }</pre>
 *
 * <p>Ids and CSRF tokens are 256 random bits from {@link SecureRandom}, base64url.
 */
final class WebSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration MAX_AGE = Duration.ofHours(8);

  private final ConcurrentHashMap<String, WebSession> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final int perPerson;
  private final int max;
  private long serial;

  WebSessions(Clock clock, int perPerson, int max) {
    this.clock = clock;
    this.perPerson = perPerson;
    this.max = max;
  }

  /**
   * A new session for {@code principal}, after ending that person's oldest ones beyond their
   * budget; empty when every session of the server is taken by live sessions of other people.
   */
  synchronized Optional<String> create(Principal principal, Access access, String lang) {
    Instant now = clock.instant();
    byId.values().removeIf(s -> expired(s, now));
    String person = principal.person();
    List<Map.Entry<String, WebSession>> own =
        byId.entrySet().stream()
            .filter(e -> e.getValue().principal().person().equals(person))
            .sorted(
                Comparator.comparingLong(
                    (Map.Entry<String, WebSession> e) -> e.getValue().serial()))
            .toList();
    int drop = Math.max(own.size() - perPerson + 1, 0);
    if (byId.size() - drop >= max && own.size() > drop) {
      // The server is full: the only session this login may end is one of the same person's.
      drop++;
    }
    for (int i = 0; i < drop; i++) {
      byId.remove(own.get(i).getKey());
    }
    if (byId.size() >= max) {
      return Optional.empty();
    }
    String id = randomToken();
    byId.put(id, new WebSession(principal, access, randomToken(), lang, now, now, null, ++serial));
    return Optional.of(id);
  }

  /** The live session with this id, marked as used now; empty when unknown or expired. */
  Optional<WebSession> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    WebSession s = byId.computeIfPresent(id, (k, v) -> expired(v, now) ? null : v.seenAt(now));
    return Optional.ofNullable(s);
  }

  void update(String id, UnaryOperator<WebSession> change) {
    byId.computeIfPresent(id, (k, v) -> change.apply(v));
  }

  /** Takes the one-shot message of this session, if any. */
  String takeFlash(String id) {
    String[] out = new String[1];
    byId.computeIfPresent(
        id,
        (k, v) -> {
          out[0] = v.flash();
          return v.withFlash(null);
        });
    return out[0];
  }

  void end(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  int size() {
    return byId.size();
  }

  private static boolean expired(WebSession s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.created().plus(MAX_AGE));
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
