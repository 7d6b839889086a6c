package io.vigie.web;

import io.vigie.api.Principal;
import java.time.Instant;

/**
 * A logged-in browser: who, the CSRF token its forms must carry, its language and when it was
 * created and last used. The session id itself lives only in the cookie and the store's key.
 *
 * @param flash a one-shot message shown on the next page (the outcome of the last action)
 * @param serial order of creation, which the clock alone cannot tell within one tick
 */
record WebSession(
    Principal principal,
    Access access,
    String csrf,
    String lang,
    Instant created,
    Instant lastSeen,
    String flash,
    long serial) {

  WebSession withLang(String l) {
    return new WebSession(principal, access, csrf, l, created, lastSeen, flash, serial);
  }

  WebSession seenAt(Instant t) {
    return new WebSession(principal, access, csrf, lang, created, t, flash, serial);
  }

  WebSession withFlash(String f) {
    return new WebSession(principal, access, csrf, lang, created, lastSeen, f, serial);
  }
}
