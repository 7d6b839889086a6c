package io.vigie.kafka;

/**
 * What vigie needs of a Kafka producer, so that kafka-clients stays behind this package: send a
 * keyed record, wait for what was sent, close.
 */
public interface Publisher extends AutoCloseable {
  /**
   * Hands a record to the producer. May block (up to the producer's {@code max.block.ms}) while the
   * cluster's metadata is unknown: call it from a thread of ours, never a capture thread.
   *
   * @param done called once, with null when the cluster acknowledged the record, else the error
   */
  void send(String topic, String key, byte[] value, Done done);

  /** Waits until every record sent so far is acknowledged or failed. */
  void flush();

  @Override
  void close();

  /**
   * The cluster answered but refused us: a SASL login it rejected, a TLS handshake that failed (a
   * certificate the configured CA did not sign, a name that does not match). Retrying does not help
   * until the configuration changes; the message says what was refused, never a secret.
   */
  final class Refused extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  /** The outcome of one send. */
  @FunctionalInterface
  interface Done {
    void done(Exception error);
  }
}
