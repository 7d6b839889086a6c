package io.vigie.notice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes a notice on unless one with the same id was passed less than {@code interval} before, in
 * event time (the notices' own {@code tsNanos}, i.e. packet time in replay): Zeek's suppression. A
 * notice earlier than the last one passed (time going backwards, out-of-order sessions) is
 * suppressed when within the interval on either side.
 *
 * <pre>{@code
 * NoticeSink out = new NoticeFilter(Duration.ofMinutes(10), 100_000, evidenceNoticeSink);
 * out.onNotice(n);    // forwarded
 * out.onNotice(n);    // same id 1 s later: suppressed, counted
 * }</pre>
 *
 * <p>It remembers at most {@code maxIds} ids, forgetting the least recently passed first. Not
 * thread-safe: it belongs to the pipeline thread.
 */
public final class NoticeFilter implements NoticeSink {
  private final long intervalNanos;
  private final NoticeSink next;
  private final Map<String, Long> lastPassed;
  private long suppressed;

  public NoticeFilter(java.time.Duration interval, int maxIds, NoticeSink next) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "suppression interval must not be negative, was " + interval);
    }
    if (maxIds < 1) {
      throw new IllegalArgumentException("maxIds must be positive, was " + maxIds);
    }
    this.intervalNanos = interval.toNanos();
    this.next = next;
    this.lastPassed =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > maxIds;
          }
        };
  }

  @Override
  public void onNotice(Notice n) {
    // A repeat is the same fact at the same severity and under the same window. The same change
    // seen again after its window ended comes back at a higher severity: it must not be taken
    // for a repeat of the expected one, or the window would have muted it.
    String key = n.id() + '|' + n.severity() + '|' + n.window();
    Long last = lastPassed.get(key);
    if (last != null && Math.abs(n.tsNanos() - last) < intervalNanos) {
      suppressed++;
      return;
    }
    lastPassed.put(key, n.tsNanos());
    next.onNotice(n);
  }

  /** Notices suppressed so far. */
  public long suppressed() {
    return suppressed;
  }
}
