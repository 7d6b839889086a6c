package io.vigie.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Picks two free loopback ports and formats the storage (once). */
  public static KafkaBroker create(Path dir) throws IOException, InterruptedException {
    KafkaBroker k = new KafkaBroker(dir, freePort(), freePort());
    k.writeConfig();
    k.run(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            dir.resolve("server.properties").toString()),
        dir.resolve("format.log"),
        true);
    return k;
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(dir);
    String p =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
    Files.writeString(dir.resolve("server.properties"), p);
  }

  /** Starts the broker and waits (up to 90 s) until it answers. */
  public void start() throws IOException, InterruptedException {
    process =
        run(
            List.of("kafka.Kafka", dir.resolve("server.properties").toString()),
            dir.resolve("broker.log"),
            false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
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
            throw new IOException("the broker did not answer in 90 s; see " + dir, e);
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
