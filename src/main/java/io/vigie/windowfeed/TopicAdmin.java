package io.vigie.windowfeed;

import java.io.IOException;

/** What the hub needs of Kafka's admin API: its windows topic, compacted. */
@FunctionalInterface
public interface TopicAdmin extends AutoCloseable {
  /**
   * Creates {@code topic} with {@code cleanup.policy=compact} if it does not exist; throws while
   * the cluster cannot be reached (the caller retries).
   */
  void ensureCompacted(String topic) throws IOException;

  @Override
  default void close() {}
}
