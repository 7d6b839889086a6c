package io.vigie.flow;

import io.vigie.protocol.Expectation;
import io.vigie.protocol.Expectations;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flows announced by a control session (FTP data connections, TFTP transfers, RTP of an RTSP
 * SETUP), matched when the flow's first packet arrives. Indexed by the endpoint whose port is
 * known; bounded, and expired in packet time, so a flood of announcements cannot grow it.
 */
public final class ExpectationTable implements Expectations {
  static final int MAX_PENDING = 4096;

  private record Endpoint(int version, long hi, long lo, int port) {}

  private final Map<Endpoint, List<Expectation>> byEndpoint = new HashMap<>();
  private final ArrayDeque<Expectation> order = new ArrayDeque<>();
  private long dropped;

  @Override
  public void expect(Expectation e) {
    if (order.size() >= MAX_PENDING) {
      forget(order.pollFirst());
      dropped++;
    }
    order.addLast(e);
    byEndpoint.computeIfAbsent(key(e), k -> new ArrayList<>(2)).add(e);
  }

  /** Announcements dropped because the table was full. */
  public long dropped() {
    return dropped;
  }

  public int pending() {
    return order.size();
  }

  /** Gives a new flow its app, parent and inherited fields when it was announced. */
  void apply(Flow f, long tsNanos) {
    if (byEndpoint.isEmpty()) {
      return;
    }
    expireBefore(tsNanos);
    Expectation e =
        match(
            f,
            tsNanos,
            f.ipVersion,
            f.origHi,
            f.origLo,
            f.origPort,
            f.respHi,
            f.respLo,
            f.respPort);
    if (e == null) {
      e =
          match(
              f,
              tsNanos,
              f.ipVersion,
              f.respHi,
              f.respLo,
              f.respPort,
              f.origHi,
              f.origLo,
              f.origPort);
    }
    if (e == null) {
      return;
    }
    forget(e);
    order.remove(e);
    f.app = e.app();
    f.attrs.parent = e.parentCommunityId();
    if (e.attrs() != null) {
      f.attrs.inheritFrom(e.attrs());
    }
  }

  private Expectation match(
      Flow f, long ts, int v, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
    // The indexed endpoint is the one with a known port: try this side with its port, and this
    // side with "any port" for expectations that fixed only the other side's port.
    Expectation e = scan(byEndpoint.get(new Endpoint(v, aHi, aLo, aPort)), f, ts, bHi, bLo, bPort);
    return e != null
        ? e
        : scan(byEndpoint.get(new Endpoint(v, aHi, aLo, 0)), f, ts, bHi, bLo, bPort);
  }

  private static Expectation scan(
      List<Expectation> list, Flow f, long ts, long peerHi, long peerLo, int peerPort) {
    if (list == null) {
      return null;
    }
    for (Expectation e : list) {
      if (e.expiresNanos() >= ts
          && e.ipProto() == f.ipProto
          && e.peerHi() == peerHi
          && e.peerLo() == peerLo
          && (e.peerPort() == 0 || e.peerPort() == peerPort)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Drops expired announcements from the oldest end only: constant work per new flow. One that
   * expired behind a longer-lived one waits (bounded by {@link #MAX_PENDING}); {@code scan} never
   * matches it.
   */
  private void expireBefore(long tsNanos) {
    while (!order.isEmpty() && order.peekFirst().expiresNanos() < tsNanos) {
      forget(order.pollFirst());
    }
  }

  private void forget(Expectation e) {
    Endpoint k = key(e);
    List<Expectation> list = byEndpoint.get(k);
    if (list != null) {
      list.remove(e);
      if (list.isEmpty()) {
        byEndpoint.remove(k);
      }
    }
  }

  private static Endpoint key(Expectation e) {
    return new Endpoint(e.ipVersion(), e.hostHi(), e.hostLo(), e.hostPort());
  }
}
