package io.vigie.windowfeed;

import io.vigie.evidence.SigningKey;
import io.vigie.kafka.Publisher;
import io.vigie.policy.Actor;
import io.vigie.policy.PolicyException;
import io.vigie.policy.Window;
import io.vigie.policy.WindowRequest;
import io.vigie.policy.WindowService;
import io.vigie.policy.WindowSet;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's window service: every step goes to the journalled service it wraps (the truth), then
 * the resulting window is published, signed, on the compacted {@code <prefix>.windows} topic that
 * every sensor reads. Publication runs on its own thread ({@code vigie-hub-windows-publish}): a
 * step never waits for Kafka nor fails because Kafka is away. All windows are published again at
 * start and whenever a send failed (once Kafka answers again), and a signed heartbeat goes out
 * every {@code heartbeatEvery}: sensors close the hub's windows when they stop hearing it.
 *
 * <pre>{@code
 * SigningKey hubKey = SigningKey.loadOrCreate(dir.resolve("hub.key"), dir.resolve("hub.pub"));
 * Properties kafka = KafkaClientPublisher.connection(servers, tls, sasl, configDir);
 * PublishingWindowService served = new PublishingWindowService(journalled,
 *     new KafkaClientPublisher(kafka, "vigie-hub-windows"), new KafkaTopicAdmin(kafka),
 *     "vigie.windows", "hub-nice", hubKey, clock, Duration.ofSeconds(10));
 * served.start();
 * ...
 * served.close();   // stops the thread, closes the publisher and the admin client
 * }</pre>
 */
public final class PublishingWindowService implements WindowService, AutoCloseable {
  private static final System.Logger LOG =
      System.getLogger(PublishingWindowService.class.getName());

  private final WindowService delegate;
  private final Publisher publisher;
  private final TopicAdmin admin;
  private final String topic;
  private final String hub;
  private final SigningKey key;
  private final Clock clock;
  private final long heartbeatNanos;
  private final Object lock = new Object();
  private final Set<String> dirty = new LinkedHashSet<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private boolean resync = true;
  private boolean topicReady;
  private boolean failing;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param delegate the journalled service (the hub's truth)
   * @param publisher where records go; closed by {@link #close}
   * @param admin creates the compacted topic if missing; closed by {@link #close}
   * @param topic {@code <prefix>.windows}
   * @param hub the hub's name, in every record
   * @param key the hub's Ed25519 key: sensors are configured with its public half
   * @param heartbeatEvery how often a heartbeat is sent (well under the sensors' grace)
   */
  public PublishingWindowService(
      WindowService delegate,
      Publisher publisher,
      TopicAdmin admin,
      String topic,
      String hub,
      SigningKey key,
      Clock clock,
      Duration heartbeatEvery) {
    if (heartbeatEvery.isNegative() || heartbeatEvery.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    this.delegate = delegate;
    this.publisher = publisher;
    this.admin = admin;
    this.topic = topic;
    this.hub = hub;
    this.key = key;
    this.clock = clock;
    this.heartbeatNanos = heartbeatEvery.toNanos();
  }

  /** Starts the publishing thread: the topic, then every window, then heartbeats. */
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "vigie-hub-windows-publish");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Window request(WindowRequest request, Actor requester) throws PolicyException {
    return publish(delegate.request(request, requester));
  }

  @Override
  public Window approve(String id, Actor approver, String reason) throws PolicyException {
    return publish(delegate.approve(id, approver, reason));
  }

  @Override
  public Window reject(String id, Actor approver, String reason) throws PolicyException {
    return publish(delegate.reject(id, approver, reason));
  }

  @Override
  public Window revoke(String id, Actor actor, String reason) throws PolicyException {
    return publish(delegate.revoke(id, actor, reason));
  }

  @Override
  public List<Window> list() {
    return delegate.list();
  }

  @Override
  public Optional<Window> get(String id) {
    return delegate.get(id);
  }

  @Override
  public WindowSet snapshot() {
    return delegate.snapshot();
  }

  @Override
  public List<Waiting> waitingFor(Window w) {
    return delegate.waitingFor(w);
  }

  @Override
  public boolean approvedBy(Window w, String who) {
    return delegate.approvedBy(w, who);
  }

  private Window publish(Window w) {
    synchronized (lock) {
      dirty.add(w.id());
      lock.notifyAll();
    }
    return w;
  }

  /** Windows records acknowledged by Kafka so far. */
  public long published() {
    return published.get();
  }

  /** Sends that failed (each makes the next round publish every window again). */
  public long failedSends() {
    return failedSends.get();
  }

  /** Heartbeats acknowledged. */
  public long heartbeats() {
    return heartbeats.get();
  }

  private void loop() {
    long nextBeat = System.nanoTime();
    while (running) {
      try {
        if (!topicReady) {
          admin.ensureCompacted(topic);
          topicReady = true;
        }
        List<String> ids;
        synchronized (lock) {
          if (resync) {
            dirty.clear();
            ids = new ArrayList<>();
            delegate.list().forEach(w -> ids.add(w.id()));
            resync = false;
          } else {
            ids = new ArrayList<>(dirty);
            dirty.clear();
          }
        }
        boolean beat = System.nanoTime() - nextBeat >= 0;
        if (beat) {
          nextBeat = System.nanoTime() + heartbeatNanos;
        }
        boolean sending = !ids.isEmpty() || beat;
        if (sending && !round(ids, beat)) {
          synchronized (lock) {
            resync = true;
          }
          if (!failing) {
            LOG.log(
                System.Logger.Level.WARNING,
                "hub windows: cannot publish on {0}; steps go on, every window is published"
                    + " again when Kafka answers",
                topic);
          }
          failing = true;
        } else if (failing && sending) {
          failing = false;
          LOG.log(
              System.Logger.Level.INFO,
              "hub windows: Kafka answers again; {0} window(s) published again",
              ids.size());
        }
      } catch (IOException | RuntimeException e) {
        // The topic could not be created or checked: say it once, retry at the next beat.
        if (!failing) {
          LOG.log(System.Logger.Level.WARNING, "hub windows: " + e.getMessage() + " (retrying)");
        }
        failing = true;
        nextBeat = System.nanoTime() + heartbeatNanos;
        synchronized (lock) {
          resync = true;
        }
      }
      synchronized (lock) {
        // Wake for a step (unless Kafka is away: the resync covers it) or the next beat.
        while (running) {
          long wait = nextBeat - System.nanoTime();
          if (wait <= 0 || (!failing && (!dirty.isEmpty() || resync))) {
            break;
          }
          try {
            lock.wait(Math.max(1, wait / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * Sends the windows, then the heartbeat (so a sensor hears the hub only after what the hub knew
   * before it), and waits for the acknowledgements; false when any failed. The first send is
   * flushed on its own: while Kafka is away a round stops there instead of blocking once per
   * window.
   */
  private boolean round(List<String> ids, boolean beat) {
    AtomicBoolean failed = new AtomicBoolean();
    boolean first = true;
    for (String id : ids) {
      Optional<Window> w = delegate.get(id);
      if (w.isEmpty()) {
        continue;
      }
      send(id, WindowRecords.window(w.get(), hub, clock.instant(), key), failed, published);
      if (first) {
        publisher.flush();
        if (failed.get()) {
          return false;
        }
        first = false;
      }
    }
    if (beat) {
      send(
          WindowRecords.HEARTBEAT_KEY,
          WindowRecords.heartbeat(hub, clock.instant(), key),
          failed,
          heartbeats);
    }
    publisher.flush();
    return !failed.get();
  }

  private void send(String k, byte[] value, AtomicBoolean failed, AtomicLong acked) {
    try {
      publisher.send(
          topic,
          k,
          value,
          error -> {
            if (error == null) {
              acked.incrementAndGet();
            } else {
              failed.set(true);
              failedSends.incrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      failed.set(true);
      failedSends.incrementAndGet();
    }
  }

  /** Stops the thread; closes the publisher and the admin client. */
  @Override
  public synchronized void close() {
    running = false;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publisher.close();
    admin.close();
  }
}
