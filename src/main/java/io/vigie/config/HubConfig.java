package io.vigie.config;

import java.util.List;

/**
 * The city hub ({@code vigie hub --config HUB.yaml}): which Kafka cluster it consumes, where its
 * store and windows journal live, its API (the site config's {@code api:} section: tokens, roles,
 * TLS, directory) and the approval quorum of the windows requested at the hub. Loaded by {@link
 * YamlLoader}: unknown keys are fatal.
 *
 * <pre>
 * hub: { name: nice-city }
 * kafka:
 *   bootstrap_servers: [kafka-1.city:9093]
 *   topic_prefix: vigie            # default vigie
 *   group_id: vigie-hub            # default vigie-hub: hubs of one group share the partitions
 *   session_timeout_seconds: 45    # default 45: a hub silent this long loses its partitions
 *   tls: { ca_file: kafka-ca.pem }
 *   sasl: { mechanism: SCRAM-SHA-512, username: hub, password_file: kafka.pw }
 * store: /var/lib/vigie-hub/hub.db
 * state_dir: /var/lib/vigie-hub     # the windows journal
 * api: { listen: 0.0.0.0:8443, tokens: [...] }
 * approval: { quorum: 2 }
 * metrics: { listen: 127.0.0.1:9109 }
 * </pre>
 */
public record HubConfig(
    HubInfo hub,
    HubKafka kafka,
    String store,
    String stateDir,
    ApiConfig api,
    ApprovalConfig approval,
    MetricsConfig metrics) {
  public static final String DEFAULT_METRICS_LISTEN = "127.0.0.1:9109";

  public HubConfig {
    if (hub == null) {
      throw new IllegalArgumentException("missing 'hub' (hub: { name: ... })");
    }
    if (kafka == null) {
      throw new IllegalArgumentException("missing 'kafka' (bootstrap_servers, topic_prefix...)");
    }
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException("missing 'store' (the hub's SQLite file)");
    }
    if (stateDir == null || stateDir.isBlank()) {
      throw new IllegalArgumentException("missing 'state_dir' (where the windows journal lives)");
    }
    if (api == null) {
      throw new IllegalArgumentException("missing 'api' (the city-wide API and its tokens)");
    }
    if (api.notifications() != null) {
      // Not wired at the hub yet: refused rather than silently ignored.
      throw new IllegalArgumentException(
          "'api.notifications' is not served by the hub; remove it (sensors notify)");
    }
    approval = approval == null ? ApprovalConfig.DEFAULTS : approval;
    api.checkRoles(approval);
    metrics = metrics == null ? new MetricsConfig(DEFAULT_METRICS_LISTEN) : metrics;
  }

  /** The hub's own name, in its logs and metrics. */
  public record HubInfo(String name) {
    public HubInfo {
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException(
            "hub name '" + name + "' must be 1..64 letters, digits, '.', '_' or '-'");
      }
    }
  }

  /**
   * The cluster the sensors publish to ({@code outputs.kafka} of their site config).
   *
   * @param groupId the consumer group; hubs sharing it share the partitions (or stand by)
   * @param maxRecordBytes a record larger than this is skipped and counted (default 1 MiB)
   * @param batchRecords records written to the store per transaction at most (default 500)
   * @param sessionTimeoutSeconds how long the group waits for a hub that stopped heartbeating (a
   *     crash, a kill, a partition) before its partitions go to the other hubs of the group
   *     (default 45, Kafka's; 6..1800, the brokers' default group.min/max.session.timeout.ms)
   */
  public record HubKafka(
      List<String> bootstrapServers,
      String topicPrefix,
      String groupId,
      OutputsConfig.KafkaTls tls,
      OutputsConfig.KafkaSasl sasl,
      Integer maxRecordBytes,
      Integer batchRecords,
      Integer sessionTimeoutSeconds) {
    public HubKafka {
      // The sensors' section validates servers and prefix the same way: one rule for both ends.
      OutputsConfig.KafkaOutput same =
          new OutputsConfig.KafkaOutput(bootstrapServers, topicPrefix, tls, sasl, null, null, null);
      bootstrapServers = same.bootstrapServers();
      topicPrefix = same.topicPrefix();
      groupId = groupId == null ? "vigie-hub" : groupId;
      if (!groupId.matches("[A-Za-z0-9._-]{1,200}")) {
        throw new IllegalArgumentException(
            "group_id '" + groupId + "' must be letters, digits, '.', '_' or '-'");
      }
      maxRecordBytes = maxRecordBytes == null ? 1024 * 1024 : maxRecordBytes;
      if (maxRecordBytes < 1024 || maxRecordBytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "max_record_bytes must be in 1024..67108864, was " + maxRecordBytes);
      }
      batchRecords = batchRecords == null ? 500 : batchRecords;
      if (batchRecords < 1 || batchRecords > 10_000) {
        throw new IllegalArgumentException(
            "batch_records must be in 1..10000, was " + batchRecords);
      }
      sessionTimeoutSeconds = sessionTimeoutSeconds == null ? 45 : sessionTimeoutSeconds;
      if (sessionTimeoutSeconds < 6 || sessionTimeoutSeconds > 1800) {
        throw new IllegalArgumentException(
            "session_timeout_seconds must be in 6..1800, was " + sessionTimeoutSeconds);
      }
    }

    /** The topic of one record type: {@code <topic_prefix>.<type>}. */
    public String topic(String type) {
      return topicPrefix + "." + type;
    }
  }
}
