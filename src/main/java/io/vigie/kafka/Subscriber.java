package io.vigie.kafka;

import java.time.Duration;
import java.util.List;

/**
 * What the hub needs of a Kafka consumer in a consumer group, so that kafka-clients stays behind
 * this package: poll records, commit what was polled once it is kept, wake a waiting poll up.
 *
 * <pre>{@code
 * while (running) {
 *   List<Subscriber.Received> batch = sub.poll(Duration.ofMillis(500));
 *   store.write(batch);     // committed to the hub's store first...
 *   sub.commit();           // ...then the offsets: at-least-once, the store dedupes by id
 * }
 * }</pre>
 *
 * <p>One thread only: {@link #poll}, {@link #commit} and {@link #close} from the thread that owns
 * it; {@link #wakeup} and {@link #lag} from any.
 */
public interface Subscriber extends AutoCloseable {
  /**
   * Records fetched since the last poll, at most the configured batch; empty after {@link #wakeup}
   * or when nothing came in {@code timeout}.
   */
  List<Received> poll(Duration timeout);

  /**
   * Commits the offsets of every record returned by {@link #poll} so far (synchronously).
   *
   * @return false when the group rebalanced meanwhile and the commit was refused: the records will
   *     be delivered again, to this hub or another (the store dedupes them)
   */
  boolean commit();

  /** Makes a waiting {@link #poll} return at once; any thread. */
  void wakeup();

  /** Records behind the end of the partitions this consumer holds, as of its last poll. */
  long lag();

  @Override
  void close();

  /**
   * One record as fetched.
   *
   * @param value the record's bytes; null for a tombstone
   */
  record Received(String topic, int partition, long offset, String key, byte[] value) {}
}
