package io.vigie.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.vigie.notify.NotifyMetrics;
import java.util.List;

/**
 * The notifier's counters: deliveries sent, attempts failed and deliveries dropped, by channel
 * ({@code mail}, {@code webhook}). Every series exists at 0 from the start so that {@code
 * increase()} sees the first one; the children are resolved here, once.
 */
final class NotifyCounters implements NotifyMetrics {
  private static final List<String> CHANNELS = List.of("mail", "webhook");
  private static final List<String> REASONS = List.of("queue_full", "failed");

  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;

  NotifyCounters(CollectorRegistry registry) {
    sent =
        Counter.build(
                "vigie_notifications_sent_total",
                "Notifications delivered (mail accepted by the SMTP server, webhook answered 2xx).")
            .labelNames("channel")
            .register(registry);
    failed =
        Counter.build(
                "vigie_notification_failures_total",
                "Delivery attempts that failed; each is retried with backoff or, after the last, dropped.")
            .labelNames("channel")
            .register(registry);
    dropped =
        Counter.build(
                "vigie_notifications_dropped_total",
                "Notifications given up, by reason: queue_full, or failed (every attempt failed).")
            .labelNames("channel", "reason")
            .register(registry);
    for (String c : CHANNELS) {
      sent.labels(c);
      failed.labels(c);
      for (String r : REASONS) {
        dropped.labels(c, r);
      }
    }
  }

  @Override
  public void sent(String channel) {
    sent.labels(known(channel)).inc();
  }

  @Override
  public void failed(String channel) {
    failed.labels(known(channel)).inc();
  }

  @Override
  public void dropped(String channel, String why) {
    dropped.labels(known(channel), REASONS.contains(why) ? why : BoundedLabel.OTHER).inc();
  }

  private static String known(String channel) {
    return CHANNELS.contains(channel) ? channel : BoundedLabel.OTHER;
  }
}
