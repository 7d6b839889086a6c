package io.vigie.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate's connections: those live now, counted per window for the limit, and the recent outbound
 * legs (gate address and port to target), so that the wire sessions the gate itself made into the
 * video network can be told from vendor traffic that went around it.
 *
 * <pre>{@code
 * boolean fromGate = gateSessions.relayed(s.origH(), s.origP(), s.respH(), s.respP());
 * }</pre>
 */
public final class GateSessions {
  /** One outbound leg of a relayed connection, as the capture will see it. */
  public record Leg(
      String gateH, int gateP, String targetH, int targetP, String window, String identity) {}

  private final int maxPerWindow;
  private final int maxRecent;
  private final Set<GateConnection> live = ConcurrentHashMap.newKeySet();
  private final Map<String, Leg> recent;

  /**
   * @param maxPerWindow live connections one window may have
   * @param maxRecent outbound legs remembered for the bypass check (oldest forgotten first)
   */
  public GateSessions(int maxPerWindow, int maxRecent) {
    this.maxPerWindow = maxPerWindow;
    this.maxRecent = maxRecent;
    this.recent =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Leg> e) {
            return size() > GateSessions.this.maxRecent;
          }
        };
  }

  /** Adds the connection unless its window has reached the limit. */
  synchronized boolean tryAdd(GateConnection c) {
    int n = 0;
    for (GateConnection o : live) {
      if (o.window().equals(c.window())) {
        n++;
      }
    }
    if (n >= maxPerWindow) {
      return false;
    }
    live.add(c);
    return true;
  }

  void remove(GateConnection c) {
    live.remove(c);
  }

  synchronized void recordLeg(Leg leg) {
    recent.put(key(leg.gateH(), leg.gateP(), leg.targetH(), leg.targetP()), leg);
  }

  /** Live connections, for the window enforcer and for tests. */
  public List<GateConnection> live() {
    return new ArrayList<>(live);
  }

  public int liveCount() {
    return live.size();
  }

  /** The gate's outbound leg with this 5-tuple (TCP, either orientation), if it made one. */
  public synchronized Leg leg(String origH, int origP, String respH, int respP) {
    Leg l = recent.get(key(origH, origP, respH, respP));
    return l != null ? l : recent.get(key(respH, respP, origH, origP));
  }

  public boolean relayed(String origH, int origP, String respH, int respP) {
    return leg(origH, origP, respH, respP) != null;
  }

  private static String key(String h1, int p1, String h2, int p2) {
    return h1 + "|" + p1 + "|" + h2 + "|" + p2;
  }
}
