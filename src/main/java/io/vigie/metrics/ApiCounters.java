package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.vigie.api.ApiMetrics;

/**
 * The HTTP transport's refusals, by budget ({@code too_many_connections}, {@code
 * header_timeout}...): a small fixed set of reasons, never an address.
 */
final class ApiCounters implements ApiMetrics {
  private static final int MAX_REASONS = 16;

  private final Counter refused;
  private final BoundedLabel<String> reasons;

  ApiCounters(CollectorRegistry registry) {
    refused =
        Counter.build(
                "vigie_api_refused_total",
                "Connections or requests the API/web server refused by a transport budget, by reason.")
            .labelNames("reason")
            .register(registry);
    reasons = new BoundedLabel<>(MAX_REASONS, r -> r, java.util.List.of());
  }

  @Override
  public void refused(String reason) {
    refused.labels(reasons.get(reason == null ? BoundedLabel.OTHER : reason)).inc();
  }
}
