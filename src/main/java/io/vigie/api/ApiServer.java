package io.vigie.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigie.budget.RateLimitedLog;
import io.vigie.budget.SourceBudget;
import io.vigie.config.ApiConfig;
import io.vigie.facts.EvidenceSink;
import io.vigie.policy.WindowService;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The authenticated HTTP API of vigie, REST under {@code /api/v1} (see openapi.yaml).
 *
 * <pre>{@code
 * ApiServer api = new ApiServer(site.api().resolvedAgainst(configDir), windows, queries, evidence, clock);
 * api.start();                 // binds; throws IOException naming the file or address at fault
 * int port = api.port();       // the bound port (useful with listen "127.0.0.1:0")
 * ...
 * api.close();                 // stops accepting, drains, stops the executor
 * }</pre>
 *
 * <p>Threads: {@code vigie-api-accept}, {@code vigie-api-io-*} (event loops, never blocked) and
 * {@code vigie-api-worker-*} (route actions: window service calls and evidence queries). When the
 * workers are saturated, requests get 503 rather than queue without bound.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  /** How often the ledger of refused requests is asked to write the minutes that are over. */
  static final int LEDGER_TICK_SECONDS = 5;

  static final int WORKERS = 4;
  static final int QUEUE = 256;

  static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  /**
   * How long close() waits for each part: the daemon's whole stop must fit in the unit's
   * TimeoutStopSec (30 s) even when the event loops are swamped.
   */
  static final long STOP_MILLIS = 3000;

  private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

  private final ApiConfig config;
  private final Router router;
  private final List<Consumer<Exchange>> observers;
  private final TokenVerifier tokens;
  private final DirectoryLogin logins;
  private final ApiMetrics metrics;
  private final RefusalLedger ledger;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ThreadPoolExecutor workers;
  private Channel channel;

  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock) {
    this(config, windows, queries, evidence, clock, List.of());
  }

  /**
   * With more routes served beside the API's own, such as the web UI's ({@code WebUi.routes()}); a
   * path the API already has is refused at construction.
   */
  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock,
      List<Route> extraRoutes) {
    this(
        config,
        windows,
        queries,
        evidence,
        clock,
        extraRoutes,
        AbuseGuard.of(config.appLimits(), evidence, clock),
        ApiMetrics.NONE);
  }

  /** With the transport's refusals counted in {@code metrics}. */
  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock,
      List<Route> extraRoutes,
      ApiMetrics metrics) {
    this(
        config,
        windows,
        queries,
        evidence,
        clock,
        extraRoutes,
        AbuseGuard.of(config.appLimits(), evidence, clock),
        metrics);
  }

  /** With the {@link AbuseGuard} the web UI shares and no transport metrics. */
  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock,
      List<Route> extraRoutes,
      AbuseGuard guard) {
    this(config, windows, queries, evidence, clock, extraRoutes, guard, ApiMetrics.NONE);
  }

  /**
   * With the {@link AbuseGuard} the web UI shares (its failed logins and the API's refusals are
   * counted together, per source and minute) and the transport's refusals counted in {@code
   * metrics}.
   */
  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock,
      List<Route> extraRoutes,
      AbuseGuard guard,
      ApiMetrics metrics) {
    this(
        config,
        windows,
        queries,
        evidence,
        clock,
        extraRoutes,
        guard,
        metrics,
        DirectoryLogin.none(guard));
  }

  /**
   * With the directory's people logging in to the API with HTTP Basic (their directory password),
   * throttled and audited by {@code logins}, beside the bearer tokens of machines and the vendor.
   */
  public ApiServer(
      ApiConfig config,
      WindowService windows,
      EventQueries queries,
      EvidenceSink evidence,
      Clock clock,
      List<Route> extraRoutes,
      AbuseGuard guard,
      ApiMetrics metrics,
      DirectoryLogin logins) {
    // queries: null when the caller serves /notices and /sessions itself, among extraRoutes
    this.logins = logins;
    this.config = config;
    this.metrics = metrics;
    this.ledger = guard.ledger();
    this.tokens = new TokenVerifier(config.tokens());
    Set<String> approvers = config.approverRoles();
    Set<String> everyone = new HashSet<>(ApiConfig.BUILT_IN_ROLES);
    everyone.addAll(approvers);
    Set<String> readers = new HashSet<>(approvers);
    readers.add("reviewer");
    readers.add("admin");
    List<Route> routes = new ArrayList<>(new SystemRoutes().routes());
    routes.addAll(
        new WindowRoutes(windows, clock, config.appLimits().pageSize())
            .routes(approvers, everyone));
    // The hub serves its own city-wide notices and sessions (io.vigie.hub) and passes no queries.
    if (queries != null) {
      routes.addAll(new EventRoutes(queries).routes(readers));
    }
    routes.addAll(extraRoutes);
    this.router = new Router(routes);
    this.observers = List.of(new AccessLog(), new AuditTrail(evidence, ledger, clock));
  }

  /** Every route, for documentation and tests. */
  public List<Route> routes() {
    return router.routes();
  }

  /** Binds and starts serving. */
  public synchronized void start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("API server already started");
    }
    SslContext ssl = sslContext();
    InetSocketAddress bind = config.listenAddress();
    acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("vigie-api-accept"));
    ioGroup = new NioEventLoopGroup(2, new DefaultThreadFactory("vigie-api-io"));
    workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            new DefaultThreadFactory("vigie-api-worker"));
    ApiConfig.Limits limits = config.limits();
    ConnectionBudget connections =
        new ConnectionBudget(
            new SourceBudget(limits.maxConnections(), limits.maxConnectionsPerSource()),
            metrics,
            new RateLimitedLog(
                limits.logLinesPerMinute(),
                LOG_INTERVAL,
                System::nanoTime,
                m -> LOG.log(Level.WARNING, m)));
    RateLimitedLog timeouts =
        new RateLimitedLog(
            limits.logLinesPerMinute(),
            LOG_INTERVAL,
            System::nanoTime,
            m -> LOG.log(Level.INFO, m));
    try {
      channel =
          new ServerBootstrap()
              .group(acceptGroup, ioGroup)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 128)
              // Heap buffers, never direct ones: a flood of requests then weighs on the heap, which
              // the budgets bound, and cannot starve the gate's relays or capture of direct memory
              // (threads stuck in Bits.reserveMemory).
              .childOption(ChannelOption.ALLOCATOR, HEAP)
              .childOption(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new AdaptiveRecvByteBufAllocator(64, 1024, 16 * 1024))
              .childHandler(
                  new ApiInitializer(
                      ssl,
                      config.maxBodyBytes(),
                      observers,
                      tokens,
                      logins,
                      router,
                      workers,
                      limits,
                      connections,
                      metrics,
                      timeouts))
              .bind(bind)
              .syncUninterruptibly()
              .channel();
      // Each source's minute of refusals becomes one record once the minute is over, traffic or
      // not.
      acceptGroup.scheduleAtFixedRate(
          this::tickLedger, LEDGER_TICK_SECONDS, LEDGER_TICK_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      // Netty rethrows the bind's checked exception (BindException) undeclared; name the address.
      throw new IOException(
          "api.listen " + config.listen() + ": cannot bind: " + e.getMessage(), e);
    }
  }

  private void tickLedger() {
    try {
      ledger.tick();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "refused-request ledger tick failed: " + e);
    }
  }

  /** The bound port; only after {@link #start()}. */
  public int port() {
    return address().getPort();
  }

  /** The bound address; only after {@link #start()}. */
  public synchronized InetSocketAddress address() {
    if (channel == null) {
      throw new IllegalStateException("API server not started");
    }
    return (InetSocketAddress) channel.localAddress();
  }

  /** Whether HTTPS is served. */
  public boolean tls() {
    return config.tls() != null;
  }

  @Override
  public synchronized void close() {
    try {
      if (channel != null) {
        channel.close().awaitUninterruptibly(STOP_MILLIS);
      }
    } finally {
      channel = null;
      // Workers first: their answers are written by the event loops, which must still run.
      if (workers != null) {
        workers.shutdown();
        try {
          if (!workers.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      // Bounded waits, not sync(): a loop that cannot finish must not hold up the daemon's stop.
      if (acceptGroup != null
          && !acceptGroup
              .shutdownGracefully(0, 2, TimeUnit.SECONDS)
              .awaitUninterruptibly(STOP_MILLIS)) {
        LOG.log(Level.WARNING, "event=api_stop_slow part=accept");
      }
      if (ioGroup != null
          && !ioGroup
              .shutdownGracefully(0, 2, TimeUnit.SECONDS)
              .awaitUninterruptibly(STOP_MILLIS)) {
        LOG.log(Level.WARNING, "event=api_stop_slow part=io");
      }
      acceptGroup = null;
      ioGroup = null;
      workers = null;
      ledger.flush();
    }
  }

  private SslContext sslContext() throws IOException {
    ApiConfig.Tls tls = config.tls();
    if (tls == null) {
      return null;
    }
    File cert = new File(tls.certFile());
    File key = new File(tls.keyFile());
    if (!cert.canRead()) {
      throw new IOException("api.tls.cert_file " + cert + ": cannot read");
    }
    if (!key.canRead()) {
      throw new IOException("api.tls.key_file " + key + ": cannot read");
    }
    try {
      return SslContextBuilder.forServer(cert, key).build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(
          "api.tls: cannot load "
              + cert
              + " / "
              + key
              + " (PEM certificate and PKCS#8 key expected): "
              + e.getMessage(),
          e);
    }
  }
}
