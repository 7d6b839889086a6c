package io.vigie.kafka;

import io.vigie.config.OutputsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The client properties of TLS and SASL, shared by the sensors' producer and the hub's consumer so
 * that one {@code tls:} / {@code sasl:} section means the same at both ends.
 */
final class KafkaSecurity {
  private KafkaSecurity() {}

  /**
   * Sets {@code security.protocol} and the TLS and SASL properties; files are resolved against
   * {@code configDir}; the SASL password is read from its file here, never logged.
   */
  static void apply(
      Properties p, OutputsConfig.KafkaTls tls, OutputsConfig.KafkaSasl sasl, Path configDir)
      throws IOException {
    boolean isTls = tls != null;
    boolean isSasl = sasl != null;
    p.put(
        "security.protocol",
        isTls ? (isSasl ? "SASL_SSL" : "SSL") : (isSasl ? "SASL_PLAINTEXT" : "PLAINTEXT"));
    if (isTls) {
      if (tls.caFile() != null) {
        p.put("ssl.truststore.type", "PEM");
        Path ca = configDir.resolve(tls.caFile());
        if (!Files.isReadable(ca)) {
          // Said now, with the file's name: kafka-clients would only say it when it starts.
          throw new IOException("tls.ca_file " + ca + " cannot be read");
        }
        p.put("ssl.truststore.location", ca.toString());
      }
      if (tls.certFile() != null) {
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", read(configDir.resolve(tls.certFile())));
        p.put("ssl.keystore.key", read(configDir.resolve(tls.keyFile())));
      }
    }
    if (isSasl) {
      String password = read(configDir.resolve(sasl.passwordFile())).strip();
      String module =
          sasl.mechanism().equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.mechanism", sasl.mechanism());
      p.put(
          "sasl.jaas.config",
          module
              + " required username=\""
              + quote(sasl.username())
              + "\" password=\""
              + quote(password)
              + "\";");
    }
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String read(Path f) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }
}
