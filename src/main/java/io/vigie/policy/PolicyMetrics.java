package io.vigie.policy;

/**
 * What policy counts, for a Prometheus adapter in {@code metrics} (the domain declares, the adapter
 * implements). Gauges such as suppressed notices ({@link io.vigie.notice.NoticeFilter#suppressed})
 * or clock jumps ({@link JournaledWindowService#clockBackwardJumps}) are read at scrape time from
 * their owners instead.
 *
 * <pre>{@code
 * PolicyMetrics m = verdict -> verdictCounter.labels(verdict).inc();
 * }</pre>
 */
@FunctionalInterface
public interface PolicyMetrics {
  /** A session was judged; {@code verdict} is {@code authorised}, a violation reason, or null. */
  void onVerdict(String verdict);

  PolicyMetrics NONE = v -> {};
}
