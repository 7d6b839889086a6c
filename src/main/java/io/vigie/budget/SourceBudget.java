package io.vigie.budget;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts what each source address holds (connections, pending admissions) against a total and a
 * per-source limit, so that one address cannot take every slot (HAProxy's {@code maxconn} and
 * {@code src_conn_cur}). Checked before any work is done for the connection.
 *
 * <pre>{@code
 * SourceBudget budget = new SourceBudget(256, 32);
 * if (budget.tryAcquire(peer) != SourceBudget.Verdict.OK) { close at once; count; }
 * ...
 * budget.release(peer);          // exactly once per successful tryAcquire
 * }</pre>
 *
 * <p>Thread-safe; one lock around two counters and a map whose size is bounded by the total limit
 * (an address leaves the map when its count drops to zero).
 */
public final class SourceBudget {
  /** The outcome of {@link #tryAcquire}. */
  public enum Verdict {
    OK,
    TOTAL,
    PER_SOURCE;

    /** A stable name for logs and metric labels. */
    public String reason(String what) {
      return switch (this) {
        case OK -> "ok";
        case TOTAL -> "too_many_" + what;
        case PER_SOURCE -> "too_many_" + what + "_per_source";
      };
    }
  }

  private final int total;
  private final int perSource;
  private final Map<InetAddress, Integer> bySource = new HashMap<>();
  private int held;

  public SourceBudget(int total, int perSource) {
    if (total < 1 || perSource < 1) {
      throw new IllegalArgumentException(
          "limits must be positive, were " + total + " and " + perSource);
    }
    this.total = total;
    this.perSource = perSource;
  }

  /** Takes one slot for {@code source}, or says which limit is reached (nothing is taken then). */
  public synchronized Verdict tryAcquire(InetAddress source) {
    if (held >= total) {
      return Verdict.TOTAL;
    }
    int mine = bySource.getOrDefault(source, 0);
    if (mine >= perSource) {
      return Verdict.PER_SOURCE;
    }
    bySource.put(source, mine + 1);
    held++;
    return Verdict.OK;
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  public synchronized void release(InetAddress source) {
    Integer mine = bySource.get(source);
    if (mine == null) {
      throw new IllegalStateException("release without acquire for " + source);
    }
    if (mine == 1) {
      bySource.remove(source);
    } else {
      bySource.put(source, mine - 1);
    }
    held--;
  }

  /** Slots held now, all sources together. */
  public synchronized int held() {
    return held;
  }

  /** Slots held now by {@code source}. */
  public synchronized int heldBy(InetAddress source) {
    return bySource.getOrDefault(source, 0);
  }

  public int total() {
    return total;
  }

  public int perSource() {
    return perSource;
  }
}
