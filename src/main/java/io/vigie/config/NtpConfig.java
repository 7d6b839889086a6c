package io.vigie.config;

import io.vigie.net.IpAddress;

/**
 * The city's NTP server, queried to measure this host's clock offset: evidence timestamps are only
 * as good as the clock, so the offset is exported and alerted on.
 *
 * <pre>
 * ntp:
 *   server: 10.0.0.5            # an IP address; absent = no probe
 *   port: 123
 *   interval_seconds: 64
 *   timeout_millis: 2000
 * </pre>
 *
 * @param server the NTP server's IP address, or null to disable the probe
 * @param port UDP port, 123 by default
 * @param intervalSeconds seconds between queries; 64 by default (ntpd's minimum poll)
 * @param timeoutMillis how long to wait for an answer
 */
public record NtpConfig(
    String server, Integer port, Integer intervalSeconds, Integer timeoutMillis) {
  public static final NtpConfig DISABLED = new NtpConfig(null, null, null, null);

  public NtpConfig {
    if (server != null) {
      try {
        IpAddress.parse(server);
      } catch (IllegalArgumentException e) {
        // A name would need DNS on every start, and a spoofed answer would move the clock check.
        throw new IllegalArgumentException("server '" + server + "' must be an IP address");
      }
    }
    port = inRange("port", port, 123, 1, 65535);
    intervalSeconds = inRange("interval_seconds", intervalSeconds, 64, 1, 86_400);
    timeoutMillis = inRange("timeout_millis", timeoutMillis, 2000, 1, 60_000);
    if (timeoutMillis >= intervalSeconds * 1000L) {
      throw new IllegalArgumentException(
          "timeout_millis "
              + timeoutMillis
              + " must be shorter than interval_seconds "
              + intervalSeconds);
    }
  }

  public boolean enabled() {
    return server != null;
  }

  private static Integer inRange(String key, Integer v, int dflt, int min, int max) {
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + v);
    }
    return v;
  }
}
