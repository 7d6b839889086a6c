package io.vigie.decode;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts skipped frames by reason. Owned by the pipeline thread; read by others through {@link
 * #snapshot()}, which may be a little behind but never torn per counter.
 */
public final class DecodeCounters {
  private final long[] counts = new long[Malformed.values().length];

  public void count(Malformed reason) {
    counts[reason.ordinal()]++;
  }

  public long get(Malformed reason) {
    return counts[reason.ordinal()];
  }

  /** Frames skipped as malformed, not counting {@link Malformed#NOT_IP}. */
  public long malformedTotal() {
    long total = 0;
    for (Malformed m : Malformed.values()) {
      if (m != Malformed.NOT_IP) {
        total += counts[m.ordinal()];
      }
    }
    return total;
  }

  /** Non-zero counters, in enum order. */
  public Map<Malformed, Long> snapshot() {
    Map<Malformed, Long> out = new EnumMap<>(Malformed.class);
    for (Malformed m : Malformed.values()) {
      long c = counts[m.ordinal()];
      if (c != 0) {
        out.put(m, c);
      }
    }
    return out;
  }
}
