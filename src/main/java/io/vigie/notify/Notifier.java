package io.vigie.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers {@link Event}s by mail and webhook on its own thread ({@code vigie-notify}), so that a
 * mail server that is down delays the mail and never the decision that caused it. {@link #offer}
 * only queues: the queue is bounded ({@code capacity} deliveries waiting, a full queue drops and
 * counts); a failed delivery is retried with exponential backoff ({@code firstRetry}, doubled up to
 * {@code maxRetry}) until it has failed {@link #MAX_ATTEMPTS} times, then dropped and counted. Mail
 * and webhook are separate deliveries: one failing never resends the other.
 *
 * <p>Between deliveries the thread calls {@code tick} about once a second (the window watch, which
 * turns the clock's passing into "window started / ended" events).
 *
 * <p>The queue lives in memory: what is still in it at {@link #close} is not sent, and is logged
 * ({@code event=notifications_unsent}, with the count by channel and kind) so that an operator
 * knows whom to tell by hand. It is not written to disk: a restart would resend events whose moment
 * has passed ("window is open" after it closed), and windows open at start-up count as announced.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
  static final int MAX_ATTEMPTS = 30;

  private final Map<String, List<String>> addresses;
  private final Mailer mailer;
  private final Webhook webhook;
  private final int capacity;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final Runnable tick;
  private final NotifyMetrics metrics;
  private final DelayQueue<Delivery> queue = new DelayQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param addresses each role's mail addresses
   * @param mailer the mail sender, or null for no mail
   * @param webhook the chat webhook, or null
   * @param tick called on the notify thread about once a second
   * @param metrics told of each delivery sent, failed attempt and drop
   */
  public Notifier(
      Map<String, List<String>> addresses,
      Mailer mailer,
      Webhook webhook,
      int capacity,
      Duration firstRetry,
      Duration maxRetry,
      Runnable tick,
      NotifyMetrics metrics) {
    this.addresses = Map.copyOf(addresses);
    this.mailer = mailer;
    this.webhook = webhook;
    this.capacity = capacity;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    this.tick = tick;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "vigie-notify");
    this.thread.setDaemon(true);
  }

  /** Starts the notify thread. */
  public Notifier start() {
    thread.start();
    return this;
  }

  /** The roles' addresses, sorted and without repeats. */
  List<String> recipients(Set<String> roles) {
    Set<String> out = new TreeSet<>();
    roles.forEach(r -> out.addAll(addresses.getOrDefault(r, List.of())));
    return new ArrayList<>(out);
  }

  /** Queues {@code e} for its mail and webhook; never blocks, never throws. */
  public void offer(Event e) {
    List<String> to = recipients(e.roles());
    if (mailer != null && !to.isEmpty()) {
      enqueue(new Delivery(e, to, 0, System.nanoTime()));
    }
    if (webhook != null) {
      enqueue(new Delivery(e, null, 0, System.nanoTime()));
    }
  }

  private void enqueue(Delivery d) {
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      metrics.dropped(d.channel(), "queue_full");
      LOG.warning(
          () ->
              "event=notification_dropped why=queue_full kind="
                  + d.event.kind()
                  + " channel="
                  + d.channel());
      return;
    }
    queue.add(d);
  }

  private void run() {
    long lastTick = 0;
    while (running) {
      try {
        Delivery d = queue.poll(1, TimeUnit.SECONDS);
        if (d != null) {
          waiting.decrementAndGet();
          deliver(d);
        }
        long now = System.nanoTime();
        if (now - lastTick >= 1_000_000_000L) {
          lastTick = now;
          tick.run();
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException ex) {
        // The notify thread outlives a bug in one event: the next ones still go out.
        LOG.log(Level.WARNING, "event=notification_error", ex);
      }
    }
  }

  private void deliver(Delivery d) {
    try {
      if (d.to != null) {
        mailer.send(d.to, d.event.subject(), d.event.body());
      } else {
        webhook.post(d.event);
      }
      sent.incrementAndGet();
      metrics.sent(d.channel());
      LOG.info(
          () ->
              "event=notification_sent kind="
                  + d.event.kind()
                  + " channel="
                  + d.channel()
                  + " recipients="
                  + (d.to == null ? 0 : d.to.size())
                  + " attempts="
                  + (d.attempts + 1));
    } catch (IOException ex) {
      int attempts = d.attempts + 1;
      metrics.failed(d.channel());
      if (attempts >= MAX_ATTEMPTS) {
        dropped.incrementAndGet();
        metrics.dropped(d.channel(), "failed");
        LOG.warning(
            () ->
                "event=notification_dropped why=failed kind="
                    + d.event.kind()
                    + " channel="
                    + d.channel()
                    + " attempts="
                    + attempts);
        return;
      }
      long delay = Math.min(maxRetry.toNanos(), firstRetry.toNanos() << Math.min(attempts - 1, 20));
      retried.incrementAndGet();
      LOG.warning(
          () ->
              "event=notification_retry kind="
                  + d.event.kind()
                  + " channel="
                  + d.channel()
                  + " attempts="
                  + attempts
                  + " retry_in_ms="
                  + delay / 1_000_000
                  + " error=\""
                  + String.valueOf(ex.getMessage()).replace('"', '\'').replace('\n', ' ')
                  + "\"");
      // A retry re-enters the bounded queue: it may be dropped if the queue filled meanwhile.
      enqueue(new Delivery(d.event, d.to, attempts, System.nanoTime() + delay));
    }
  }

  /** Deliveries that succeeded. */
  public long sent() {
    return sent.get();
  }

  /** Failed attempts that were scheduled again. */
  public long retried() {
    return retried.get();
  }

  /** Deliveries given up: queue full or too many failures. */
  public long dropped() {
    return dropped.get();
  }

  /** Deliveries waiting (first attempt or retry). */
  public int queued() {
    return waiting.get();
  }

  /**
   * Stops the notify thread and logs what it leaves unsent: the deliveries still queued (first
   * attempts and retries waiting for their time), and the one being sent if the thread did not stop
   * within 5 s (a mail server that hangs until its timeout).
   */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    logUnsent(List.copyOf(queue), thread.isAlive());
  }

  private static void logUnsent(List<Delivery> left, boolean inFlight) {
    if (left.isEmpty() && !inFlight) {
      return;
    }
    Map<String, Integer> byChannel = new TreeMap<>();
    Map<String, Integer> byKind = new TreeMap<>();
    for (Delivery d : left) {
      byChannel.merge(d.channel(), 1, Integer::sum);
      byKind.merge(d.event.kind(), 1, Integer::sum);
    }
    StringBuilder line =
        new StringBuilder("event=notifications_unsent why=stopping count=").append(left.size());
    byChannel.forEach((c, n) -> line.append(' ').append(c).append('=').append(n));
    line.append(" kinds=");
    StringJoiner kinds = new StringJoiner(",");
    byKind.forEach((k, n) -> kinds.add(k + ":" + n));
    line.append(kinds.length() == 0 ? "-" : kinds.toString());
    // Windows concerned, so that whoever reads the log knows whom to tell by hand.
    Set<String> windows = new TreeSet<>();
    left.forEach(
        d -> {
          if (d.event.window() != null) {
            windows.add(d.event.window());
          }
        });
    line.append(" windows=").append(windows.isEmpty() ? "-" : String.join(",", windows));
    line.append(" in_flight=").append(inFlight ? 1 : 0);
    LOG.warning(line::toString);
  }

  /** One event to one channel: mail (with its recipients) or the webhook ({@code to} null). */
  private static final class Delivery implements Delayed {
    final Event event;
    final List<String> to;
    final int attempts;
    final long dueNanos;

    Delivery(Event event, List<String> to, int attempts, long dueNanos) {
      this.event = event;
      this.to = to;
      this.attempts = attempts;
      this.dueNanos = dueNanos;
    }

    String channel() {
      return to == null ? "webhook" : "mail";
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(dueNanos, ((Delivery) o).dueNanos);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
