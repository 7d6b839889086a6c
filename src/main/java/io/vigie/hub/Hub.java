package io.vigie.hub;

import io.prometheus.client.CollectorRegistry;
import io.vigie.api.AbuseGuard;
import io.vigie.api.ApiMetrics;
import io.vigie.api.ApiServer;
import io.vigie.api.DirectoryLogin;
import io.vigie.api.Route;
import io.vigie.config.ApiConfig;
import io.vigie.config.HubConfig;
import io.vigie.directory.Directory;
import io.vigie.directory.LdapDirectory;
import io.vigie.evidence.SigningKey;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.kafka.KafkaClientSubscriber;
import io.vigie.kafka.Subscriber;
import io.vigie.metrics.MetricsServer;
import io.vigie.policy.JournalAudit;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.WindowService;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.report.SiteNames;
import io.vigie.web.WebUi;
import io.vigie.windowfeed.KafkaTopicAdmin;
import io.vigie.windowfeed.PublishingWindowService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code vigie hub}: the city's hub, wired by hand in one place, started in order and stopped in
 * reverse order.
 *
 * <pre>
 *  sensors ──► Kafka <prefix>.notices .sessions .cameras .checkpoints
 *                   │ consumer group (hubs of one group share the partitions)
 *                   ▼
 *  vigie-hub-consume ─► HubStore (SQLite, UNIQUE keys) ─► commit offsets
 *                                  │
 *  ApiServer: /api/v1/sites, /notices, /sessions, /cameras, /checkpoints (every site, ?site=)
 *             /api/v1/windows + /ui/approver: windows requested and approved once, at the hub
 *  MetricsServer: vigie_hub_* on the hub's own registry
 * </pre>
 *
 * <pre>{@code
 * Hub hub = new Hub(configFile, config, Clock.systemUTC());
 * hub.start();      // throws naming the part that could not start; what started is closed
 * ...
 * hub.close();      // consumer, API, metrics, store: reverse order
 * }</pre>
 */
public final class Hub implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.hub");

  /** The hub's windows key in its state dir; each sensor's {@code hub_public_key} is a copy. */
  public static final String WINDOWS_KEY = "hub-windows.key";

  public static final String WINDOWS_PUBLIC_KEY = "hub-windows.pub";

  /** Heartbeats on the windows topic: well inside the sensors' grace (300 s by default). */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private final Path configFile;
  private final Path configDir;
  private final HubConfig config;
  private final Clock clock;
  private final Directory directory;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private HubStore store;
  private HubConsumer consumer;
  private ApiServer api;
  private MetricsServer metricsServer;
  private JournaledWindowService windows;
  private boolean closed;

  /**
   * Checks what can be checked before anything starts (the directory's files and password).
   *
   * @throws IllegalArgumentException naming the file and key at fault
   */
  public Hub(Path configFile, HubConfig config, Clock clock) {
    this.configFile = configFile;
    this.configDir = configFile.toAbsolutePath().getParent();
    this.config = config;
    this.clock = clock;
    if (config.api().ldap() != null) {
      try {
        this.directory = LdapDirectory.open(config.api().resolvedAgainst(configDir).ldap());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(configFile + ": api: " + e.getMessage(), e);
      }
    } else {
      this.directory = Directory.NONE;
    }
  }

  /** Starts every part in order; on failure what started is closed again. */
  public synchronized void start() throws IOException {
    boolean ok = false;
    try {
      startAll();
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private void startAll() throws IOException {
    Path stateDir = configDir.resolve(config.stateDir());
    Files.createDirectories(stateDir);

    // 1. the store: the sites' records and the hub's own facts (window steps, API audit)
    HubStore s = HubStore.open(configDir.resolve(config.store()), clock);
    store = s;
    started.push(s);

    // 2. windows, requested and approved once, at the hub, under its approval quorum; checked
    // before any Kafka client exists, so that a journal the hub refuses stops it at once.
    Path journal = stateDir.resolve("windows.jsonl");
    // Each step is recorded in the store's hash-chained hub_events before it is journalled; the
    // journal is checked against that chain and the quorum rules here, as a sensor checks its
    // journal against its evidence chain. Unlike a sensor, the hub does not start on a journal it
    // cannot trust: it would publish, signed, windows nobody approved to every sensor.
    EventChain.Witness chain = s.witness("window_event");
    windows =
        new JournaledWindowService(
            config.approval(),
            new JsonLinesWindowJournal(journal),
            s,
            chain::holds,
            chain.records(),
            clock);
    if (!windows.refused().isEmpty()) {
      throw new IOException(
          tampered(journal, configDir.resolve(config.store()), windows.refused()));
    }
    windows.persons(config.api().personByToken());
    LOG.info(() -> "event=windows_loaded count=" + windows.snapshot().size());

    // 3. metrics, on a registry of the hub's own
    CollectorRegistry registry = new CollectorRegistry();
    Subscriber subscriber =
        new KafkaClientSubscriber(
            config.kafka(),
            configDir,
            "vigie-hub-" + config.hub().name(),
            HubConsumer.topics(config.kafka().topicPrefix()));
    HubMetrics metrics = new HubMetrics(registry, subscriber::lag);
    HubConsumer c =
        new HubConsumer(
            subscriber, s, metrics, config.kafka().topicPrefix(), config.kafka().maxRecordBytes());
    consumer = c;
    // The consumer's close() also closes the subscriber, from its own thread once started; a
    // consumer that never started closes it here.
    started.push(
        () -> {
          if (!c.running()) {
            subscriber.close();
          }
        });
    MetricsServer m = MetricsServer.start(config.metrics().address(), registry);
    metricsServer = m;
    started.push(m);

    // 4. every window step is published, signed with the hub's key, on the compacted
    // <prefix>.windows topic that the sensors enforce (docs/WINDOWS-FEED.md); a step never waits
    // for Kafka.
    Properties connection =
        KafkaClientPublisher.connection(
            config.kafka().bootstrapServers(),
            config.kafka().tls(),
            config.kafka().sasl(),
            configDir);
    PublishingWindowService publishing =
        new PublishingWindowService(
            windows,
            new KafkaClientPublisher(connection, "vigie-hub-windows-" + config.hub().name()),
            new KafkaTopicAdmin(connection),
            config.kafka().topicPrefix() + ".windows",
            config.hub().name(),
            SigningKey.loadOrCreate(
                stateDir.resolve(WINDOWS_KEY), stateDir.resolve(WINDOWS_PUBLIC_KEY)),
            clock,
            HEARTBEAT);
    publishing.start();
    started.push(publishing);
    LOG.info(
        () ->
            "event=windows_published topic="
                + config.kafka().topicPrefix()
                + ".windows public_key="
                + stateDir.resolve(WINDOWS_PUBLIC_KEY));

    // 5. the API and the web page. Decorators of the windows the API serves wrap them here.
    ApiConfig apiConfig = config.api().resolvedAgainst(configDir);
    WindowService served = publishing;
    AbuseGuard guard = AbuseGuard.of(apiConfig.appLimits(), s, clock);
    DirectoryLogin logins = new DirectoryLogin(directory, guard, s, clock);
    WebUi ui =
        new WebUi(
            apiConfig,
            served,
            null,
            null,
            null,
            s,
            clock,
            guard,
            logins,
            SiteNames.NONE,
            new StoreRecords(s));
    Set<String> readers = new HashSet<>(apiConfig.approverRoles());
    readers.add("reviewer");
    readers.add("admin");
    List<Route> routes = new ArrayList<>(new HubRoutes(s).routes(readers));
    routes.addAll(ui.routes());
    ApiServer server =
        new ApiServer(apiConfig, served, null, s, clock, routes, guard, ApiMetrics.NONE, logins);
    server.start();
    api = server;
    started.push(server);
    LOG.info(() -> "event=api_listening address=" + server.address() + " tls=" + server.tls());

    // 6. the consumer last: everything it feeds is up
    c.start();
    started.push(c);
    LOG.info(
        () ->
            "event=hub_started hub="
                + config.hub().name()
                + " group="
                + config.kafka().groupId()
                + " topics="
                + String.join(",", HubConsumer.topics(config.kafka().topicPrefix())));
  }

  /** The refusal of a journal that does not match the store's chain: file, line, why. */
  static String tampered(Path journal, Path store, List<JournalAudit.Refusal> refused) {
    JournalAudit.Refusal r = refused.get(0);
    String where =
        r.line() == 0
            ? journal + ": a step the hub's store holds is missing ('" + r.event() + "'"
            : journal + ":" + r.line() + ": ('" + r.event() + "'";
    return where
        + " of window "
        + r.window()
        + "): "
        + r.why()
        + " (the evidence chain here: "
        + store
        + ", table hub_events)"
        + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : "")
        + "; the journal was changed while the hub was stopped. Restore it from a backup, or see"
        + " docs/HUB.md, \"A journal the hub refuses\"";
  }

  /** The API's bound address; only after {@link #start()}. */
  public InetSocketAddress apiAddress() {
    return api.address();
  }

  /** The metrics endpoint's bound address; only after {@link #start()}. */
  public InetSocketAddress metricsAddress() {
    return metricsServer.address();
  }

  /** The hub's consumer (its counts), for health and tests. */
  public HubConsumer consumer() {
    return consumer;
  }

  /** The hub's store, for health and tests. */
  public HubStore store() {
    return store;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("event=stopping");
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.log(Level.SEVERE, "event=stop_step_failed error=\"" + e.getMessage() + "\"", e);
      }
    }
    LOG.info("event=stopped config=" + configFile);
  }
}
