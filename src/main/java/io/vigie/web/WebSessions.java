package io.vigie.web;

import io.vigie.api.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Server-side sessions of the web UI, in memory: a restart logs everyone out, which is the safe
 * side. A session ends after {@link #IDLE} without a request or {@link #MAX_AGE} in all.
 *
 * <pre>{@code
 * String id = sessions.create(principal, access, "fr");   // → Set-Cookie
 * Optional<WebSession> s = sessions.find(idFromCookie);      // touches it
 * sessions.end(id);
 * }</pre>
 *
 * <p>Ids and CSRF tokens are 256 random bits from {@link SecureRandom}, base64url.
 */
final class WebSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration MAX_AGE = Duration.ofHours(8);
  /** Beyond this many live sessions, the oldest is dropped rather than memory grown. */
  static final int MAX_SESSIONS = 1000;

  private final ConcurrentHashMap<String, WebSession> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  WebSessions(Clock clock) {
    this.clock = clock;
  }

  String create(Principal principal, Access access, String lang) {
    Instant now = clock.instant();
    purge(now);
    String id = randomToken();
    byId.put(id, new WebSession(principal, access, randomToken(), lang, now, now, null));
    return id;
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
    byId.computeIfPresent(id, (k, v) -> {
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

  private void purge(Instant now) {
    byId.values().removeIf(s -> expired(s, now));
    while (byId.size() >= MAX_SESSIONS) {
      byId.entrySet().stream().min((a, b) -> a.getValue().lastSeen().compareTo(b.getValue().lastSeen()))
          .ifPresent(e -> byId.remove(e.getKey()));
    }
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
