package io.vigie.gate;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vigie.config.GateConfig;
import io.vigie.flow.CommunityId;
import io.vigie.net.App;
import io.vigie.net.IpAddress;
import io.vigie.policy.Window;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One relayed connection: vendor ⇄ gate ⇄ target. Both channels share one event loop; counters and
 * the metadata record are touched only there. {@link #close} may be called from any thread.
 *
 * <p>The metadata record is pcap-like without payload: for the first {@value #MAX_RECORDS} reads,
 * time since the start, direction and length; later reads are only counted.
 */
public final class GateConnection {
  static final int MAX_RECORDS = 256;
  private static final System.Logger LOG = System.getLogger(GateConnection.class.getName());

  private final long id;
  private final String listener;
  private final GateConfig.Identity identity;
  private final GateConfig.Target target;
  private final App app;
  private final Channel inbound;
  private final long startNanos;
  private final Clock clock;
  private final GateSessions sessions;
  private final GateEvents events;
  private final GateMetrics metrics;
  private volatile String window;
  private volatile Channel outbound;
  private volatile boolean closed;
  private String gateH;
  private int gateP;
  private String legCommunityId;
  private long toTarget;
  private long fromTarget;
  private final long[] recNanos = new long[MAX_RECORDS];
  private final int[] recLen = new int[MAX_RECORDS];
  private int records;
  private long recordsDropped;

  GateConnection(
      long id,
      String listener,
      GateConfig.Identity identity,
      GateConfig.Target target,
      App app,
      Channel inbound,
      Window window,
      Clock clock,
      GateSessions sessions,
      GateEvents events,
      GateMetrics metrics) {
    this.id = id;
    this.listener = listener;
    this.identity = identity;
    this.target = target;
    this.app = app;
    this.inbound = inbound;
    this.window = window.id();
    this.clock = clock;
    this.startNanos = Window.nanosOf(clock.instant());
    this.sessions = sessions;
    this.events = events;
    this.metrics = metrics;
  }

  public long id() {
    return id;
  }

  public String window() {
    return window;
  }

  public String identity() {
    return identity.name();
  }

  public GateConfig.Identity identityConfig() {
    return identity;
  }

  public GateConfig.Target target() {
    return target;
  }

  public App app() {
    return app;
  }

  public String peerAddress() {
    return address(inbound.remoteAddress());
  }

  public boolean isClosed() {
    return closed;
  }

  /** Another window takes over (coverage chained when the first ends). */
  void moveTo(String newWindow) {
    this.window = newWindow;
  }

  void outbound(Channel ch) {
    this.outbound = ch;
    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
    gateH = address(local);
    gateP = local.getPort();
    IpAddress.Parsed src = IpAddress.parse(gateH);
    IpAddress.Parsed dst = IpAddress.parse(target.address());
    if (src.version() == dst.version()) {
      legCommunityId =
          new CommunityId(0)
              .compute(
                  src.version(), src.hi(), src.lo(), dst.hi(), dst.lo(), 6, gateP, target.port());
    }
    sessions.recordLeg(
        new GateSessions.Leg(
            gateH, gateP, target.address(), target.port(), window, identity.name()));
  }

  /** Counts a read of {@code len} bytes, called on the event loop. */
  void onData(boolean towardTarget, int len) {
    if (towardTarget) {
      toTarget += len;
    } else {
      fromTarget += len;
    }
    if (records < MAX_RECORDS) {
      recNanos[records] = Window.nanosOf(clock.instant()) - startNanos;
      recLen[records] = towardTarget ? len : -len;
      records++;
    } else {
      recordsDropped++;
    }
  }

  /**
   * Ends the connection once: {@code graceful} flushes what is queued toward each side first (a
   * side closed normally), otherwise both sockets close at once (window ended, refusal).
   */
  public void close(String reason, boolean graceful) {
    if (!inbound.eventLoop().inEventLoop()) {
      inbound.eventLoop().execute(() -> close(reason, graceful));
      return;
    }
    if (closed) {
      return;
    }
    closed = true;
    sessions.remove(this);
    Channel out = outbound;
    for (Channel ch : out == null ? List.of(inbound) : List.of(inbound, out)) {
      if (graceful && ch.isActive()) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      } else {
        ch.close();
      }
    }
    long end = Window.nanosOf(clock.instant());
    // DEBUG: the session evidence is the record; a window cut is logged once per window.
    LOG.log(
        System.Logger.Level.DEBUG,
        "gate {0}: connection {1} of {2} to {3} closed ({4}), {5} bytes to target, {6} back",
        listener,
        id,
        identity.name(),
        target.name(),
        reason,
        toTarget,
        fromTarget);
    metrics.closed(listener, reason, toTarget, fromTarget);
    events.session(startNanos, window, sessionFields(end, reason));
  }

  private Map<String, Object> sessionFields(long endNanos, String reason) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("gate", true);
    f.put("connection", id);
    f.put("listener", listener);
    f.put("identity", identity.name());
    f.put("window", window);
    f.put("ts", BigDecimal.valueOf(startNanos, 9));
    f.put("duration", BigDecimal.valueOf(endNanos - startNanos, 9));
    f.put("proto", "tcp");
    f.put("app", app.wireName());
    f.put("orig_h", peerAddress());
    if (inbound.remoteAddress() instanceof InetSocketAddress peer) {
      f.put("orig_p", peer.getPort());
    }
    if (gateH != null) {
      f.put("gate_h", gateH);
      f.put("gate_p", gateP);
    }
    f.put("resp_h", target.address());
    f.put("resp_p", target.port());
    f.put("resp_name", target.name());
    f.put("orig_bytes", toTarget);
    f.put("resp_bytes", fromTarget);
    f.put("end_reason", reason);
    // Admitted under a window: the gate's own verdict. The Community ID is the gate's leg, the
    // flow the capture sees inside the video network, so the two records join.
    f.put("vendor", true);
    f.put("verdict", "authorised");
    if (legCommunityId != null) {
      f.put("community_id", legCommunityId);
    }
    List<Map<String, Object>> recs = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("t", BigDecimal.valueOf(recNanos[i], 9));
      r.put("dir", recLen[i] >= 0 ? "to_target" : "from_target");
      r.put("len", Math.abs(recLen[i]));
      recs.add(r);
    }
    f.put("records", recs);
    f.put("records_dropped", recordsDropped);
    return f;
  }

  /** The canonical text of a socket's address, as the capture side writes it. */
  static String address(SocketAddress a) {
    if (!(a instanceof InetSocketAddress isa) || isa.getAddress() == null) {
      return String.valueOf(a);
    }
    String text = isa.getAddress().getHostAddress();
    int scope = text.indexOf('%');
    IpAddress.Parsed p = IpAddress.parse(scope < 0 ? text : text.substring(0, scope));
    return IpAddress.format(p.version(), p.hi(), p.lo());
  }
}
