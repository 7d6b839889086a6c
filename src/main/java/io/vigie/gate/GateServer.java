package io.vigie.gate;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigie.config.GateConfig;
import io.vigie.policy.WindowSet;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gate: one TCP listener per configured {@code listeners} entry, relaying admitted vendor
 * connections to targets inside the video network while a window covers them.
 *
 * <pre>{@code
 * GateServer gate = new GateServer(site.gate(), windowService::snapshot,
 *     new GateEvents(evidenceStore, noticeSink), GateMetrics.NONE, Clock.systemUTC());
 * gate.start();                  // binds every listener or throws
 * ... gate.sessions()            // for GateBypass in the capture pipeline
 * gate.close();                  // in the daemon's finally, after capture stops
 * }</pre>
 *
 * <p>Threads: {@code vigie-gate-accept} accepts, {@code vigie-gate-io-*} relay (both legs of a
 * connection on one loop) and run the window check every {@link #CHECK_MILLIS} ms.
 */
public final class GateServer implements AutoCloseable {
  static final long CHECK_MILLIS = 250;

  /** How long close() waits for each event-loop group. */
  static final long STOP_MILLIS = 3000;

  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
  private static final System.Logger LOG = System.getLogger(GateServer.class.getName());

  private final GateConfig config;
  private final GateContext context;
  private final WindowEnforcer enforcer;
  private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
  private EventLoopGroup accept;
  private EventLoopGroup io;
  private ScheduledFuture<?> check;

  public GateServer(
      GateConfig config,
      Supplier<WindowSet> windows,
      GateEvents events,
      GateMetrics metrics,
      Clock clock) {
    this.config = config;
    GateSessions sessions = new GateSessions(config.maxConnectionsPerWindow(), 100_000);
    this.context = new GateContext(config, windows, clock, sessions, events, metrics);
    this.enforcer =
        new WindowEnforcer(
            sessions, windows, clock, Duration.ofSeconds(config.warnBeforeEndSeconds()), metrics);
  }

  /** Binds every listener and starts the window check; on failure nothing is left running. */
  public synchronized void start() throws IOException {
    accept = new NioEventLoopGroup(1, new DefaultThreadFactory("vigie-gate-accept"));
    io = new NioEventLoopGroup(0, new DefaultThreadFactory("vigie-gate-io"));
    try {
      checkSourceAddress(config.address());
      SslContext ssl = config.tls() == null ? null : serverTls(config.tls());
      for (GateConfig.Listener l : config.listeners()) {
        ServerBootstrap b =
            new ServerBootstrap()
                .group(accept, io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, recvAllocator())
                .childHandler(
                    new GateInitializer(context, l, l.auth() == GateConfig.Auth.MTLS ? ssl : null));
        Channel ch;
        try {
          ch = b.bind(l.listenAddress()).sync().channel();
        } catch (Exception e) {
          throw new IOException(
              "gate listener '"
                  + l.name()
                  + "' cannot listen on "
                  + l.listen()
                  + ": "
                  + e.getMessage(),
              e);
        }
        bound.put(l.name(), (InetSocketAddress) ch.localAddress());
        LOG.log(
            System.Logger.Level.INFO,
            "gate listener {0} on {1} ({2}, {3})",
            l.name(),
            ch.localAddress(),
            l.app(),
            l.auth());
      }
      check =
          io.next()
              .scheduleAtFixedRate(enforcer, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The relays leave from {@code gate.address} (AdmissionHandler binds them there), so that the
   * sessions the sensor sees from that address are the gate's own and all others are a bypass: an
   * address this host does not hold would make every relay fail, so it stops the start instead.
   */
  private static void checkSourceAddress(String address) throws IOException {
    if (address == null) {
      return;
    }
    InetAddress a = InetAddress.getByName(address);
    if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
      throw new IOException(
          "gate.address "
              + address
              + " is not an address of this host: the gate's connections to the cameras leave"
              + " from it");
    }
  }

  /** Where a listener is bound (its port when the config said 0). */
  public synchronized InetSocketAddress address(String listener) {
    InetSocketAddress a = bound.get(listener);
    if (a == null) {
      throw new IllegalArgumentException("no bound listener '" + listener + "'");
    }
    return a;
  }

  public GateSessions sessions() {
    return context.sessions;
  }

  @Override
  public synchronized void close() {
    if (check != null) {
      check.cancel(false);
    }
    for (GateConnection c : context.sessions.live()) {
      c.close("gate_stopped", false);
    }
    // Bounded waits: the daemon's stop must fit in the unit's TimeoutStopSec even under a flood.
    if (accept != null
        && !accept.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(STOP_MILLIS)) {
      LOG.log(System.Logger.Level.WARNING, "event=gate_stop_slow part=accept");
    }
    if (io != null
        && !io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(STOP_MILLIS)) {
      LOG.log(System.Logger.Level.WARNING, "event=gate_stop_slow part=io");
    }
  }

  static SslContext serverTls(GateConfig.Tls tls) throws IOException {
    try {
      return SslContextBuilder.forServer(new File(tls.cert()), new File(tls.key()))
          .trustManager(new File(tls.clientCa()))
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (Exception e) {
      throw new IOException(
          "gate tls: cannot load "
              + tls.cert()
              + " / "
              + tls.key()
              + " / "
              + tls.clientCa()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** One read of at most 64 KiB per read call, so a read never outruns the water marks by much. */
  static RecvByteBufAllocator recvAllocator() {
    return new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 64 * 1024).maxMessagesPerRead(1);
  }

  /** The target leg uses the same transport as the listeners (both legs on one NIO loop). */
  static Class<? extends SocketChannel> clientChannel() {
    return NioSocketChannel.class;
  }
}
