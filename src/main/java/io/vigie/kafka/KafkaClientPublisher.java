package io.vigie.kafka;

import io.vigie.config.OutputsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@link Publisher} on kafka-clients: an idempotent producer ({@code acks=all}, so a retried
 * batch is not written twice by the broker), with short {@code max.block.ms} and {@code
 * delivery.timeout.ms}: the spool, not the producer's memory, is where records wait for a cluster
 * that is away.
 */
public final class KafkaClientPublisher implements Publisher {
  /**
   * kafka-clients' loggers that say, on every reconnection (about every second), that the cluster
   * refused us: the first is kept, then one a minute; {@link KafkaExport} says it once, with the
   * output's name. Held here because JUL keeps loggers only weakly.
   */
  private static final List<Logger> REFUSAL_LOGGERS =
      List.of(
          Logger.getLogger("org.apache.kafka.clients.NetworkClient"),
          Logger.getLogger("org.apache.kafka.common.network.Selector"));

  /**
   * Made on a thread of its own: loading and starting kafka-clients takes about a second of a
   * replay's wall time, spent meanwhile on the capture instead. The first send waits for it.
   */
  private final CompletableFuture<KafkaProducer<String, byte[]>> producer;

  /** Named in a refusal (user and mechanism, never the password); null when not known here. */
  private final OutputsConfig.KafkaSasl sasl;

  public KafkaClientPublisher(OutputsConfig.KafkaOutput cfg, Path configDir, String clientId)
      throws IOException {
    this.sasl = cfg.sasl();
    for (Logger l : REFUSAL_LOGGERS) {
      if (!(l.getFilter() instanceof RepeatedRefusals)) {
        l.setFilter(new RepeatedRefusals(60_000_000_000L));
      }
    }
    this.producer = start(properties(cfg, configDir, clientId));
  }

  /**
   * A producer on the given connection (see {@link #connection}), for other topics than the
   * outputs' (the hub's windows).
   */
  public KafkaClientPublisher(Properties connection, String clientId) {
    Properties p = new Properties();
    p.putAll(connection);
    producerSettings(p, clientId);
    this.sasl = null;
    this.producer = start(p);
  }

  private static CompletableFuture<KafkaProducer<String, byte[]>> start(Properties p) {
    CompletableFuture<KafkaProducer<String, byte[]>> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
              } catch (RuntimeException | LinkageError e) {
                // A configuration kafka-clients refuses (a truststore it cannot read...): every
                // send fails with it, and the output says so once, as for an unreachable cluster.
                f.completeExceptionally(e);
              }
            },
            "vigie-kafka-start");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** The producer, once started; the exception it failed to start with, else. */
  private KafkaProducer<String, byte[]> producer() {
    try {
      return producer.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      throw new KafkaStartException(
          "the Kafka producer could not start: " + (c == null ? e.getMessage() : c.getMessage()),
          c);
    }
  }

  /** The producer failed to start: every send fails with this. */
  static final class KafkaStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaStartException(String message, Throwable cause) {
      super(message, cause);
    }
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
    // Sessions come in bursts (flows ending together): large lz4 batches take a quarter of the
    // broker's CPU and of the link's bytes that 16 KiB uncompressed batches did
    // (docs/PERFORMANCE.md).
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // vigie has its own metrics (vigie_kafka_*): no JMX beans (the platform MBean server costs a
    // replay a tenth of a second to start) and nothing pushed to the brokers.
    p.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
    p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
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

  /** Passes a refusal record at most once per period; every other record passes. */
  static final class RepeatedRefusals implements Filter {
    private final long periodNanos;
    private long lastPassed;
    private boolean passedOnce;

    RepeatedRefusals(long periodNanos) {
      this.periodNanos = periodNanos;
    }

    @Override
    public synchronized boolean isLoggable(LogRecord r) {
      String m = String.valueOf(r.getMessage()).toLowerCase(Locale.ROOT);
      if (!m.contains("authentication") && !m.contains("ssl handshake")) {
        return true;
      }
      long now = System.nanoTime();
      if (passedOnce && now - lastPassed < periodNanos) {
        return false;
      }
      passedOnce = true;
      lastPassed = now;
      return true;
    }
  }

  @Override
  public void send(String topic, String key, byte[] value, Done done) {
    try {
      producer()
          .send(
              new ProducerRecord<>(topic, key, value), (meta, error) -> done.done(refusal(error)));
    } catch (RuntimeException e) {
      Exception r = refusal(e);
      if (r instanceof RuntimeException re) {
        throw re;
      }
      done.done(r);
    }
  }

  /**
   * An authentication failure as a {@link Refused} that says what was refused: kafka-clients'
   * messages name neither the user nor, for TLS, why the handshake failed (that is in a cause).
   */
  Exception refusal(Exception error) {
    if (error instanceof KafkaStartException) {
      return new Refused(error.getMessage()); // a configuration to mend, not a cluster away
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return new Refused(
            (sasl == null ? "sasl" : "sasl " + sasl.mechanism() + " user=" + sasl.username())
                + " refused: "
                + t.getMessage());
      }
      if (t instanceof SslAuthenticationException) {
        Throwable root = t;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        return new Refused(
            "TLS handshake failed (the brokers' certificate against tls.ca_file): "
                + root.getMessage());
      }
      if (t instanceof AuthenticationException) {
        return new Refused(t.getMessage());
      }
    }
    return error;
  }

  @Override
  public void flush() {
    producer().flush();
  }

  @Override
  public void close() {
    KafkaProducer<String, byte[]> p;
    try {
      p = producer.join();
    } catch (CompletionException e) {
      return; // never started: nothing to close
    }
    p.close(Duration.ofSeconds(5));
  }
}
