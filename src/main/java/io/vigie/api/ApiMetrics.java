package io.vigie.api;

/**
 * What the HTTP transport counts when a budget refuses a peer; the metrics package adapts it to
 * Prometheus ({@code vigie_api_refused_total}). Called from event loops: must not block.
 *
 * <pre>{@code
 * new ApiServer(config, windows, queries, evidence, clock, routes, metrics.api());
 * }</pre>
 */
public interface ApiMetrics {
  /**
   * A connection or request was refused by a transport budget; {@code reason} is one of {@link
   * Refusals}.
   */
  default void refused(String reason) {}

  ApiMetrics NONE = new ApiMetrics() {};

  /** The reasons, a small fixed set (metric label values). */
  final class Refusals {
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final String TOO_MANY_CONNECTIONS_PER_SOURCE = "too_many_connections_per_source";
    public static final String HEADER_TIMEOUT = "header_timeout";
    public static final String BODY_TIMEOUT = "body_timeout";
    public static final String PRE_AUTH_BODY_TOO_LARGE = "pre_auth_body_too_large";

    private Refusals() {}
  }
}
