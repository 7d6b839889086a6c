package io.vigie.gate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigie.budget.SourceBudget;
import io.vigie.config.GateConfig;
import io.vigie.policy.Window;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides a {@link GateRequest}: unknown target, no covering window or a full window refuse it at
 * once; otherwise connects to the target and puts the relay in place of itself.
 *
 * <pre>
 *  vendor ─► [idle] [tls] [preamble|mtls] [admission] ─(admitted)─► [app check] [relay] ─► target
 *  target ─► [app check] [relay] ─► vendor
 * </pre>
 *
 * <p>Bytes the vendor sent after its request wait here (at most one read, as reads stop until the
 * relay starts). A request must come within {@code preamble_seconds}; while it has not, the
 * connection holds one of the pending slots ({@code max_pending}, {@code max_pending_per_source}),
 * checked before anything else is done for it. Any failure before admission ends in a refusal
 * (logged at a bounded rate, counted, a {@code gate_refused} notice), never in silence.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(AdmissionHandler.class.getName());

  private final GateContext gate;
  private final GateConfig.Listener listener;
  private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
  private ScheduledFuture<?> deadline;
  private InetAddress counted;
  private boolean decided;
  private GateConnection conn;

  AdmissionHandler(GateContext gate, GateConfig.Listener listener) {
    this.gate = gate;
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetAddress source = source(ctx.channel());
    SourceBudget.Verdict v = gate.pending.tryAcquire(source);
    if (v != SourceBudget.Verdict.OK) {
      decided = true;
      // Cheap: no TLS, no preamble, no timer; the notice is one per interval (GateEvents).
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      gate.refuse(
          ctx.channel(),
          listener,
          null,
          null,
          v.reason("pending"),
          v == SourceBudget.Verdict.TOTAL
              ? gate.config.maxPending() + " connections are already waiting to be admitted"
              : gate.config.maxPendingPerSource()
                  + " connections from this address are already waiting to be admitted",
          true);
      return;
    }
    counted = source;
    int seconds = gate.config.preambleSeconds();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  if (!decided) {
                    decided = true;
                    gate.refuse(
                        ctx.channel(),
                        listener,
                        null,
                        null,
                        "request_timeout",
                        "no request within " + seconds + " s",
                        true);
                  }
                },
                seconds,
                TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
    early.forEach(ByteBuf::release);
    early.clear();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    decided = true;
    release();
    if (conn != null) {
      conn.close("vendor_closed", false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (decided && conn != null) {
      // Admitted and connecting: the connection's own close records how it ended.
      conn.close("error", false);
      return;
    }
    if (decided) {
      ctx.close();
      return;
    }
    decided = true;
    release();
    // A failed TLS handshake, a reset, a handler that could not allocate: a refusal like any other.
    gate.refuse(
        ctx.channel(),
        listener,
        null,
        null,
        "channel_error",
        "connection failed before admission: " + cause.getClass().getSimpleName(),
        true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      early.add(b);
      return;
    }
    if (!(msg instanceof GateRequest req) || decided) {
      return;
    }
    decided = true;
    cancelDeadline();
    Channel in = ctx.channel();
    String peer = GateConnection.address(in.remoteAddress());
    Optional<GateConfig.Target> target =
        listener.targets().stream().filter(t -> t.name().equals(req.target())).findFirst();
    if (target.isEmpty()) {
      gate.refuse(
          in,
          listener,
          req.identity().name(),
          req.target(),
          "unknown_target",
          "'" + req.target() + "' is not a target of this listener",
          true);
      return;
    }
    Decision d =
        Admission.decide(
            gate.windows.get(),
            req.identity(),
            target.get(),
            listener.application(),
            peer,
            gate.clock.instant());
    if (!d.admitted()) {
      gate.refuse(in, listener, req.identity().name(), req.target(), d.reason(), d.message(), true);
      return;
    }
    Window w = d.window();
    GateConnection conn =
        new GateConnection(
            gate.ids.incrementAndGet(),
            listener.name(),
            req.identity(),
            target.get(),
            listener.application(),
            in,
            w,
            gate.clock,
            gate.sessions,
            gate.events,
            gate.metrics);
    if (!gate.sessions.tryAdd(conn)) {
      gate.refuse(
          in,
          listener,
          req.identity().name(),
          req.target(),
          "window_connection_limit",
          "window "
              + w.id()
              + " already has "
              + gate.config.maxConnectionsPerWindow()
              + " connections",
          true);
      return;
    }
    release();
    this.conn = conn;
    connect(ctx, conn);
  }

  private void connect(ChannelHandlerContext ctx, GateConnection conn) {
    Channel in = ctx.channel();
    GateConfig.Target t = conn.target();
    Bootstrap b =
        new Bootstrap()
            .group(in.eventLoop())
            .channel(GateServer.clientChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, GateServer.WATER_MARK)
            .option(ChannelOption.RCVBUF_ALLOCATOR, GateServer.recvAllocator())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast("app-check", new AppCheckHandler(gate, listener, conn, false));
                    ch.pipeline().addLast("relay", new RelayHandler(in, conn, false));
                  }
                });
    // From gate.address: the sensor tells the gate's relays from a bypass by their source.
    String from = gate.config.address();
    ChannelFuture f =
        from == null
            ? b.connect(new InetSocketAddress(t.address(), t.port()))
            : b.connect(
                new InetSocketAddress(t.address(), t.port()), new InetSocketAddress(from, 0));
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            LOG.log(
                System.Logger.Level.WARNING,
                "gate {0}: target {1} {2}:{3} unreachable: {4}",
                listener.name(),
                t.name(),
                t.address(),
                t.port(),
                String.valueOf(done.cause()));
            conn.close("target_unreachable", false);
            return;
          }
          Channel out = f.channel();
          conn.outbound(out);
          if (conn.isClosed() || !in.isActive()) {
            conn.close("vendor_closed", false);
            out.close();
            return;
          }
          LOG.log(
              System.Logger.Level.INFO,
              "gate {0}: connection {1} of {2} from {3} to {4} admitted under window {5}",
              listener.name(),
              conn.id(),
              conn.identity(),
              conn.peerAddress(),
              t.name(),
              conn.window());
          gate.metrics.admitted(listener.name());
          if (listener.auth() == GateConfig.Auth.TOKEN) {
            in.writeAndFlush(
                Unpooled.copiedBuffer(
                    "VIGIE1 OK " + conn.window() + "\n", StandardCharsets.US_ASCII));
          }
          ctx.pipeline().addAfter(ctx.name(), "relay", new RelayHandler(out, conn, true));
          ctx.pipeline()
              .addAfter(ctx.name(), "app-check", new AppCheckHandler(gate, listener, conn, true));
          // The bytes sent with the request go to the app check first, then this handler leaves.
          while (!early.isEmpty()) {
            ctx.fireChannelRead(early.poll());
          }
          ctx.pipeline().remove(this);
          in.read();
          out.read();
        });
  }

  /** The peer's address; channels without one (embedded, in tests) share the loopback's slots. */
  static InetAddress source(Channel ch) {
    return ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** This connection no longer counts as waiting. */
  private void release() {
    cancelDeadline();
    if (counted != null) {
      gate.pending.release(counted);
      counted = null;
    }
  }
}
