package io.vigie.notify;

import io.vigie.config.NotificationsConfig;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.WindowService;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * The notifications of {@code api.notifications}, wired: the window service to hand the API, the
 * notice sink for critical notices, and the {@link Notifier} thread behind them. Close it after the
 * API.
 *
 * <pre>{@code
 * Notifications n = Notifications.start(c, AngusMailer.open(c.smtp()), new JsonWebhook(url),
 *     windows, clock, zone, Duration.ofSeconds(5), Duration.ofMinutes(5));
 * new ApiServer(api, n.windows(), ...);   outputs.add(n.notices());
 * }</pre>
 */
public final class Notifications implements AutoCloseable {
  /** Deliveries waiting at most: beyond, new ones are dropped and counted. */
  public static final int QUEUE_CAPACITY = 1000;

  private final NotifyingWindowService windows;
  private final CriticalNotices notices;
  private final Notifier notifier;

  private Notifications(
      NotifyingWindowService windows, CriticalNotices notices, Notifier notifier) {
    this.windows = windows;
    this.notices = notices;
    this.notifier = notifier;
  }

  /**
   * With these senders ({@link AngusMailer} and {@link JsonWebhook} in the daemon, null for none)
   * and retry delays (the daemon's 5 s doubling to 5 min; tests shorten them), counting nowhere.
   */
  public static Notifications start(
      NotificationsConfig c,
      Mailer mailer,
      Webhook webhook,
      WindowService windows,
      Clock clock,
      ZoneId zone,
      Duration firstRetry,
      Duration maxRetry) {
    return start(
        c, mailer, webhook, windows, clock, zone, firstRetry, maxRetry, NotifyMetrics.NONE);
  }

  /** As above, telling {@code metrics} of each delivery sent, failed attempt and drop. */
  public static Notifications start(
      NotificationsConfig c,
      Mailer mailer,
      Webhook webhook,
      WindowService windows,
      Clock clock,
      ZoneId zone,
      Duration firstRetry,
      Duration maxRetry,
      NotifyMetrics metrics) {
    Set<String> everyone = c.roles().keySet();
    NotifyingWindowService[] w = new NotifyingWindowService[1];
    Notifier n =
        new Notifier(
            c.roles(),
            mailer,
            webhook,
            QUEUE_CAPACITY,
            firstRetry,
            maxRetry,
            () -> w[0].tick(),
            metrics);
    w[0] = new NotifyingWindowService(windows, n::offer, clock, zone, everyone, c.publicUrl());
    n.start();
    return new Notifications(w[0], new CriticalNotices(n::offer, everyone, c.publicUrl()), n);
  }

  /** The window service that notifies: give this one to the API and the web page. */
  public WindowService windows() {
    return windows;
  }

  /** Critical notices to every role. */
  public NoticeSink notices() {
    return notices;
  }

  /** The counters. */
  public Notifier notifier() {
    return notifier;
  }

  @Override
  public void close() {
    notifier.close();
  }
}
