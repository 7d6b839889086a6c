package io.vigie.kafka;

import io.vigie.config.HubConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The {@link Subscriber} on kafka-clients: a consumer in the hub's group, offsets committed by hand
 * ({@code enable.auto.commit=false}) only after the hub's store committed the records; a new group
 * starts at the earliest offset, so a hub installed late still gets what the topics retain.
 */
public final class KafkaClientSubscriber implements Subscriber {
  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicLong lag = new AtomicLong();

  public KafkaClientSubscriber(
      HubConfig.HubKafka cfg, Path configDir, String clientId, List<String> topics)
      throws IOException {
    this.consumer =
        new KafkaConsumer<>(
            properties(cfg, configDir, clientId),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(topics);
  }

  static Properties properties(HubConfig.HubKafka cfg, Path configDir, String clientId)
      throws IOException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", cfg.bootstrapServers()));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Sensors publish with an idempotent producer; read only what the cluster committed.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(cfg.batchRecords()));
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    // A hub killed without leaving the group keeps its partitions until the session times out;
    // heartbeats at a third of it (Kafka's own ratio, 3 s of 45 s at most) so a live hub is not
    // taken for dead.
    int session = cfg.sessionTimeoutSeconds() * 1000;
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.min(3000, session / 3)));
    KafkaSecurity.apply(p, cfg.tls(), cfg.sasl(), configDir);
    return p;
  }

  @Override
  public List<Received> poll(Duration timeout) {
    ConsumerRecords<String, byte[]> records;
    try {
      records = consumer.poll(timeout);
    } catch (WakeupException e) {
      return List.of();
    }
    List<Received> out = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      out.add(new Received(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
    }
    long behind = 0;
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      behind += l.orElse(0);
    }
    lag.set(behind);
    return out;
  }

  @Override
  public boolean commit() {
    try {
      consumer.commitSync();
      return true;
    } catch (CommitFailedException | RebalanceInProgressException e) {
      return false;
    } catch (WakeupException e) {
      // Stopping: a wakeup aimed at poll landed here; commit once more, it will not be woken again.
      try {
        consumer.commitSync();
        return true;
      } catch (CommitFailedException | RebalanceInProgressException again) {
        return false;
      }
    }
  }

  @Override
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public long lag() {
    return lag.get();
  }

  @Override
  public void close() {
    // A pending wakeup does not interrupt close (it leaves the group cleanly, within the time).
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
