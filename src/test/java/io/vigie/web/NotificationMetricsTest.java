package io.vigie.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.vigie.config.NotificationsConfig;
import io.vigie.metrics.VigieMetrics;
import io.vigie.notify.AngusMailer;
import io.vigie.notify.Event;
import io.vigie.notify.Notifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier's deliveries are Prometheus metrics on the daemon's kind of registry, against a real
 * SMTP server (aiosmtpd) on loopback that is up, then gone: sent, failed attempts, drops by reason
 * and the queue; and what is still queued at stop is logged, not lost silently.
 */
@Tag("system")
class NotificationMetricsTest {
  private static final Map<String, List<String>> ROLES =
      Map.of("it_security", List.of("secu@ville.example"));

  @TempDir Path dir;

  @BeforeAll
  static void needsSmtpd() {
    Assumptions.assumeTrue(Smtpd.available(), Smtpd.MISSING);
  }

  private static AngusMailer mailer(int port) {
    return AngusMailer.open(
        new NotificationsConfig.Smtp("127.0.0.1", port, true, "vigie@ville.example", null, null));
  }

  private static Event requested(String window) {
    return new Event(
        "window_requested",
        "vigie: acme requests maintenance window " + window,
        List.of("Requested by acme."),
        Set.of("it_security"),
        "http://127.0.0.1/ui/approver",
        window);
  }

  private static double sample(CollectorRegistry r, String name, String... labels) {
    String[] names = labels.length == 0 ? new String[0] : new String[labels.length / 2];
    String[] values = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = labels[2 * i];
      values[i] = labels[2 * i + 1];
    }
    Double v = r.getSampleValue(name, names, values);
    return v == null ? Double.NaN : v;
  }

  /** Waits for what the notify thread does on its own; fails with {@code what} after 30 s. */
  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < until, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void sentFailedDroppedAndQueuedAreMetricsAndWhatIsQueuedAtStopIsLogged() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    VigieMetrics metrics = new VigieMetrics(registry, "test", Clock.systemUTC());
    int port = Smtpd.freePort();
    List<String> warnings = new ArrayList<>();
    Logger log = Logger.getLogger(Notifier.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (warnings) {
              warnings.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    // Capacity 1: a second delivery while a retry waits is dropped as queue_full. The first retry
    // comes after an hour: the failed delivery stays queued until the stop.
    Notifier n =
        new Notifier(
            ROLES,
            mailer(port),
            null,
            1,
            Duration.ofHours(1),
            Duration.ofHours(1),
            () -> {},
            metrics.notifications());
    metrics.watchNotificationQueue(n::queued);
    try {
      // Every series is there at 0 before the first delivery.
      assertEquals(0, sample(registry, "vigie_notifications_sent_total", "channel", "mail"));
      assertEquals(
          0,
          sample(
              registry,
              "vigie_notifications_dropped_total",
              "channel",
              "webhook",
              "reason",
              "failed"));
      assertEquals(0, sample(registry, "vigie_notifications_queued"));
      n.start();
      try (Smtpd smtpd = Smtpd.start(port, dir.resolve("mail"))) {
        n.offer(requested("W-1"));
        assertEquals(1, smtpd.awaitMails(1).size());
        await(
            "the sent counter",
            () -> sample(registry, "vigie_notifications_sent_total", "channel", "mail") == 1);
      }
      // The server is gone: the attempt fails and the delivery waits for its retry.
      n.offer(requested("W-2"));
      await(
          "a failed attempt, queued for retry",
          () ->
              sample(registry, "vigie_notification_failures_total", "channel", "mail") == 1
                  && sample(registry, "vigie_notifications_queued") == 1);
      n.offer(requested("W-3"));
      assertEquals(
          1,
          sample(
              registry,
              "vigie_notifications_dropped_total",
              "channel",
              "mail",
              "reason",
              "queue_full"));
      assertEquals(1, sample(registry, "vigie_notifications_queued"));
      assertEquals(1, sample(registry, "vigie_notifications_sent_total", "channel", "mail"));
      assertEquals(0, sample(registry, "vigie_notification_failures_total", "channel", "webhook"));
    } finally {
      n.close();
      log.removeHandler(capture);
    }
    synchronized (warnings) {
      assertTrue(
          warnings.contains(
              "event=notifications_unsent why=stopping count=1 mail=1"
                  + " kinds=window_requested:1 windows=W-2 in_flight=0"),
          warnings.toString());
    }
  }

  @Test
  void aDeliveryThatFailsEveryAttemptIsDroppedAndCounted() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    VigieMetrics metrics = new VigieMetrics(registry, "test", Clock.systemUTC());
    // Nothing listens on this port: every attempt is refused at once, retried a millisecond later.
    try (Notifier n =
        new Notifier(
                ROLES,
                mailer(Smtpd.freePort()),
                null,
                10,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                () -> {},
                metrics.notifications())
            .start()) {
      n.offer(requested("W-1"));
      await(
          "the drop after the last attempt",
          () ->
              sample(
                      registry,
                      "vigie_notifications_dropped_total",
                      "channel",
                      "mail",
                      "reason",
                      "failed")
                  == 1);
      assertEquals(30, sample(registry, "vigie_notification_failures_total", "channel", "mail"));
      assertEquals(0, sample(registry, "vigie_notifications_sent_total", "channel", "mail"));
      assertEquals(0, n.queued());
    }
  }
}
