package io.vigie.config;

import java.util.List;
import java.util.Locale;

/**
 * Where records leave vigie for other systems (issue 18): JSON Lines files a SIEM's shipper tails,
 * notices as syslog, and a Kafka cluster. Each section is optional; none is the default.
 *
 * <pre>
 * outputs:
 *   files:  { dir: /var/log/vigie, max_bytes: 104857600, max_age_seconds: 86400, keep: 10 }
 *   syslog: { host: 10.0.0.9, port: 6514, transport: tls, ca_file: /etc/vigie/siem-ca.pem }
 *   kafka:
 *     bootstrap_servers: [kafka-1.city:9093, kafka-2.city:9093]
 *     topic_prefix: vigie
 *     tls: { ca_file: /etc/vigie/kafka-ca.pem }
 *     sasl: { mechanism: SCRAM-SHA-512, username: nice-est, password_file: /etc/vigie/kafka.pw }
 *     spool_dir: /var/lib/vigie/kafka-spool
 *     spool_max_bytes: 1073741824
 *     drain_timeout_seconds: 180
 * </pre>
 */
public record OutputsConfig(FilesOutput files, SyslogOutput syslog, KafkaOutput kafka) {
  public static final OutputsConfig NONE = new OutputsConfig(null, null, null);

  /**
   * JSON Lines, one file per record type ({@code sessions.json}, {@code notices.json}, {@code
   * windows.json}, {@code cameras.json}), rotated by renaming ({@code notices.json.1} is the newest
   * rotated file) when it reaches {@code max_bytes} or {@code max_age_seconds}.
   *
   * @param dir the directory (relative paths: to the config file's directory in {@code vigie run},
   *     to the working directory in replay)
   * @param keep rotated files kept per type; the oldest beyond are deleted
   */
  public record FilesOutput(String dir, Long maxBytes, Integer maxAgeSeconds, Integer keep) {
    public FilesOutput {
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException("missing 'dir'");
      }
      maxBytes = maxBytes == null ? 100L * 1024 * 1024 : maxBytes;
      if (maxBytes < 4096) {
        throw new IllegalArgumentException("max_bytes must be at least 4096, was " + maxBytes);
      }
      maxAgeSeconds = maxAgeSeconds == null ? 86_400 : maxAgeSeconds;
      if (maxAgeSeconds <= 0) {
        throw new IllegalArgumentException(
            "max_age_seconds must be positive, was " + maxAgeSeconds);
      }
      keep = keep == null ? 10 : keep;
      if (keep < 1 || keep > 1000) {
        throw new IllegalArgumentException("keep must be in 1..1000, was " + keep);
      }
    }
  }

  /** How syslog messages travel: TCP and TLS with RFC 6587 octet counting, UDP one per datagram. */
  public enum Transport {
    TCP,
    TLS,
    UDP;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Transport parse(String s) {
      for (Transport t : values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown transport '" + s + "' (one of tcp, tls, udp)");
    }
  }

  /**
   * Notices as RFC 5424 messages (facility local0 unless set, severity from the notice's).
   *
   * @param caFile PEM certificates the TLS server's chain must lead to (TLS only; default: the
   *     JDK's trust store)
   * @param facility 0..23 (16 = local0)
   */
  public record SyslogOutput(
      String host, Integer port, Transport transport, String caFile, Integer facility) {
    public SyslogOutput {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("missing 'host'");
      }
      transport = transport == null ? Transport.TCP : transport;
      port = port == null ? (transport == Transport.TLS ? 6514 : 514) : port;
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 1..65535");
      }
      if (caFile != null && transport != Transport.TLS) {
        throw new IllegalArgumentException("'ca_file' is for transport tls only");
      }
      facility = facility == null ? 16 : facility;
      if (facility < 0 || facility > 23) {
        throw new IllegalArgumentException("facility must be in 0..23, was " + facility);
      }
    }
  }

  /**
   * The Kafka output: records of {@code replay --json} plus {@code site}, on topics {@code
   * <topic_prefix>.sessions}, {@code .notices}, {@code .cameras}, {@code .checkpoints}.
   *
   * @param spoolDir where records wait while the cluster is unreachable (default: {@code
   *     kafka-spool} under {@code state_dir}, or beside the config file for replay)
   * @param spoolMaxBytes the spool's budget; over it the oldest sessions are dropped (counted),
   *     never a notice or a checkpoint
   * @param drainTimeoutSeconds how long {@code replay} waits for the cluster to take the spool
   *     before it exits 1
   */
  public record KafkaOutput(
      List<String> bootstrapServers,
      String topicPrefix,
      KafkaTls tls,
      KafkaSasl sasl,
      String spoolDir,
      Long spoolMaxBytes,
      Integer drainTimeoutSeconds) {
    public KafkaOutput {
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
      if (spoolDir != null && spoolDir.isBlank()) {
        throw new IllegalArgumentException("'spool_dir' is empty");
      }
      spoolMaxBytes = spoolMaxBytes == null ? 1024L * 1024 * 1024 : spoolMaxBytes;
      if (spoolMaxBytes < 65_536) {
        throw new IllegalArgumentException(
            "spool_max_bytes must be at least 65536, was " + spoolMaxBytes);
      }
      drainTimeoutSeconds = drainTimeoutSeconds == null ? 180 : drainTimeoutSeconds;
      if (drainTimeoutSeconds < 0) {
        throw new IllegalArgumentException(
            "drain_timeout_seconds must not be negative, was " + drainTimeoutSeconds);
      }
    }

    /** The topic of one record type ({@code sessions}, {@code notices}...). */
    public String topic(String type) {
      return topicPrefix + "." + type;
    }
  }

  /**
   * TLS to the brokers.
   *
   * @param caFile PEM certificates of the brokers' CA
   * @param certFile PEM client certificate (mutual TLS), with {@code key_file}
   * @param keyFile PEM unencrypted PKCS#8 private key
   */
  public record KafkaTls(String caFile, String certFile, String keyFile) {
    public KafkaTls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("'cert_file' and 'key_file' go together");
      }
    }
  }

  /**
   * SASL authentication; the password is read from a file so that it never sits in the config.
   *
   * @param mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
   */
  public record KafkaSasl(String mechanism, String username, String passwordFile) {
    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    public KafkaSasl {
      mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism.toUpperCase(Locale.ROOT);
      if (!MECHANISMS.contains(mechanism)) {
        throw new IllegalArgumentException(
            "sasl mechanism '" + mechanism + "' is not one of " + MECHANISMS);
      }
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("missing 'username'");
      }
      if (passwordFile == null || passwordFile.isBlank()) {
        throw new IllegalArgumentException("missing 'password_file'");
      }
    }
  }
}
