package io.vigie.clock;

/**
 * What the NTP probe knows, read at scrape time.
 *
 * @param server the server queried, {@code host:port}
 * @param offsetSeconds server clock minus local clock (RFC 5905 theta), from the last successful
 *     query (NaN before the first); positive means this host is behind
 * @param delaySeconds round-trip delay of that query (NaN before the first)
 * @param lastSuccessEpochSeconds wall time of the last successful query (NaN before the first)
 * @param queries queries attempted
 * @param failures queries that timed out or got an unusable answer
 */
public record NtpStatus(
    String server,
    double offsetSeconds,
    double delaySeconds,
    double lastSuccessEpochSeconds,
    long queries,
    long failures) {}
