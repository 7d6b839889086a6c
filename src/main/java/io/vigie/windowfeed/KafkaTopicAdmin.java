package io.vigie.windowfeed;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** {@link TopicAdmin} on kafka-clients' {@link Admin}. */
public final class KafkaTopicAdmin implements TopicAdmin {
  private static final System.Logger LOG = System.getLogger(KafkaTopicAdmin.class.getName());
  private final Admin admin;

  public KafkaTopicAdmin(Properties connection) {
    Properties p = new Properties();
    p.putAll(connection);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigie-hub-windows-admin");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    this.admin = Admin.create(p);
  }

  @Override
  public void ensureCompacted(String topic) throws IOException {
    NewTopic t =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(t)).all().get(10, TimeUnit.SECONDS);
      LOG.log(System.Logger.Level.INFO, "hub windows: created compacted topic {0}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IOException("cannot create topic " + topic + ": " + e.getCause(), e);
      }
      checkCompacted(topic);
    } catch (TimeoutException e) {
      throw new IOException("cannot create topic " + topic + ": no answer in 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void checkCompacted(String topic) throws IOException {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config c = admin.describeConfigs(List.of(r)).all().get(10, TimeUnit.SECONDS).get(r);
      String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        // Not fatal: sensors read every record from the beginning either way, but a deleting
        // policy would drop the windows older than the retention.
        LOG.log(
            System.Logger.Level.ERROR,
            "hub windows: topic {0} exists with cleanup.policy={1}, not compact: windows older"
                + " than its retention will be lost to sensors that restart",
            topic,
            policy);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot read the config of topic " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
