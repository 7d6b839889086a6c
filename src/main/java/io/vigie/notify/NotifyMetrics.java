package io.vigie.notify;

/**
 * What the notifier counts; the metrics package adapts it to Prometheus ({@code
 * vigie_notifications_*}). Called from the API's threads and from {@code vigie-notify}:
 * implementations must not block. {@code channel} is {@code mail} or {@code webhook}.
 *
 * <pre>{@code
 * Notifications n = Notifications.start(c, mailer, webhook, windows, clock, zone,
 *     Duration.ofSeconds(5), Duration.ofMinutes(5), metrics.notifications());
 * metrics.watchNotificationQueue(() -> n.notifier().queued());
 * }</pre>
 */
public interface NotifyMetrics {
  /** A delivery succeeded. */
  default void sent(String channel) {}

  /**
   * An attempt failed (the mail server refused or could not be reached); it is retried or dropped.
   */
  default void failed(String channel) {}

  /**
   * A delivery was given up: {@code why} is {@code queue_full} or {@code failed} (every attempt).
   */
  default void dropped(String channel, String why) {}

  NotifyMetrics NONE = new NotifyMetrics() {};
}
