package io.vigie.api;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evidence of abuse without abuse of evidence: refused and anonymous requests and failed logins are
 * counted per source and per minute, and each source's minute becomes one evidence record (kind
 * {@code refused_requests}) when the minute is over, instead of one record per request. A source
 * that goes over a threshold within the minute raises a notice once: {@code request_flood} (refused
 * requests) or {@code brute_force} (failed logins).
 *
 * <pre>{@code
 * ledger.refused("203.0.113.9", 401, "api");     // from the audit trail
 * ledger.failedLogin("203.0.113.9");             // from the login page
 * ledger.tick();                                 // now and then: writes the minutes that are over
 * }</pre>
 *
 * <p>Memory is bounded: at most {@code sources} sources are counted one by one in a minute, the
 * others together under the source {@code "other"}. Only a status and a route kind are kept: never
 * a path, a query string or a header, so no token reaches the evidence through here.
 */
public final class RefusalLedger {
  /** The kind of the per-minute records. */
  public static final String KIND = "refused_requests";

  static final String OTHER = "other";

  private final EvidenceSink evidence;
  private final NoticeSink notices;
  private final Clock clock;
  private final int floodThreshold;
  private final int bruteForceThreshold;
  private final int maxSources;
  private long minute = Long.MIN_VALUE;
  private final Map<String, Counts> bySource = new LinkedHashMap<>();
  private long recordsWritten;

  /** What one source did in the current minute. */
  private static final class Counts {
    final Map<String, Integer> byStatus = new TreeMap<>();
    int refused;
    int failedLogins;
    boolean floodRaised;
    boolean bruteForceRaised;
  }

  public RefusalLedger(
      EvidenceSink evidence,
      NoticeSink notices,
      Clock clock,
      int floodThreshold,
      int bruteForceThreshold,
      int maxSources) {
    this.evidence = evidence;
    this.notices = notices;
    this.clock = clock;
    this.floodThreshold = floodThreshold;
    this.bruteForceThreshold = bruteForceThreshold;
    this.maxSources = maxSources;
  }

  /**
   * A request answered {@code status} ({@code routeKind}: api, ui, other) without a record of its
   * own.
   */
  public void refused(String source, int status, String routeKind) {
    Raise raise = null;
    synchronized (this) {
      Counts c = counts(source);
      c.byStatus.merge(status + " " + routeKind, 1, Integer::sum);
      if (status >= 400) {
        c.refused++;
        if (c.refused >= floodThreshold && !c.floodRaised) {
          c.floodRaised = true;
          raise =
              new Raise(
                  NoticeType.REQUEST_FLOOD,
                  source,
                  c.refused
                      + " refused requests from "
                      + source
                      + " within a minute (refused_flood_per_minute "
                      + floodThreshold
                      + ")");
        }
      }
    }
    raise(raise);
  }

  /** A failed login from {@code source} (its answer is counted by {@link #refused} as well). */
  public void failedLogin(String source) {
    Raise raise = null;
    synchronized (this) {
      Counts c = counts(source);
      c.failedLogins++;
      if (c.failedLogins >= bruteForceThreshold && !c.bruteForceRaised) {
        c.bruteForceRaised = true;
        raise =
            new Raise(
                NoticeType.BRUTE_FORCE,
                source,
                c.failedLogins
                    + " failed logins from "
                    + source
                    + " within a minute (brute_force_per_minute "
                    + bruteForceThreshold
                    + ")");
      }
    }
    raise(raise);
  }

  /**
   * Writes the minute just ended, if it is over; call it now and then (the API server does every
   * few seconds).
   */
  public void tick() {
    List<EvidenceRecord> out;
    synchronized (this) {
      if (minuteOf(clock.instant()) == minute) {
        return;
      }
      out = drain();
    }
    out.forEach(evidence::append);
  }

  /** Writes what is counted so far, minute over or not (at shutdown). */
  public void flush() {
    List<EvidenceRecord> out;
    synchronized (this) {
      out = drain();
    }
    out.forEach(evidence::append);
  }

  /** Per-minute records written so far. */
  public synchronized long recordsWritten() {
    return recordsWritten;
  }

  private Counts counts(String source) {
    long now = minuteOf(clock.instant());
    if (now != minute) {
      List<EvidenceRecord> done = drain();
      // Appending only queues (EvidenceSink), so doing it under the lock costs no I/O.
      done.forEach(evidence::append);
      minute = now;
    }
    Counts c = bySource.get(source);
    if (c == null) {
      String key = bySource.size() < maxSources ? source : OTHER;
      c = bySource.computeIfAbsent(key, k -> new Counts());
    }
    return c;
  }

  private List<EvidenceRecord> drain() {
    List<EvidenceRecord> out = new ArrayList<>();
    Instant start = Instant.ofEpochSecond(minute * 60);
    for (Map.Entry<String, Counts> e : bySource.entrySet()) {
      Counts c = e.getValue();
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("source", e.getKey());
      f.put("minute", start.toString());
      f.put("by_status", Map.copyOf(c.byStatus));
      f.put("refused", c.refused);
      f.put("failed_logins", c.failedLogins);
      out.add(new EvidenceRecord(KIND, start.getEpochSecond() * 1_000_000_000L, e.getKey(), f));
    }
    recordsWritten += out.size();
    bySource.clear();
    return out;
  }

  private void raise(Raise n) {
    if (n == null) {
      return;
    }
    Instant now = clock.instant();
    long ts = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    notices.onNotice(
        n.type()
            .notice(
                ts,
                NoticeIds.of(n.type().wireName(), n.source(), Long.toString(minuteOf(now))),
                null,
                n.msg(),
                null));
  }

  private static long minuteOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 60);
  }

  private record Raise(NoticeType type, String source, String msg) {}
}
