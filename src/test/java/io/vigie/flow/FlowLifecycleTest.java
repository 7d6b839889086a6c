package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vigie.config.SiteConfig.FlowConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowLifecycleTest {
  private static final long S = 1_000_000_000L;

  /** tcp idle 30 s, udp idle 10 s, active 100 s; closed TCP lingers 2 s. */
  private final FlowLifecycle life = new FlowLifecycle(new FlowConfig(100, 30, 10, 100));

  private Flow start(int proto, long firstSeconds) {
    Flow f = new Flow();
    f.ipProto = proto;
    f.firstNanos = firstSeconds * S;
    f.lastNanos = firstSeconds * S;
    life.started(f);
    return f;
  }

  private static void seen(FlowLifecycle life, Flow f, long seconds) {
    f.lastNanos = seconds * S;
    life.touched(f);
  }

  /** Ends every flow the pass names, as the flow table does, and says which ended why. */
  private List<String> expireAt(long seconds, List<Flow> named) {
    List<String> out = new ArrayList<>();
    life.beginExpiry(seconds * S);
    for (Flow f; (f = life.nextExpired()) != null; ) {
      out.add(named.indexOf(f) + ":" + life.expiredReason());
      life.ended(f);
    }
    return out;
  }

  @Test
  void eachListExpiresByItsOwnTimeoutInAFixedOrder() {
    Flow tcpIdle = start(6, 0);
    Flow tcpFin = start(6, 0);
    Flow tcpRst = start(6, 0);
    Flow udp = start(17, 0);
    Flow longLived = start(17, 0);
    List<Flow> named = List.of(tcpIdle, tcpFin, tcpRst, udp, longLived);
    tcpFin.origFin = true;
    tcpFin.respFin = true;
    seen(life, tcpFin, 20);
    life.tcpStateChanged(tcpFin);
    tcpRst.rst = true;
    seen(life, tcpRst, 21);
    life.tcpStateChanged(tcpRst);
    for (long t = 5; t <= 95; t += 5) {
      seen(life, longLived, t);
    }
    assertEquals(List.of("1:fin", "2:rst", "3:idle"), expireAt(25, named));
    assertEquals(List.of("0:idle"), expireAt(30, named));
    assertEquals(List.of(), expireAt(99, named));
    assertEquals(List.of("4:active"), expireAt(100, named));
    assertNull(life.oldest());
  }

  @Test
  void aTouchedFlowIsNoLongerTheFirstToGo() {
    Flow a = start(17, 0);
    Flow b = start(17, 1);
    assertSame(a, life.leastRecentlyActive());
    seen(life, a, 2);
    assertSame(b, life.leastRecentlyActive());
    assertSame(a, life.oldest(), "age is by first packet, whatever came since");
  }

  @Test
  void evictionPicksTheLongestIdleAcrossTheLists() {
    Flow tcp = start(6, 3);
    Flow udp = start(17, 2);
    Flow closed = start(6, 1);
    closed.rst = true;
    life.tcpStateChanged(closed);
    assertSame(closed, life.leastRecentlyActive());
    life.ended(closed);
    assertSame(udp, life.leastRecentlyActive());
    life.ended(udp);
    assertSame(tcp, life.leastRecentlyActive());
    life.ended(tcp);
    assertNull(life.leastRecentlyActive());
    assertNull(life.oldest());
  }
}
