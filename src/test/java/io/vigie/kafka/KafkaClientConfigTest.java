package io.vigie.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.OutputsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer starts on a thread of its own, after the config is loaded: what it would only say
 * then (an unreadable CA file) is said when the properties are made, naming the file.
 */
class KafkaClientConfigTest {
  @TempDir Path tmp;

  private static OutputsConfig.KafkaOutput withCa(String ca) {
    return new OutputsConfig.KafkaOutput(
        List.of("127.0.0.1:9093"),
        null,
        new OutputsConfig.KafkaTls(ca, null, null),
        null,
        null,
        null,
        null);
  }

  @Test
  void aMissingCaFileIsRefusedWhenTheConfigIsReadNamingIt() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> KafkaClientPublisher.properties(withCa("kafka-ca.pem"), tmp, "t"));
    assertTrue(e.getMessage().contains("tls.ca_file"), e.getMessage());
    assertTrue(e.getMessage().contains(tmp.resolve("kafka-ca.pem").toString()), e.getMessage());
  }

  @Test
  void aReadableCaFileIsTheTruststoreAndTheProducerIsCompressedWithoutJmx() throws Exception {
    Files.writeString(tmp.resolve("kafka-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Properties p = KafkaClientPublisher.properties(withCa("kafka-ca.pem"), tmp, "t");
    assertEquals(tmp.resolve("kafka-ca.pem").toString(), p.get("ssl.truststore.location"));
    assertEquals("SSL", p.get("security.protocol"));
    assertEquals("lz4", p.get("compression.type"));
    assertEquals("", p.get("metric.reporters"));
  }
}
