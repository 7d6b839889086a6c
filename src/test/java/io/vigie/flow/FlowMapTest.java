package io.vigie.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.decode.DecodedPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowMapTest {
  private final FlowMap map = new FlowMap();

  private static Flow flow(long orig, int origPort, long resp, int respPort, int hash) {
    Flow f = new Flow();
    f.ipVersion = 4;
    f.ipProto = DecodedPacket.PROTO_UDP;
    f.origLo = orig;
    f.respLo = resp;
    f.origKeyPort = origPort;
    f.respKeyPort = respPort;
    f.hash = hash;
    return f;
  }

  private static Flow flow(long orig, int origPort, long resp, int respPort) {
    return flow(
        orig,
        origPort,
        resp,
        respPort,
        FlowMap.hash(0, orig, origPort, 0, resp, respPort, DecodedPacket.PROTO_UDP));
  }

  private Flow find(long src, int sport, long dst, int dport, int hash) {
    DecodedPacket p = new DecodedPacket();
    p.ipVersion = 4;
    p.ipProto = DecodedPacket.PROTO_UDP;
    p.srcLo = src;
    p.dstLo = dst;
    return map.find(hash, p, sport, dport);
  }

  private Flow find(long src, int sport, long dst, int dport) {
    return find(
        src,
        sport,
        dst,
        dport,
        FlowMap.hash(0, src, sport, 0, dst, dport, DecodedPacket.PROTO_UDP));
  }

  @Test
  void theHashIsTheSameBothWaysAndDiffersWithTheProtocol() {
    assertEquals(FlowMap.hash(1, 2, 3, 4, 5, 6, 17), FlowMap.hash(4, 5, 6, 1, 2, 3, 17));
    assertTrue(FlowMap.hash(1, 2, 3, 4, 5, 6, 17) != FlowMap.hash(1, 2, 3, 4, 5, 6, 6));
  }

  @Test
  void aFlowIsFoundFromEitherSideWithTheDirectionOfThePacket() {
    Flow f = flow(10, 4000, 20, 53);
    map.insert(f);
    assertSame(f, find(10, 4000, 20, 53));
    assertTrue(map.foundFromOrig());
    assertSame(f, find(20, 53, 10, 4000));
    assertFalse(map.foundFromOrig());
    assertNull(find(10, 4001, 20, 53), "another port is another flow");
    assertEquals(1, map.size());
  }

  @Test
  void growingKeepsEveryFlowFindable() {
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Flow f = flow(i, 1000 + (i % 7), 1_000_000 + i, 80);
      flows.add(f);
      map.insert(f);
    }
    assertEquals(10_000, map.size());
    for (int i = 0; i < flows.size(); i++) {
      assertSame(flows.get(i), find(1_000_000 + i, 80, i, 1000 + (i % 7)), "flow " + i);
    }
  }

  @Test
  void removingFromTheMiddleOfAProbeChainLeavesTheRestFindable() {
    // Same hash: one probe chain of five; removing the second must shift the others back.
    int h = 42;
    List<Flow> chain = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Flow f = flow(100 + i, 7, 200, 9, h);
      chain.add(f);
      map.insert(f);
    }
    map.remove(chain.get(1));
    assertEquals(4, map.size());
    assertNull(find(101, 7, 200, 9, h));
    for (int i : new int[] {0, 2, 3, 4}) {
      assertSame(chain.get(i), find(100 + i, 7, 200, 9, h), "flow " + i);
    }
    for (int i : new int[] {0, 2, 3, 4}) {
      map.remove(chain.get(i));
    }
    assertEquals(0, map.size());
    assertNull(find(104, 7, 200, 9, h));
  }
}
