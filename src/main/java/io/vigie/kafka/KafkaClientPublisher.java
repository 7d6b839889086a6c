package io.vigie.kafka;

import io.vigie.config.OutputsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@link Publisher} on kafka-clients: an idempotent producer ({@code acks=all}, so a retried
 * batch is not written twice by the broker), with short {@code max.block.ms} and {@code
 * delivery.timeout.ms}: the spool, not the producer's memory, is where records wait for a cluster
 * that is away.
 */
public final class KafkaClientPublisher implements Publisher {
  private final KafkaProducer<String, byte[]> producer;

  public KafkaClientPublisher(OutputsConfig.KafkaOutput cfg, Path configDir, String clientId)
      throws IOException {
    this.producer =
        new KafkaProducer<>(
            properties(cfg, configDir, clientId),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /**
   * A producer on the given connection (see {@link #connection}), for other topics than the
   * outputs' (the hub's windows).
   */
  public KafkaClientPublisher(Properties connection, String clientId) {
    Properties p = new Properties();
    p.putAll(connection);
    producerSettings(p, clientId);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static Properties properties(OutputsConfig.KafkaOutput cfg, Path configDir, String clientId)
      throws IOException {
    Properties p = connection(cfg.bootstrapServers(), cfg.tls(), cfg.sasl(), configDir);
    producerSettings(p, clientId);
    return p;
  }

  private static void producerSettings(Properties p, String clientId) {
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
  }

  /**
   * What every client of ours (producer, consumer, admin) needs to reach the cluster: the bootstrap
   * servers, TLS and SASL (the password read from its file; relative files resolve against {@code
   * configDir}).
   */
  public static Properties connection(
      List<String> bootstrapServers,
      OutputsConfig.KafkaTls tlsCfg,
      OutputsConfig.KafkaSasl saslCfg,
      Path configDir)
      throws IOException {
    Properties p = new Properties();
    p.put("bootstrap.servers", String.join(",", bootstrapServers));
    KafkaSecurity.apply(p, tlsCfg, saslCfg, configDir);
    return p;
  }

  @Override
  public void send(String topic, String key, byte[] value, Done done) {
    producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> done.done(error));
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
