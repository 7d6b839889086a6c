package io.vigie.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, one node acting as broker and controller) on loopback, run
 * from the kafka_2.13 test artifacts in a JVM of its own (its Scala and Jackson stay off ours).
 * Stop and start again keep its ports and log directory, as a restarted broker would.
 *
 * <pre>{@code
 * try (KafkaBroker k = KafkaBroker.create(dir)) { k.start(); ... k.stop(); k.start(); }
 * }</pre>
 *
 * <p>{@link #createSecure} adds a SASL_SSL listener (SCRAM-SHA-512, one user created at format
 * time; a self-signed certificate for 127.0.0.1 made with the JDK's keytool, its PEM at {@link
 * #caFile}); the PLAINTEXT listener stays for the broker's own use and the tests' consumers.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final int controllerPort;

  /** The SASL_SSL listener's port; 0 without one. */
  private final int securePort;

  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort, int securePort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.securePort = securePort;
  }

  /** Picks two free loopback ports and formats the storage (once). */
  public static KafkaBroker create(Path dir) throws IOException, InterruptedException {
    KafkaBroker k = new KafkaBroker(dir, freePort(), freePort(), 0);
    k.writeConfig();
    k.format(List.of());
    return k;
  }

  /**
   * As {@link #create}, plus a SASL_SSL listener on a third port: TLS with a self-signed
   * certificate for 127.0.0.1 (its PEM at {@link #caFile}), SCRAM-SHA-512 with the one user given,
   * written into the cluster's metadata at format time.
   */
  static KafkaBroker createSecure(Path dir, String user, String password)
      throws IOException, InterruptedException {
    KafkaBroker k = new KafkaBroker(dir, freePort(), freePort(), freePort());
    Files.createDirectories(dir);
    selfSignedCertificate(dir.resolve("broker.p12"), k.caFile(), "vigie-test-broker");
    k.writeConfig();
    k.format(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]"));
    return k;
  }

  private void format(List<String> extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            dir.resolve("server.properties").toString()));
    cmd.addAll(extra);
    run(cmd, dir.resolve("format.log"), true);
  }

  /**
   * Makes a key pair and a self-signed certificate for 127.0.0.1 and localhost with the JDK's
   * keytool: the PKCS#12 key store at {@code keyStore} (password {@link #STORE_PASSWORD}), the
   * certificate as PEM at {@code pem}. Tests use it also for a CA the broker's certificate does not
   * come from.
   */
  static void selfSignedCertificate(Path keyStore, Path pem, String name)
      throws IOException, InterruptedException {
    Files.createDirectories(keyStore.toAbsolutePath().getParent());
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path log = keyStore.resolveSibling(keyStore.getFileName() + ".log");
    exec(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "broker",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "2",
            "-dname",
            "CN=" + name,
            "-ext",
            "SAN=ip:127.0.0.1,dns:localhost",
            "-keystore",
            keyStore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
            "-keypass",
            STORE_PASSWORD),
        log);
    exec(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "broker",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            STORE_PASSWORD,
            "-file",
            pem.toString()),
        log);
  }

  /** The test key stores' password (they hold test keys only). */
  static final String STORE_PASSWORD = "vigie-test-store";

  private static void exec(List<String> cmd, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(cmd.get(1) + " failed: " + Files.readString(log).strip());
    }
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** The SASL_SSL listener, of a broker made by {@link #createSecure}. */
  String secureBootstrap() {
    if (securePort == 0) {
      throw new IllegalStateException("no SASL_SSL listener: use createSecure");
    }
    return "127.0.0.1:" + securePort;
  }

  /** The PEM certificate a client trusts for the SASL_SSL listener. */
  Path caFile() {
    return dir.resolve("broker-ca.pem");
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up): the broker keeps its port across a
   * stop and a start, and a port from that range can be taken meanwhile as the local end of any
   * connection, including a client's own attempt to reach the stopped broker (TCP self-connect).
   */
  private static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 200; i++) {
      int port = 20_000 + r.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(dir);
    String secure = securePort == 0 ? "" : ",SASL_SSL://127.0.0.1:" + securePort;
    String p =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "listeners=PLAINTEXT://127.0.0.1:"
                + port
                + secure
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + secure,
            "inter.broker.listener.name=PLAINTEXT",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (securePort == 0 ? "" : ",SASL_SSL:SASL_SSL"),
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "log.dirs=" + dir.resolve("logs"),
            "num.partitions=1",
            "auto.create.topics.enable=true",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "");
    if (securePort != 0) {
      p +=
          String.join(
              "\n",
              "sasl.enabled.mechanisms=SCRAM-SHA-512",
              "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                  + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
              "ssl.keystore.type=PKCS12",
              "ssl.keystore.location=" + dir.resolve("broker.p12"),
              "ssl.keystore.password=" + STORE_PASSWORD,
              "ssl.key.password=" + STORE_PASSWORD,
              "");
    }
    Files.writeString(dir.resolve("server.properties"), p);
  }

  /** Starts the broker and waits (up to 90 s) until it answers. */
  public void start() throws IOException, InterruptedException {
    start(Duration.ofSeconds(90));
  }

  /** Starts the broker and waits until it answers, at most {@code timeout}. */
  public void start(Duration timeout) throws IOException, InterruptedException {
    process =
        run(
            List.of("kafka.Kafka", dir.resolve("server.properties").toString()),
            dir.resolve("broker.log"),
            false);
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(p)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("the broker exited; see " + dir.resolve("broker.log"));
        }
        try {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException(
                "the broker did not answer in " + timeout.toSeconds() + " s; see " + dir, e);
          }
          Thread.sleep(200);
        }
      }
    }
  }

  /** Stops the broker (SIGTERM: a clean shutdown) and waits for its process to end. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    process = null;
  }

  private Process run(List<String> mainAndArgs, Path log, boolean wait)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    Process pr = pb.start();
    if (wait) {
      if (!pr.waitFor(120, TimeUnit.SECONDS) || pr.exitValue() != 0) {
        pr.destroyForcibly();
        throw new IOException(
            "kafka " + mainAndArgs.get(0) + " failed: " + Files.readString(log).strip());
      }
    }
    return pr;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
