package io.vigie.hub;

import io.vigie.budget.RateLimitedLog;
import io.vigie.kafka.Subscriber;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The hub's one consumer thread ({@code vigie-hub-consume}): poll a batch, keep it in the store in
 * one transaction, and only then commit its offsets.
 *
 * <pre>
 * poll ─► parse each (malformed: counted, logged at a bounded rate, skipped)
 *      ─► HubStore.write (one transaction; INSERT OR IGNORE on each record's unique key)
 *      ─► Subscriber.commit
 * </pre>
 *
 * <p>At-least-once delivery plus a store that keeps each key once gives every record exactly once
 * by id: a hub stopped between its store's commit and the offsets' commit, a rebalance that hands
 * the partition to the other hub, a sensor resending its spool — all deliver again, and the store
 * ignores what it holds (counted as duplicates). A batch the store cannot take is retried, never
 * committed unstored.
 */
public final class HubConsumer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.hub");
  private static final Duration POLL = Duration.ofMillis(500);

  private final Subscriber subscriber;
  private final HubStore store;
  private final HubMetrics metrics;
  private final String prefix;
  private final int maxBytes;
  private final RateLimitedLog malformedLog;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile boolean started;

  /**
   * @param prefix the topics' prefix ({@code <prefix>.notices}...)
   * @param maxBytes records larger are skipped (counted)
   */
  public HubConsumer(
      Subscriber subscriber, HubStore store, HubMetrics metrics, String prefix, int maxBytes) {
    this.subscriber = subscriber;
    this.store = store;
    this.metrics = metrics;
    this.prefix = prefix;
    this.maxBytes = maxBytes;
    this.malformedLog =
        new RateLimitedLog(10, Duration.ofMinutes(1), System::nanoTime, m -> LOG.warning(m));
    this.thread = new Thread(this::run, "vigie-hub-consume");
  }

  /** The topics a hub subscribes to. */
  public static List<String> topics(String prefix) {
    List<String> t = new ArrayList<>();
    for (HubRecord.Kind k : HubRecord.Kind.values()) {
      t.add(prefix + "." + k.wireName());
    }
    return t;
  }

  public void start() {
    started = true;
    thread.start();
  }

  /** Whether {@link #start()} was called (the thread then owns and closes the subscriber). */
  public boolean running() {
    return started;
  }

  /** Records newly stored by this consumer since it started. */
  public long stored() {
    return stored.get();
  }

  /** Records delivered again and ignored since it started. */
  public long duplicates() {
    return duplicates.get();
  }

  /** Records skipped as malformed since it started. */
  public long malformed() {
    return malformed.get();
  }

  private void run() {
    long backoff = 200;
    try {
      while (!stopping) {
        try {
          if (!round()) {
            return; // stopping with a batch unstored: not committed, it comes again
          }
          backoff = 200;
        } catch (RuntimeException e) {
          // The consumer failed (authentication, a timeout): records are values, never this. Safe
          // to poll again: a batch is committed only once stored, so nothing unstored is skipped.
          metrics.consumerError();
          LOG.severe(
              "event=hub_consumer_error retry_ms="
                  + backoff
                  + " error=\""
                  + String.valueOf(e.getMessage()).replace('"', '\'')
                  + "\"");
          if (!pause(backoff)) {
            return;
          }
          backoff = Math.min(backoff * 2, 10_000);
        }
      }
    } finally {
      subscriber.close();
    }
  }

  /** One poll, store, commit; false when stopping left a batch unstored. */
  private boolean round() {
    List<Subscriber.Received> batch = subscriber.poll(POLL);
    if (batch.isEmpty()) {
      return true;
    }
    List<HubRecord> keep = parse(batch);
    if (!storeUntilDone(keep)) {
      return false;
    }
    if (!subscriber.commit()) {
      metrics.commitRefused();
      LOG.info("event=hub_commit_refused reason=rebalance records=" + batch.size());
    }
    return true;
  }

  private boolean pause(long millis) {
    if (stopping) {
      return false;
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private List<HubRecord> parse(List<Subscriber.Received> batch) {
    List<HubRecord> keep = new ArrayList<>(batch.size());
    for (Subscriber.Received r : batch) {
      HubRecord.Kind kind = kindOf(r.topic());
      Parsed p =
          kind == null
              ? new Parsed.Malformed(null, "unknown_topic", r.topic())
              : HubRecord.parse(kind, r.value(), maxBytes);
      if (p instanceof HubRecord ok) {
        keep.add(ok);
      } else if (p instanceof Parsed.Malformed m) {
        malformed.incrementAndGet();
        metrics.malformed(r.topic(), m.reason());
        malformedLog.log(
            () ->
                "event=hub_record_skipped topic="
                    + r.topic()
                    + " partition="
                    + r.partition()
                    + " offset="
                    + r.offset()
                    + " reason="
                    + m.reason()
                    + " detail=\""
                    + m.detail().replace('"', '\'')
                    + "\"");
      }
    }
    return keep;
  }

  private HubRecord.Kind kindOf(String topic) {
    for (HubRecord.Kind k : HubRecord.Kind.values()) {
      if (topic.equals(prefix + "." + k.wireName())) {
        return k;
      }
    }
    return null;
  }

  /**
   * Writes the batch, retrying with back-off while the store fails; false when stopping first.
   *
   * <p>A store that refuses (a full disk, a read-only file system) fails every batch until someone
   * acts, so the outage is logged once when it starts and once when it ends, and each refused
   * attempt is counted ({@code vigie_hub_store_failures_total}); the batch stays in hand and its
   * offsets uncommitted, so a hub stopped meanwhile gets it again at its next start.
   */
  private boolean storeUntilDone(List<HubRecord> keep) {
    long backoff = 200;
    long failures = 0;
    long firstFailure = 0;
    while (true) {
      try {
        HubStore.Outcome o = store.write(keep);
        for (Map.Entry<HubRecord.Kind, Integer> e : o.stored().entrySet()) {
          metrics.stored(e.getKey(), e.getValue());
          stored.addAndGet(e.getValue());
        }
        for (Map.Entry<HubRecord.Kind, Integer> e : o.dupes().entrySet()) {
          metrics.duplicate(e.getKey(), e.getValue());
          duplicates.addAndGet(e.getValue());
        }
        metrics.batch();
        if (failures > 0) {
          metrics.storeFailing(false);
          LOG.info(
              "event=hub_store_recovered records="
                  + keep.size()
                  + " failed_attempts="
                  + failures
                  + " down_ms="
                  + (System.nanoTime() - firstFailure) / 1_000_000);
        }
        return true;
      } catch (SQLException | RuntimeException e) {
        metrics.storeFailure();
        if (failures++ == 0) {
          firstFailure = System.nanoTime();
          metrics.storeFailing(true);
          LOG.severe(
              "event=hub_store_failed records="
                  + keep.size()
                  + " action=retrying_until_stored offsets=not_committed error=\""
                  + String.valueOf(e.getMessage()).replace('"', '\'')
                  + "\"");
        }
      }
      if (!pause(backoff)) {
        return false;
      }
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  /** Stops polling, waits for the batch in hand to be stored and committed, closes the consumer. */
  @Override
  public void close() {
    stopping = true;
    subscriber.wakeup();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
