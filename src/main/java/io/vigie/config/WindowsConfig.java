package io.vigie.config;

import java.util.List;

/**
 * Where the sensor's maintenance windows come from. Absent: the sensor's own window service and
 * journal (requests and approvals on its API). With {@code from_hub}: the windows the city's hub
 * publishes on the compacted topic {@code <topic_prefix>.windows}, signed by the hub's key and
 * checked again against this site's {@code approval} quorum; the sensor's API then refuses local
 * requests (windows are approved at the hub). See docs/WINDOWS-FEED.md.
 *
 * <pre>
 * windows:
 *   from_hub:
 *     bootstrap_servers: [kafka-1.city:9093]
 *     topic_prefix: vigie
 *     hub_public_key: /etc/vigie/hub.pub          # the hub's Ed25519 public key (PEM)
 *     revocation_grace_seconds: 300               # no heartbeat for that long: hub windows end
 *     max_record_bytes: 65536
 *     tls: { ca_file: /etc/vigie/kafka-ca.pem }
 *     sasl: { mechanism: SCRAM-SHA-512, username: nice-est, password_file: /etc/vigie/kafka.pw }
 * </pre>
 */
public record WindowsConfig(FromHub fromHub) {
  public static final WindowsConfig LOCAL = new WindowsConfig(null);

  /**
   * @param hubPublicKey PEM file of the hub's Ed25519 public key (relative: to the config file's
   *     directory); a record not signed by it is ignored
   * @param revocationGraceSeconds how long the sensor trusts the hub's windows without hearing from
   *     the hub (its signed heartbeat): past it every hub window is treated as ended at the last
   *     heartbeat plus this grace (fail closed)
   * @param maxRecordBytes records larger than this are counted and ignored
   * @param startupWaitSeconds how long {@code vigie replay} waits to read the topic to its end
   */
  public record FromHub(
      List<String> bootstrapServers,
      String topicPrefix,
      String hubPublicKey,
      Integer revocationGraceSeconds,
      Integer maxRecordBytes,
      Integer startupWaitSeconds,
      OutputsConfig.KafkaTls tls,
      OutputsConfig.KafkaSasl sasl) {
    public FromHub {
      if (bootstrapServers == null || bootstrapServers.isEmpty()) {
        throw new IllegalArgumentException("missing 'bootstrap_servers'");
      }
      bootstrapServers = List.copyOf(bootstrapServers);
      for (String s : bootstrapServers) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || !s.substring(colon + 1).matches("[0-9]{1,5}")) {
          throw new IllegalArgumentException("bootstrap server '" + s + "' is not host:port");
        }
      }
      topicPrefix = topicPrefix == null ? "vigie" : topicPrefix;
      if (!topicPrefix.matches("[A-Za-z0-9._-]{1,200}")) {
        throw new IllegalArgumentException(
            "topic_prefix '"
                + topicPrefix
                + "' is not a Kafka topic name (letters, digits, . _ -)");
      }
      if (hubPublicKey == null || hubPublicKey.isBlank()) {
        throw new IllegalArgumentException(
            "missing 'hub_public_key' (the hub's Ed25519 public key: windows not signed by it"
                + " are ignored)");
      }
      revocationGraceSeconds = revocationGraceSeconds == null ? 300 : revocationGraceSeconds;
      if (revocationGraceSeconds < 1 || revocationGraceSeconds > 86_400) {
        throw new IllegalArgumentException(
            "revocation_grace_seconds must be in 1..86400, was " + revocationGraceSeconds);
      }
      maxRecordBytes = maxRecordBytes == null ? 65_536 : maxRecordBytes;
      if (maxRecordBytes < 1024 || maxRecordBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "max_record_bytes must be in 1024..16777216, was " + maxRecordBytes);
      }
      startupWaitSeconds = startupWaitSeconds == null ? 60 : startupWaitSeconds;
      if (startupWaitSeconds < 1 || startupWaitSeconds > 3600) {
        throw new IllegalArgumentException(
            "startup_wait_seconds must be in 1..3600, was " + startupWaitSeconds);
      }
    }

    /** The compacted topic the hub publishes its windows on. */
    public String topic() {
      return topicPrefix + ".windows";
    }
  }
}
