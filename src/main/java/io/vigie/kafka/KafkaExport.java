package io.vigie.kafka;

import io.vigie.config.OutputsConfig;
import io.vigie.output.ExportSink;
import io.vigie.output.Exported;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code outputs.kafka}: records to {@code <prefix>.sessions}, {@code .notices}, {@code .cameras},
 * {@code .checkpoints}, keyed by Community ID, notice id, subject, {@code site/checkpoint id}.
 *
 * <pre>
 * capture threads ─► export(): queue only (sessions bounded, dropped and counted when full;
 *                              notices and checkpoints unbounded: never dropped, and rare)
 *   vigie-kafka-spool ─► Spool (on disk, fsync per batch, spool_max_bytes: oldest sessions go):
 *                        every notice, checkpoint and camera record; sessions only while the
 *                        cluster is unreachable, when it failed them, and at stop
 *   vigie-kafka-send  ─► the spool first, a batch at a time, each acknowledged before the next
 *                        (Spool.commit); then, while the cluster answers, the queued sessions
 *                        straight from memory, acknowledged asynchronously; a session the
 *                        cluster fails goes to the spool and is sent again (at-least-once)
 * </pre>
 *
 * <p>Why two paths: the durable one (write, fsync, read back, parse) cost a replay 40 % of its
 * throughput when every session took it (docs/PERFORMANCE.md). A notice or a checkpoint is rare and
 * must survive a crash, so it is on disk before it is sent; a session is the bulk, expendable by
 * the issue's own rule (over the spool's budget the oldest go first), and is in the evidence store
 * when it matters: it waits in memory for its acknowledgement for milliseconds, and reaches the
 * disk only when the cluster does not take it, or when vigie stops. What a crash (not a stop) can
 * lose is the sessions in memory at that moment, never a notice or a checkpoint.
 *
 * <p>The producer is idempotent, so the broker does not write a retried batch twice, but a record
 * resent after a timeout may be: consumers dedupe by key (a notice's id, a checkpoint's id).
 */
public final class KafkaExport implements ExportSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.kafka");
  private static final int SESSION_QUEUE = 65_536;
  private static final int BATCH = 2_000;

  /**
   * Sessions handed to the producer and not yet acknowledged, at most: beyond, the sender waits.
   * Bounds what a crash can lose and what the producer holds while a broker hangs.
   */
  private static final int IN_FLIGHT = 16_384;

  private final OutputsConfig.KafkaOutput cfg;
  private final Publisher publisher;
  private final Spool spool;
  private final BlockingQueue<Exported> sessions = new ArrayBlockingQueue<>(SESSION_QUEUE);
  private final ConcurrentLinkedQueue<Exported> priority = new ConcurrentLinkedQueue<>();
  // Sessions sent from memory that the cluster did not acknowledge: the spooler writes them.
  private final ConcurrentLinkedQueue<Exported> failedSessions = new ConcurrentLinkedQueue<>();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final AtomicLong queueDropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLongArray sentByStream = new AtomicLongArray(Exported.Stream.values().length);
  private final AtomicLong failures = new AtomicLong();
  // Records handed to export() and neither in the spool nor acknowledged (queued, in the
  // spooler's hands, or sent from memory and waiting for the cluster): with the spool's count,
  // what drain() waits for.
  private final AtomicLong unspooled = new AtomicLong();
  // Notices and checkpoints the disk refused, kept in memory by the spooler until it takes them.
  private final AtomicLong heldInMemory = new AtomicLong();
  private final Thread spooler;
  private final Thread sender;
  private final Object wake = new Object();
  // The sender stops first (no new send), then the producer closes (what it still holds is failed
  // back to us), then the spooler writes everything left in memory and stops.
  private volatile boolean stopNow;
  private volatile boolean spoolerStopping;
  private volatile boolean reachable = true;

  /**
   * Opens the spool (resending what a previous run left in it) and starts the two threads.
   *
   * @throws IOException when the spool directory cannot be used
   */
  public KafkaExport(OutputsConfig.KafkaOutput cfg, Path spoolDir, Publisher publisher)
      throws IOException {
    this.cfg = cfg;
    this.publisher = publisher;
    this.spool = new Spool(spoolDir, cfg.spoolMaxBytes());
    this.spooler = new Thread(this::spoolLoop, "vigie-kafka-spool");
    this.sender = new Thread(this::sendLoop, "vigie-kafka-send");
    spooler.start();
    sender.start();
    long left = spool.records();
    if (left > 0) {
      LOG.info(() -> "event=kafka_spool_resumed records=" + left + " dir=" + spoolDir);
    }
  }

  @Override
  public void export(Exported r) {
    if (r.stream() == Exported.Stream.WINDOWS) {
      // <prefix>.windows belongs to the hub (its compacted decisions, which sensors consume): a
      // sensor's own window events go to windows.json and its evidence, not onto that topic.
      return;
    }
    unspooled.incrementAndGet();
    if (r.stream().expendable()) {
      if (!sessions.offer(r)) {
        unspooled.decrementAndGet();
        queueDropped.incrementAndGet();
      }
    } else {
      priority.add(r);
    }
  }

  /** Records acknowledged by the cluster. */
  public long sent() {
    return sent.get();
  }

  /** Sessions dropped: the queue was full, the spool over its budget, or its disk refused them. */
  public long dropped() {
    return queueDropped.get() + spool.dropped() + spool.droppedUnwritable();
  }

  /**
   * Records not yet acknowledged: queued, in the spooler's hands, or in the spool. Counted from the
   * moment export() took them, so that a record between the queue and the spool is never missed.
   */
  public long pending() {
    return unspooled.get() + spool.records();
  }

  /** The spool and the sender at this moment, for metrics. */
  public SpoolStats stats() {
    Map<String, Long> byTopic = new LinkedHashMap<>();
    for (Exported.Stream st : Exported.Stream.values()) {
      if (st != Exported.Stream.WINDOWS) {
        byTopic.put(cfg.topic(st.wireName()), sentByStream.get(st.ordinal()));
      }
    }
    return new SpoolStats(
        spool.records(),
        spool.bytes(),
        cfg.spoolMaxBytes(),
        unspooled.get(),
        heldInMemory.get(),
        byTopic,
        queueDropped.get(),
        spool.dropped(),
        spool.droppedUnwritable(),
        spool.writeFailures(),
        failures.get(),
        reachable);
  }

  /** Whether the last attempt to send reached the cluster. */
  public boolean reachable() {
    return reachable;
  }

  private void spoolLoop() {
    List<Exported> batch = new ArrayList<>();
    String lastRefusal = null;
    while (true) {
      try {
        // Read before draining: a stop seen here means the sender and the producer are done, so
        // what the queues hold now is all there will be.
        boolean last = spoolerStopping;
        Exported p;
        while ((p = priority.poll()) != null) {
          batch.add(p);
        }
        while ((p = failedSessions.poll()) != null) {
          batch.add(p);
        }
        if (!reachable || last) {
          sessions.drainTo(batch, BATCH);
        }
        if (!batch.isEmpty()) {
          int handed = batch.size();
          // Sessions the disk refused are dropped and counted by the spool; the notices and
          // checkpoints it refused come back, stay in memory and go first next time.
          List<Exported> refused = spool.append(batch);
          batch.clear();
          batch.addAll(refused);
          unspooled.addAndGet(-(handed - refused.size()));
          heldInMemory.set(refused.size());
          synchronized (wake) {
            wake.notifyAll();
          }
          if (!refused.isEmpty()) {
            String why = spool.lastError();
            if (lastRefusal == null) {
              LOG.severe(
                  () ->
                      "event=kafka_spool_write_failed held_in_memory="
                          + refused.size()
                          + " error=\""
                          + String.valueOf(why).replace('"', '\'')
                          + "\"");
            }
            lastRefusal = why;
            if (last) {
              LOG.severe(
                  () ->
                      "event=kafka_spool_lost_at_stop records="
                          + refused.size()
                          + " (the disk refused them; they are in the evidence store)");
              return;
            }
            sleep(1000);
          } else if (lastRefusal != null) {
            lastRefusal = null;
            LOG.info("event=kafka_spool_writable");
          }
        } else if (last && sessions.isEmpty()) {
          return;
        } else {
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Kept and tried again: a scheduled task never dies silently.
        LOG.log(Level.SEVERE, "event=kafka_spool_failed error=\"" + e.getMessage() + "\"");
        sleep(1000);
      }
    }
  }

  private void sendLoop() {
    long backoff = 250;
    List<Exported> fromMemory = new ArrayList<>(BATCH);
    while (!stopNow) {
      boolean worked = false;
      if (spool.records() > 0) {
        Spool.Batch b;
        try {
          b = spool.peek(BATCH);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.SEVERE, "event=kafka_spool_read_failed error=\"" + e.getMessage() + "\"");
          sleep(1000);
          continue;
        }
        if (!b.records().isEmpty()) {
          if (!send(b)) {
            failures.incrementAndGet();
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
            continue;
          }
          try {
            spool.commit(b);
          } catch (IOException e) {
            LOG.log(
                Level.SEVERE, "event=kafka_spool_commit_failed error=\"" + e.getMessage() + "\"");
          }
          sent.addAndGet(b.records().size());
          for (Exported r : b.records()) {
            sentByStream.incrementAndGet(r.stream().ordinal());
          }
          reached();
          backoff = 250;
          worked = true;
        }
      }
      if (reachable) {
        try {
          if (!worked) {
            // Idle: the sessions' queue is what wakes the sender (the spooler, for the spool).
            Exported first = sessions.poll(20, TimeUnit.MILLISECONDS);
            if (first != null) {
              fromMemory.add(first);
            }
          }
          sessions.drainTo(fromMemory, BATCH - fromMemory.size());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (!fromMemory.isEmpty()) {
          sendFromMemory(fromMemory);
          fromMemory.clear();
        }
      } else if (!worked) {
        synchronized (wake) {
          try {
            wake.wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /**
   * Hands queued sessions to the producer without waiting: each acknowledgement counts it sent; a
   * failure sends it to the spool, and the sessions after it too, until the cluster answers again.
   */
  private void sendFromMemory(List<Exported> batch) {
    for (Exported r : batch) {
      if (!reachable || stopNow || !takeSlot()) {
        failedSessions.add(r);
        continue;
      }
      try {
        publisher.send(
            cfg.topic(r.stream().wireName()),
            r.key(),
            r.json(),
            e -> {
              inFlight.release();
              if (e == null) {
                unspooled.decrementAndGet();
                sent.incrementAndGet();
                sentByStream.incrementAndGet(r.stream().ordinal());
              } else {
                failedSessions.add(r);
                if (unreachable(e)) {
                  failures.incrementAndGet(); // once per outage, as a failed batch of the spool
                }
              }
            });
      } catch (RuntimeException e) {
        // send() gave up waiting for the cluster's metadata (max.block.ms).
        inFlight.release();
        failedSessions.add(r);
        if (unreachable(e)) {
          failures.incrementAndGet();
        }
      }
    }
  }

  /** Waits for room among the sessions in flight; false when vigie stops meanwhile. */
  private boolean takeSlot() {
    try {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (stopNow) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the failure last logged was a refusal. */
  private boolean lastRefused;

  /** Sends a batch of the spool and waits for every acknowledgement; false when any failed. */
  private boolean send(Spool.Batch b) {
    CountDownLatch done = new CountDownLatch(b.records().size());
    AtomicReference<Exception> error = new AtomicReference<>();
    try {
      for (Exported r : b.records()) {
        publisher.send(
            cfg.topic(r.stream().wireName()),
            r.key(),
            r.json(),
            e -> {
              if (e != null) {
                error.compareAndSet(null, e);
              }
              done.countDown();
            });
        if (error.get() != null) {
          break;
        }
      }
      publisher.flush();
    } catch (RuntimeException e) {
      // send() gave up waiting for the cluster's metadata (max.block.ms), or the producer failed.
      error.compareAndSet(null, e);
    }
    if (error.get() == null) {
      try {
        if (!done.await(30, TimeUnit.SECONDS)) {
          error.compareAndSet(null, new IOException("no acknowledgement within 30 s"));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    Exception e = error.get();
    if (e != null) {
      unreachable(e);
      return false;
    }
    return true;
  }

  private synchronized void reached() {
    if (!reachable) {
      reachable = true;
      LOG.info(() -> "event=kafka_reachable spool_records=" + spool.records());
    }
  }

  /**
   * The cluster failed a record. Logged once per outage and kind, not per retry. A refusal (a
   * password, a certificate) is an error an operator must fix; an unreachable cluster is a warning
   * that usually mends itself. The first send to a cluster that refuses us often times out before
   * the refusal is known: the refusal is still said when it comes. Called by the sender and by the
   * producer's thread (a session's acknowledgement).
   *
   * @return whether the cluster was taken for reachable until this failure
   */
  private synchronized boolean unreachable(Exception e) {
    boolean was = reachable;
    boolean refused = e instanceof Publisher.Refused;
    if (reachable || refused != lastRefused) {
      reachable = false;
      lastRefused = refused;
      LOG.log(
          refused ? Level.SEVERE : Level.WARNING,
          () ->
              (refused ? "event=kafka_auth_failed" : "event=kafka_unreachable")
                  + " output=outputs.kafka servers="
                  + String.join(",", cfg.bootstrapServers())
                  + " spool_records="
                  + spool.records()
                  + " error=\""
                  + String.valueOf(e.getMessage()).replace('"', '\'')
                  + "\"");
    }
    return was;
  }

  /**
   * Waits until every record handed over so far is acknowledged, at most {@code timeout}, calling
   * {@code progress} about every second with the records still waiting.
   *
   * @return records still in the spool (0: all sent)
   */
  public long drain(Duration timeout, LongConsumer progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastProgress = System.nanoTime();
    while (pending() > 0 && System.nanoTime() < deadline) {
      sleep(10);
      if (System.nanoTime() - lastProgress >= 1_000_000_000L) {
        lastProgress = System.nanoTime();
        progress.accept(pending());
      }
    }
    return pending();
  }

  /**
   * Stops sending, closes the producer (what it did not get acknowledged comes back), and writes
   * everything still in memory to the spool, which keeps it for the next run.
   */
  @Override
  public void close() {
    stopNow = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    join(sender);
    publisher.close();
    spoolerStopping = true;
    join(spooler);
    try {
      spool.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
