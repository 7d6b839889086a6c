package io.vigie.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link ProtocolEngine} the way the flow table does: start, payloads until the engine
 * says stop, end. Records the expectations and learnt names.
 */
final class Feeder {
  final List<Expectation> expected = new ArrayList<>();
  final List<String> learnt = new ArrayList<>();
  final ProtocolEngine engine =
      new ProtocolEngine(
          expected::add,
          (v, hi, lo, name, ts) ->
              learnt.add(
                  name
                      + "="
                      + (v == 4 ? ipv4(lo) : Long.toHexString(hi) + ":" + Long.toHexString(lo))));
  private long ts = 1_700_000_000_000_000_000L;
  private final java.util.Set<TestFlow> done =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** Number of payload calls made before the engine said stop. */
  int calls;

  /** The engine said stop for the last flow fed. */
  boolean stopped;

  void start(TestFlow f) {
    engine.onFlowStart(f, ts);
  }

  /** Feeds one payload unless the engine already asked to stop; returns the engine's answer. */
  boolean feed(TestFlow f, boolean fromOrig, byte[] b) {
    if (done.contains(f)) {
      stopped = true;
      return false;
    }
    calls++;
    ts += 1_000_000;
    if (fromOrig) {
      f.origPkts++;
    } else {
      f.respPkts++;
    }
    boolean more = engine.onPayload(f, fromOrig, b, 0, b.length, ts);
    stopped = !more;
    if (!more) {
      done.add(f);
    }
    return more;
  }

  void end(TestFlow f) {
    engine.onFlowEnd(f, ts);
  }

  /** Runs a whole flow: payloads alternate as given by {@code fromOrig[i]}. */
  TestFlow run(TestFlow f, boolean[] fromOrig, byte[]... payloads) {
    start(f);
    for (int i = 0; i < payloads.length; i++) {
      feed(f, fromOrig[i], payloads[i]);
    }
    end(f);
    return f;
  }

  static String ipv4(long lo) {
    return ((lo >> 24) & 0xFF)
        + "."
        + ((lo >> 16) & 0xFF)
        + "."
        + ((lo >> 8) & 0xFF)
        + "."
        + (lo & 0xFF);
  }
}
