package io.vigie.windowfeed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The sensor's reader of the hub's compacted windows topic: one named thread ({@code
 * vigie-hub-windows}), every partition assigned (no consumer group: each sensor reads the whole
 * topic, from the beginning, at every start), each record handed to {@link HubWindows#accept}.
 *
 * <pre>{@code
 * HubWindowReader reader = new HubWindowReader(connection, "vigie.windows", hub);
 * reader.start();
 * reader.awaitCaughtUp(Duration.ofSeconds(60));   // replay: the topic read to its end
 * ...
 * reader.close();
 * }</pre>
 *
 * <p>While Kafka is away the client retries by itself; the loop keeps calling {@link
 * HubWindows#checkStale} so that the silence is told when it passes the grace.
 */
public final class HubWindowReader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HubWindowReader.class.getName());

  private final Properties props;
  private final String topic;
  private final HubWindows hub;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong loopFailures = new AtomicLong();
  private volatile boolean running;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  /**
   * @param connection bootstrap servers, TLS and SASL ({@code KafkaClientPublisher.connection})
   */
  public HubWindowReader(Properties connection, String topic, HubWindows hub) {
    this.props = new Properties();
    props.putAll(connection);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigie-hub-windows");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    this.topic = topic;
    this.hub = hub;
  }

  public synchronized void start() {
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    running = true;
    thread = new Thread(this::loop, "vigie-hub-windows");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until every record present when the reader first found the topic has been read. */
  public boolean awaitCaughtUp(Duration max) throws InterruptedException {
    return caughtUp.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  public long records() {
    return records.get();
  }

  private void loop() {
    Map<TopicPartition, Long> end = null;
    boolean told = false;
    while (running) {
      try {
        hub.checkStale();
        if (end == null) {
          List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5));
          if (parts == null || parts.isEmpty()) {
            if (!told) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "hub windows: topic {0} not found yet; retrying (hub windows closed meanwhile)",
                  topic);
              told = true;
            }
            pause();
            continue;
          }
          List<TopicPartition> tps = new ArrayList<>();
          parts.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
          consumer.assign(tps);
          consumer.seekToBeginning(tps);
          end = new HashMap<>(consumer.endOffsets(tps, Duration.ofSeconds(5)));
          LOG.log(
              System.Logger.Level.INFO,
              "hub windows: reading {0} ({1} partition(s)) from the beginning",
              topic,
              tps.size());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          records.incrementAndGet();
          hub.accept(r.key(), r.value());
        }
        if (caughtUp.getCount() > 0 && reached(end)) {
          caughtUp.countDown();
        }
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        // A loop that dies leaves the windows as they were: count, log, go on (the heartbeat
        // check above still closes hub windows when nothing is read for the grace).
        loopFailures.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "hub windows: read failed (retrying): " + e);
        pause();
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (consumer == null) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    consumer = null;
  }
}
