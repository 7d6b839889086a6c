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
 *   vigie-kafka-spool ─► Spool (on disk, fsync per batch, spool_max_bytes: oldest sessions go)
 *   vigie-kafka-send  ─► Publisher.send (may block max.block.ms: only this thread waits) ─► flush
 *                        acknowledged ─► Spool.commit; failed ─► back off, send again (at-least-once)
 * </pre>
 *
 * <p>Every record goes through the spool, so a restart resends what was not acknowledged; the
 * producer is idempotent, so the broker does not write a retried batch twice, but a batch resent
 * after a timeout may be: consumers dedupe by key (a notice's id, a checkpoint's id).
 */
public final class KafkaExport implements ExportSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.kafka");
  private static final int SESSION_QUEUE = 65_536;
  private static final int BATCH = 2_000;

  private final OutputsConfig.KafkaOutput cfg;
  private final Publisher publisher;
  private final Spool spool;
  private final BlockingQueue<Exported> sessions = new ArrayBlockingQueue<>(SESSION_QUEUE);
  private final ConcurrentLinkedQueue<Exported> priority = new ConcurrentLinkedQueue<>();
  private final AtomicLong queueDropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLongArray sentByStream = new AtomicLongArray(Exported.Stream.values().length);
  private final AtomicLong failures = new AtomicLong();
  // Records handed to export() and not yet in the spool (queued, or in the spooler's hands): with
  // the spool's count, what drain() waits for. Decremented only once the spool holds them.
  private final AtomicLong unspooled = new AtomicLong();
  // Notices and checkpoints the disk refused, kept in memory by the spooler until it takes them.
  private final AtomicLong heldInMemory = new AtomicLong();
  private final Thread spooler;
  private final Thread sender;
  private final Object wake = new Object();
  private volatile boolean stopping;
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
        Exported first = sessions.poll(20, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
        }
        Exported p;
        while ((p = priority.poll()) != null) {
          batch.add(p);
        }
        sessions.drainTo(batch, BATCH);
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
            if (stopping) {
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
        } else if (stopping) {
          return;
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
    while (!stopping || spooledWork()) {
      Spool.Batch b;
      try {
        b = spool.peek(BATCH);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "event=kafka_spool_read_failed error=\"" + e.getMessage() + "\"");
        sleep(1000);
        continue;
      }
      if (b.records().isEmpty()) {
        if (stopping) {
          return;
        }
        synchronized (wake) {
          try {
            wake.wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        continue;
      }
      if (send(b)) {
        try {
          spool.commit(b);
        } catch (IOException e) {
          LOG.log(Level.SEVERE, "event=kafka_spool_commit_failed error=\"" + e.getMessage() + "\"");
        }
        sent.addAndGet(b.records().size());
        for (Exported r : b.records()) {
          sentByStream.incrementAndGet(r.stream().ordinal());
        }
        if (!reachable) {
          reachable = true;
          LOG.info(() -> "event=kafka_reachable spool_records=" + spool.records());
        }
        backoff = 250;
      } else {
        failures.incrementAndGet();
        if (stopping && stopNow) {
          return;
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private volatile boolean stopNow;

  /** Whether the failure last logged was a refusal (only the send thread reads and writes it). */
  private boolean lastRefused;

  private boolean spooledWork() {
    return !stopNow && spool.records() > 0;
  }

  /** Sends a batch and waits for every acknowledgement; false when any record failed. */
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
      // Once per outage and kind, not per retry. A refusal (a password, a certificate) is an
      // error an operator must fix; an unreachable cluster is a warning that usually mends
      // itself. The first send to a cluster that refuses us often times out before the refusal
      // is known: the refusal is still said when it comes.
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
      return false;
    }
    return true;
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
      sleep(50);
      if (System.nanoTime() - lastProgress >= 1_000_000_000L) {
        lastProgress = System.nanoTime();
        progress.accept(pending());
      }
    }
    return pending();
  }

  /** Spools what is queued, stops sending, closes the producer; the spool keeps the rest. */
  @Override
  public void close() {
    stopping = true;
    stopNow = true;
    join(spooler);
    synchronized (wake) {
      wake.notifyAll();
    }
    join(sender);
    publisher.close();
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
