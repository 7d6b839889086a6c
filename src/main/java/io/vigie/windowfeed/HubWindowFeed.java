package io.vigie.windowfeed;

import io.vigie.config.ApprovalConfig;
import io.vigie.config.WindowsConfig;
import io.vigie.evidence.SigningKey;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.notice.NoticeSink;
import io.vigie.policy.WindowSet;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A sensor's {@code windows.from_hub}, started: the hub's key read, the topic followed on its own
 * thread, the windows to enforce on {@link #get}.
 *
 * <pre>{@code
 * try (HubWindowFeed feed = HubWindowFeed.start(site.windows().fromHub(), configDir,
 *     site.approval(), clock, notices)) {
 *   new PipelineBuilder(site, feed);   // and the gate: new GateServer(site.gate(), feed, ...)
 * }
 * }</pre>
 */
public final class HubWindowFeed implements Supplier<WindowSet>, AutoCloseable {
  private final HubWindows windows;
  private final HubWindowReader reader;

  private HubWindowFeed(HubWindows windows, HubWindowReader reader) {
    this.windows = windows;
    this.reader = reader;
  }

  /**
   * @throws IOException when the hub's public key cannot be read (named in the message)
   */
  public static HubWindowFeed start(
      WindowsConfig.FromHub cfg,
      Path configDir,
      ApprovalConfig approval,
      Clock clock,
      NoticeSink notices)
      throws IOException {
    PublicKey key = SigningKey.readPublicKey(configDir.resolve(cfg.hubPublicKey()));
    Properties connection =
        KafkaClientPublisher.connection(cfg.bootstrapServers(), cfg.tls(), cfg.sasl(), configDir);
    HubWindows w =
        new HubWindows(
            key,
            approval,
            Duration.ofSeconds(cfg.revocationGraceSeconds()),
            cfg.maxRecordBytes(),
            clock,
            notices);
    HubWindowReader r = new HubWindowReader(connection, cfg.topic(), w);
    r.start();
    return new HubWindowFeed(w, r);
  }

  /** The windows to enforce now (closed while the hub is silent past the grace). */
  @Override
  public WindowSet get() {
    return windows.get();
  }

  public HubWindows windows() {
    return windows;
  }

  /** Waits until the topic has been read to the end it had when the reader found it. */
  public boolean awaitCaughtUp(Duration max) throws InterruptedException {
    return reader.awaitCaughtUp(max);
  }

  @Override
  public void close() {
    reader.close();
  }
}
