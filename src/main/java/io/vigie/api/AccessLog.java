package io.vigie.api;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * One log line per request: remote, caller, method, path, status, time. The query string is logged
 * (filters only); headers and bodies never are, so no token reaches the log.
 */
final class AccessLog implements Consumer<Exchange> {
  private static final Logger LOG = System.getLogger("io.vigie.api.access");

  @Override
  public void accept(Exchange e) {
    LOG.log(
        Level.INFO,
        () ->
            String.format(
                "%s %s %s%s %d %.1fms",
                e.remote(),
                e.principal() == null ? "-" : e.principal(),
                e.method(),
                e.path(),
                e.status(),
                e.durationNanos() / 1e6));
  }
}
